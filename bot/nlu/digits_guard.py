""""4 số cuối là 5678" gives the phone digits a dossier lookup asked for; "em bị sốt 39 độ" does not.

The classifier learnt `give_phone_digits` from short messages that are mostly a number, so any number pulls
toward it. Without a group of exactly four digits the message cannot be that answer: the classifier's next
guess is taken instead, with its own confidence, so that the fallback threshold after this component still
applies to it.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

DIGITS_INTENT = "give_phone_digits"
FOUR_DIGITS = re.compile(r"(?<!\d)\d{4}(?!\d)")


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class PhoneDigitsGuard(GraphComponent):
    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> PhoneDigitsGuard:
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            intent = message.get(INTENT) or {}
            if intent.get("name") != DIGITS_INTENT or text.startswith("/") or FOUR_DIGITS.search(text):
                continue
            ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != DIGITS_INTENT]
            if not ranking:
                continue
            message.set(INTENT, dict(ranking[0]), add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
