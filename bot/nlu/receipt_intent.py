"""A message that carries a dossier receipt number (or a try at one) is a status lookup, whatever the classifier
guessed.

Residents paste a number alone, inside a sentence, after an SMS-style "TRACUU"
or behind an old district prefix ("QUAN2_<mã>"); the number's shape is certain
(Circular 01/2018/TT-VPCP), the classifier's guess on such text is not. The
number found is also set as the `receipt_number` entity, normalised
(upper-case, spaces around dashes removed), so the action gets one clean value;
a malformed try ("38.98.H29-2105-13") still goes to the lookup, which explains the format.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.intent_override import override_intent
from vietnamese_text.receipt_numbers import find_receipt_numbers, looks_like_receipt_attempt

LOOKUP_INTENT = "check_dossier"
# Intents that legitimately carry a receipt number and must not be turned into a lookup.
KEPT_INTENTS = ("subscribe_dossier", "unsubscribe_dossier")
ENTITY = "receipt_number"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ReceiptNumberIntent(GraphComponent):
    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> ReceiptNumberIntent:
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            numbers = find_receipt_numbers(text)
            if not numbers and not looks_like_receipt_attempt(text):
                continue
            intent = (message.get(INTENT) or {}).get("name")
            if intent not in KEPT_INTENTS:
                override_intent(message, LOOKUP_INTENT)
            entities = [e for e in message.get(ENTITIES) or [] if e.get("entity") != ENTITY]
            if numbers:
                entities.append({"entity": ENTITY, "value": numbers[0], "start": 0, "end": 0,
                                 "extractor": type(self).__name__})
            message.set(ENTITIES, entities, add_to_output=True)
        return messages
