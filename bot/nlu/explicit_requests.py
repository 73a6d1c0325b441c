"""An explicit request for a person ("cho gặp người thật", "Kính đề nghị chuyển đến cán bộ phụ trách") is a
handoff, a request for the bot again ("quay lại trợ lý ảo") a greeting, a question about when somebody comes to
deal with an issue ("mấy bữa thì có người xuống coi") a question about a report, a request to be answered in
a language ("can we switch back to Vietnamese?") a change of language, and a request to get a personal digital
signature ("chưa có cks, vneid mức 2 r … chỉ e làm chữ ký số") its guide, whatever the classifier guessed.

The classifier learns intents from how residents usually phrase them; these two requests are rare, formal or
mixed into a report ("em muốn nói chuyện với cán bộ phường"), and a resident who asked for staff must never be
answered with a procedure list instead (vietnamese_text.handoff_words reads them).
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.intent_override import override_intent
from vietnamese_text.guide_words import asks_for_a_signature
from vietnamese_text.handoff_words import asks_for_staff, asks_for_the_bot, asks_when_handled
from vietnamese_text.language import language_asked_for

STAFF_INTENT, BOT_INTENT, SIGNATURE_INTENT = "talk_to_staff", "greet", "guide_digital_signature"
FOLLOW_REPORT_INTENT = "check_report"  # "mấy bữa thì có người xuống coi", "khi nào có người xuống sửa vậy ad"
LANGUAGE_INTENT = "change_language"  # "Ok, can we switch back to Vietnamese? Cảm ơn bạn nhiều."
# intents a signature request keeps: a guide already chosen, or a problem or a step told inside it
_GUIDE_INTENTS = frozenset({SIGNATURE_INTENT, "continue_guide", "guide_vneid"})


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ExplicitRequestIntent(GraphComponent):
    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> ExplicitRequestIntent:
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if text.startswith("/"):
                continue  # a button's payload names its intent
            intent = BOT_INTENT if asks_for_the_bot(text) else STAFF_INTENT if asks_for_staff(text) \
                else FOLLOW_REPORT_INTENT if asks_when_handled(text) \
                else LANGUAGE_INTENT if language_asked_for(text) else None
            if intent is None and asks_for_a_signature(text) \
                    and (message.get(INTENT) or {}).get("name") not in _GUIDE_INTENTS:
                intent = SIGNATURE_INTENT
            if intent is None:
                continue
            override_intent(message, intent)
        return messages
