"""Questions for another feature asked while a form (report, guide) is open.

Forms take every message, so a tapped menu item, or a question the form cannot
use and the NLU is sure belongs elsewhere ("làm hộ chiếu ở đâu"), is answered
here, in the same turn, by that feature's action; the form is set aside (its
draft or progress kept). A FollowupAction after a form would leave Rasa's
policies without a rule to continue the conversation.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.dossier_status import ActionCheckDossier
from actions.handoff import ActionTalkToStaff
from actions.procedure_answers import ActionAnswerProcedure
from actions.report_status import ActionCheckReport
from actions.small_talk import ActionGreet, ActionMenu, ActionThank
from vietnamese_text.handoff_words import asks_for_staff

ACTIONS = {"menu": ActionMenu, "greet": ActionGreet, "thank": ActionThank, "talk_to_staff": ActionTalkToStaff,
           "check_dossier": ActionCheckDossier, "check_report": ActionCheckReport,
           "ask_procedure": ActionAnswerProcedure}
SURE = 0.9


def intent_of(tracker: Tracker) -> tuple[Optional[str], float]:
    intent = (tracker.latest_message or {}).get("intent") or {}
    return intent.get("name"), float(intent.get("confidence") or 0)


def belongs_elsewhere(tracker: Tracker, form_understands: Callable[[str], bool]) -> bool:
    """A payload of another feature, an explicit request for staff, or typed text the form cannot use that the
    NLU is sure about."""
    name, confidence = intent_of(tracker)
    if name not in ACTIONS:
        return False
    text = (tracker.latest_message or {}).get("text") or ""
    if name == "talk_to_staff" and asks_for_staff(text):
        return True  # "em muốn nói chuyện với cán bộ phường" mid-report: whatever else the words could fill
    return text.startswith("/") or (confidence >= SURE and not form_understands(text))


def answer_elsewhere(dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> Dict[str, Any]:
    """Run the other feature's action on this message; the slots it set, for the form validator to return."""
    name, _ = intent_of(tracker)
    events = ACTIONS[name]().run(dispatcher, tracker, domain)
    return {event["name"]: event["value"] for event in events if event.get("event") == "slot"}
