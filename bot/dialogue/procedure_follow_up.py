"""A question about a part of the procedure just answered goes back to that procedure, whatever NLU guessed.

After "đăng ký khai sinh" is answered, residents ask "mỗi bản bao nhiêu tiền", "bé có phải đi theo không",
"làm trên VNeID được hông": phrasings the intent classifier reads as a dossier lookup, a greeting or the
VNeID guide, because the message alone names no procedure. The dialogue state knows better: a procedure
is in context (`last_procedure_code`, set only by action_answer_procedure) and the message asks about an
aspect of one (fee, time, where, documents, online...). Then this policy runs action_answer_procedure,
which decides with search whether the question follows up or names a new procedure
(knowledge/follow_up.py). It stands aside inside a form or guide, for button payloads, and for intents
that carry their own request (a receipt number, staff, language, a report code...). "Bao nhiêu tiền"
without a receipt number is no dossier lookup, whatever the classifier says.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_LISTEN_NAME, FOLLOWUP_ACTION
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from knowledge.question_aspects import detect_aspects

ANSWER_ACTION = "action_answer_procedure"
CONTEXT_SLOT = "last_procedure_code"
# Intents that carry their own request: the resident meant them even in a procedure conversation.
OWN_REQUEST_INTENTS = frozenset({"talk_to_staff", "change_language", "check_report", "continue_guide", "rate_answer",
                                 "ask_procedure"})
# Dossier intents count only while a dossier is being discussed (more recently than the procedure); "mỗi bản bao
# nhiêu tiền" after a procedure answer is read as a subscription by the classifier, never by a resident.
DOSSIER_INTENTS = frozenset({"check_dossier", "subscribe_dossier", "unsubscribe_dossier", "give_phone_digits"})
DOSSIER_SLOT = "dossier_receipt"
# A dossier request without a receipt number, in a procedure conversation, is a question about the procedure.
DOSSIER_REQUESTS = DOSSIER_INTENTS - {"give_phone_digits"}
# A procedure stays in context for this many resident messages after it was answered.
CONTEXT_TURNS = 4


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False)
class ProcedureFollowUpPolicy(Policy):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"priority": 7}  # above RulePolicy (4): a follow-up overrides the rule for the misread intent

    def train(self, training_trackers: List[TrackerWithCachedStates], domain: Domain, **kwargs: Any) -> Resource:
        return self._resource

    def predict_action_probabilities(self, tracker: DialogueStateTracker, domain: Domain,
                                     rule_only_data: Optional[Dict[str, Any]] = None,
                                     **kwargs: Any) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        action = self._action(tracker)
        if action:
            probabilities[domain.index_for_action(action)] = 1.0
        return self._prediction(probabilities)

    def _action(self, tracker: DialogueStateTracker) -> Optional[str]:
        latest = tracker.latest_action_name
        if latest == ANSWER_ACTION and self._ran_it_last(tracker):
            return ACTION_LISTEN_NAME  # the answer is given (also when the fallback passed the question on): wait
        if latest != ACTION_LISTEN_NAME or tracker.active_loop_name:
            return None
        message = tracker.latest_message
        text = (message.text or "") if message else ""
        if not text or text.startswith("/") or message.intent.get("name") in OWN_REQUEST_INTENTS:
            return None
        if any(entity.get("entity") == "receipt_number" for entity in message.entities):
            return None  # a receipt number: a dossier lookup, however it is asked
        if message.intent.get("name") in DOSSIER_INTENTS and _latest_context(tracker) == DOSSIER_SLOT:
            return None
        if not tracker.get_slot(CONTEXT_SLOT):
            return None
        latest_context = _latest_context(tracker)
        if latest_context != CONTEXT_SLOT:
            return None
        if detect_aspects(text) or message.intent.get("name") in DOSSIER_REQUESTS:
            return ANSWER_ACTION  # no receipt number, no dossier discussed: "báo xong rồi thì làm hộ chiếu mới"
        return None

    def _ran_it_last(self, tracker: DialogueStateTracker) -> bool:
        last = next((e for e in reversed(tracker.events) if isinstance(e, ActionExecuted)), None)
        return bool(last and last.policy and (last.policy.endswith(self.__class__.__name__)
                                              or last.policy == FOLLOWUP_ACTION))


def _latest_context(tracker: DialogueStateTracker) -> Optional[str]:
    """Which was set last within the last CONTEXT_TURNS resident messages: the procedure or the dossier slot."""
    user_messages = 0
    for event in reversed(tracker.events):
        if isinstance(event, SlotSet) and event.key in (CONTEXT_SLOT, DOSSIER_SLOT) and event.value:
            return event.key
        if isinstance(event, UserUttered):
            user_messages += 1
            if user_messages > CONTEXT_TURNS:
                return None
    return None

