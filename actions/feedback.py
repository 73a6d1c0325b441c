"""Store the rating a resident taps (👍/👎 under an answer, 1-5 after a closed report or a handoff) and thank them.

The buttons send `/rate_answer{"rating": "up", "procedure_code": "1.004194"}` or
`/rate_answer{"rating": "4", "case": "PA-251120-0031"}`. A rating typed in words
("trả lời hay quá") carries no such entities: it is thanked but not stored.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import translator
from actions.procedure_answers import followed_up_in_context
from feedback.service import rate_answer, rate_case
from storage.database import session_scope


class ActionRateAnswer(Action):
    def name(self) -> Text:
        return "action_rate_answer"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[Dict[str, Any]]:
        _ = translator(tracker)
        stored = _store(tracker)
        taken = followed_up_in_context(tracker) if stored is None else None
        if taken:  # "le phi tinh sao" after an answer asks about its fee, whatever the classifier read
            return taken
        if stored is False:
            dispatcher.utter_message(text=_("Xin lỗi, tôi không ghi nhận được đánh giá này."))
        else:
            dispatcher.utter_message(text=_("Cảm ơn bạn đã góp ý! Ý kiến của bạn giúp chúng tôi trả lời tốt hơn."))
        return []


def _store(tracker: Tracker) -> bool | None:
    """True when stored, False when refused, None when the message carried nothing to store."""
    rating = _entity(tracker, "rating")
    case, code = _entity(tracker, "case"), _entity(tracker, "procedure_code")
    if not rating or not (case or code):
        return None
    with session_scope() as session:
        if case:
            return rate_case(session, tracker.sender_id, case, rating)
        return rate_answer(session, tracker.sender_id, code, rating)


def _entity(tracker: Tracker, name: str) -> str:
    return str(next(tracker.get_latest_entity_values(name), None) or "")
