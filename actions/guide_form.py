"""The Rasa side of the guides: `guide_form` opens a guide (or resumes it), its validator moves through it.

While a guide is open every message goes to the validator. A tapped menu item,
or a question the guide does not understand and the NLU is sure belongs
elsewhere ("làm hộ chiếu ở đâu"), sets the guide aside (its progress is kept)
and is answered by that feature's action, run here in the same turn: a
FollowupAction after a form leaves Rasa's policies without a rule to continue.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.coming_soon import ActionTalkToStaff
from actions.conversation import language_of, translator
from actions.dossier_status import ActionCheckDossier
from actions.guide_steps import current, move, resume_messages, start, understands
from actions.procedure_answers import ActionAnswerProcedure
from actions.report_status import ActionCheckReport
from actions.small_talk import ActionGreet, ActionMenu
from knowledge.guides import guide as find_guide

PROGRESS, ANSWER = "guide_progress", "guide_answer"
GUIDE_OF_INTENT = {"guide_vneid": "vneid_level2", "guide_digital_signature": "digital_signature"}
# Other features a resident may turn to in the middle of a guide, and the action that answers them.
ELSEWHERE = {"menu": ActionMenu, "greet": ActionGreet, "talk_to_staff": ActionTalkToStaff,
             "check_dossier": ActionCheckDossier, "check_report": ActionCheckReport,
             "ask_procedure": ActionAnswerProcedure}
SURE = 0.9


def _intent(tracker: Tracker) -> tuple[Optional[str], float]:
    intent = (tracker.latest_message or {}).get("intent") or {}
    return intent.get("name"), float(intent.get("confidence") or 0)


def _wanted_guide(tracker: Tracker, progress: Optional[Dict[str, Any]]) -> Optional[str]:
    name, _ = _intent(tracker)
    entity = next(tracker.get_latest_entity_values("guide_id"), None)
    wanted = GUIDE_OF_INTENT.get(name) or entity or (progress or {}).get("guide")
    return wanted if wanted and find_guide(wanted) else None


def _say(dispatcher: CollectingDispatcher, messages) -> None:
    for text, buttons in messages:
        dispatcher.utter_message(text=text, buttons=buttons)


def _choose_guide(_) -> tuple:
    return (_("Bạn muốn làm theo hướng dẫn nào?"),
            [{"title": _("Hướng dẫn VNeID mức 2"), "payload": "/guide_vneid"},
             {"title": _("Chữ ký số cá nhân"), "payload": "/guide_digital_signature"}])


class ActionAskGuideAnswer(Action):
    """Runs when the form wants the next message: on opening, shows the start (or where the resident stopped)."""

    def name(self) -> Text:
        return "action_ask_guide_answer"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[Dict[str, Any]]:
        progress = dict(tracker.get_slot(PROGRESS) or {}) or None
        if progress and progress.pop("answered", False):  # the validator already showed what comes next
            return [SlotSet(PROGRESS, progress)]
        language = language_of(tracker)
        wanted = _wanted_guide(tracker, progress)
        if wanted is None:
            _say(dispatcher, [_choose_guide(translator(tracker))])
            return [SlotSet(PROGRESS, {"guide": None})]
        if progress and progress.get("guide") == wanted:
            _say(dispatcher, resume_messages(progress, language))
            return [SlotSet(PROGRESS, progress)]
        progress = start(find_guide(wanted))
        _say(dispatcher, current(progress, language))
        return [SlotSet(PROGRESS, progress)]


class ValidateGuideForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_guide_form"

    def validate_guide_answer(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: DomainDict) -> Dict[Text, Any]:
        language = language_of(tracker)
        progress = dict(tracker.get_slot(PROGRESS) or {})
        text = (tracker.latest_message or {}).get("text") or ""
        name, confidence = _intent(tracker)
        switch_to = GUIDE_OF_INTENT.get(name) if (text.startswith("/") or confidence >= SURE) else None
        if not progress.get("guide") or (switch_to and switch_to != progress.get("guide")):
            if switch_to is None:
                _say(dispatcher, [_choose_guide(translator(tracker))])
                return {ANSWER: None, PROGRESS: progress}
            progress = start(find_guide(switch_to))
            _say(dispatcher, current(progress, language))
            return {ANSWER: None, PROGRESS: {**progress, "answered": True}}
        if name in ELSEWHERE and (text.startswith("/") or (confidence >= SURE and not understands(progress, text))):
            events = ELSEWHERE[name]().run(dispatcher, tracker, domain)
            slots = {event["name"]: event["value"] for event in events if event.get("event") == "slot"}
            return {**slots, ANSWER: "elsewhere", PROGRESS: progress}
        outcome = move(progress, text, language)
        _say(dispatcher, outcome.messages)
        if outcome.closed:
            return {ANSWER: outcome.closed, PROGRESS: outcome.progress}
        return {ANSWER: None, PROGRESS: {**outcome.progress, "answered": True}}


class ActionGuideFinished(Action):
    """After the form: empty the answer so that the next guide asks again (the progress stays for resuming)."""

    def name(self) -> Text:
        return "action_guide_finished"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[Dict[str, Any]]:
        return [SlotSet(ANSWER, None)]
