"""The Rasa side of the guides: `guide_form` opens a guide (or resumes it), its validator moves through it.

While a guide is open every message goes to the validator; questions for other
features set the guide aside, its progress kept (`actions.elsewhere`).
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import language_of, main_menu_buttons, translator, user_text
from actions.elsewhere import ACTIONS as ELSEWHERE_ACTIONS
from actions.elsewhere import SURE, answer_elsewhere, belongs_elsewhere, intent_of
from actions.guide_steps import (
    move,
    opening_with_trouble,
    resume_messages,
    start,
    stopped_text,
    tells_a_problem,
    understands,
)
from actions.procedure_answers import PROCEDURE_SLOT, answer_asked_aspects
from knowledge.guides import guide as find_guide
from knowledge.question_aspects import detect_aspects
from knowledge.service import knowledge_base
from vietnamese_text.guide_words import SIGNATURE_WORDS
from vietnamese_text.normalize import match_key

PROGRESS, ANSWER = "guide_progress", "guide_answer"
GUIDE_TELLS = frozenset({"steps"})  # "kích hoạt vneid làm sao": the guide is the answer to "how"
GUIDE_OF_INTENT = {"guide_vneid": "vneid_level2", "guide_digital_signature": "digital_signature"}


def _guide_of_intent(name: Optional[str], text: str) -> Optional[str]:
    wanted = GUIDE_OF_INTENT.get(name or "")
    return "digital_signature" if wanted == "vneid_level2" and SIGNATURE_WORDS.search(match_key(text)) else wanted


def _wanted_guide(tracker: Tracker, progress: Optional[Dict[str, Any]]) -> Optional[str]:
    """The guide asked for, the one in progress, or the one that walks through the procedure just answered ("ok
    vậy làm tiếp sao ad" after the answer about 3.000228 is the VNeID guide)."""
    name, _ = intent_of(tracker)
    entity = next(tracker.get_latest_entity_values("guide_id"), None)
    wanted = _guide_of_intent(name, user_text(tracker)) or entity or (progress or {}).get("guide") \
        or _guide_of_procedure(tracker.get_slot(PROCEDURE_SLOT))
    return wanted if wanted and find_guide(wanted) else None


def _guide_of_procedure(code: Optional[str]) -> Optional[str]:
    return next((guide_id for guide_id in GUIDE_OF_INTENT.values() if code and find_guide(guide_id).procedure == code),
                None)


# What a procedure question asks ("làm thẻ căn cước mới ở đâu, giấy tờ gì, mất bao lâu"): words a guide answer may
# hold ("căn cước mới") do not make it an answer
_PROCEDURE_QUESTION = frozenset({"documents", "fee", "time", "where"})


def _asks_about_papers(text: str) -> bool:
    return len(detect_aspects(text) & _PROCEDURE_QUESTION) >= 2


def _procedure_asked_about(progress: Dict[str, Any], text: str) -> Optional[str]:
    """The guide's procedure, when the text asks about a part of it (its fee, where, how long) and is no answer,
    step or problem the guide knows."""
    code = find_guide(progress["guide"]).procedure
    asks = bool(code) and bool(detect_aspects(text) - GUIDE_TELLS) and not understands(progress, text) \
        and not tells_a_problem(progress, text)
    return code if asks else None


def _say(dispatcher: CollectingDispatcher, messages) -> None:
    for text, buttons in messages:
        dispatcher.utter_message(text=text, buttons=buttons)


def _choose_guide(_) -> tuple:
    return (_("Bạn muốn làm theo hướng dẫn nào?"),
            [{"title": _("Hướng dẫn VNeID mức 2"), "payload": "/guide_vneid"},
             {"title": _("Chữ ký số cá nhân"), "payload": "/guide_digital_signature"}])


def _procedure_in_context(guide_id: str) -> List[Dict[str, Any]]:
    """The guide's catalogue procedure becomes the conversation's procedure: "lên công an phường mang theo gì"
    asked in the VNeID guide is answered from 3.000228 (`knowledge.follow_up`), not with a list of choices."""
    code = find_guide(guide_id).procedure
    return [SlotSet(PROCEDURE_SLOT, code)] if code else []


def _answered_about_the_guide(progress: Dict[str, Any], slots: Dict[str, Any]) -> bool:
    """A procedure question asked in a guide was answered (not offered choices) about the guide's procedure."""
    code = find_guide(progress["guide"]).procedure
    return bool(code) and slots.get(PROCEDURE_SLOT) == code


def _open(dispatcher: CollectingDispatcher, tracker: Tracker, progress: Dict[str, Any], language: str) -> None:
    """A guide's first messages; a question asked with the request ("định danh mức 2 bao lâu thì có", "… ở đâu")
    is answered first from the guide's procedure, a problem told with it gets its fix first."""
    code = find_guide(progress["guide"]).procedure
    record = knowledge_base().procedure(code) if code else None
    answer_asked_aspects(dispatcher, tracker, record, but=GUIDE_TELLS)
    _say(dispatcher, opening_with_trouble(progress, (tracker.latest_message or {}).get("text") or "", language,
                                          record["name"] if record else None))


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
        progress = start(find_guide(wanted), user_text(tracker))
        _open(dispatcher, tracker, progress, language)
        return [SlotSet(PROGRESS, progress), *_procedure_in_context(wanted)]


class ValidateGuideForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_guide_form"

    def validate_guide_answer(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: DomainDict) -> Dict[Text, Any]:
        language = language_of(tracker)
        progress = dict(tracker.get_slot(PROGRESS) or {})
        text = (tracker.latest_message or {}).get("text") or ""
        name, confidence = intent_of(tracker)
        switch_to = _guide_of_intent(name, text) if (text.startswith("/") or confidence >= SURE) else None
        if switch_to and progress.get("guide") and not text.startswith("/") and understands(progress, text):
            switch_to = None  # "có vneid mức 2 rồi" answers the signature guide's question, asks for no other guide
        if not progress.get("guide") or (switch_to and switch_to != progress.get("guide")):
            switch_to = switch_to or _guide_of_intent(name, text)  # none open: any guide named is the one chosen
            if switch_to is None:  # "which guide?" not answered with one: the message goes on elsewhere, no loop
                return _no_guide_chosen(dispatcher, tracker, domain, progress)
            progress = start(find_guide(switch_to), text)
            _open(dispatcher, tracker, progress, language)
            return {ANSWER: None, PROGRESS: {**progress, "answered": True},
                    **{event["name"]: event["value"] for event in _procedure_in_context(switch_to)}}
        if belongs_elsewhere(tracker, lambda typed: understands(progress, typed) and not _asks_about_papers(typed)):
            first_answer = len(dispatcher.messages)
            slots = answer_elsewhere(dispatcher, tracker, domain)
            if _answered_about_the_guide(progress, slots):
                # "vậy lên công an phường mang theo gì": answered from the guide's own procedure, and the resident
                # is still in the guide, shown where it stands
                _say(dispatcher, resume_messages(progress, language))
                return {**slots, ANSWER: None, PROGRESS: {**progress, "answered": True}}
            if progress.get("phase"):  # "để đó lát làm, hỏi vụ hộ khẩu cái": the guide waits, and says so first
                dispatcher.utter_message(text=stopped_text(progress, language))
                dispatcher.messages.insert(first_answer, dispatcher.messages.pop())
            return {**slots, ANSWER: "elsewhere", PROGRESS: progress}
        code = _procedure_asked_about(progress, text)
        # "có tốn phí gì ko ad" in the VNeID guide: answered from the guide's procedure, then where it stands
        if code and answer_asked_aspects(dispatcher, tracker, knowledge_base().procedure(code), but=GUIDE_TELLS):
            _say(dispatcher, resume_messages(progress, language))
            return {ANSWER: None, PROGRESS: {**progress, "answered": True}}
        outcome = move(progress, text, language)
        _say(dispatcher, outcome.messages)
        if outcome.closed:
            return {ANSWER: outcome.closed, PROGRESS: outcome.progress}
        return {ANSWER: None, PROGRESS: {**outcome.progress, "answered": True}}


def _no_guide_chosen(dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict,
                     progress: Dict[str, Any]) -> Dict[Text, Any]:
    """Asked "which guide?" (a resume with nothing to resume), the resident wrote something else: a question for
    another feature is answered by it ("làm căn cước cần gì"); "thôi", "hủy" or anything else closes the question
    with the menu, so that it is never asked in a loop."""
    if intent_of(tracker)[0] in ELSEWHERE_ACTIONS:
        return {**answer_elsewhere(dispatcher, tracker, domain), ANSWER: "elsewhere", PROGRESS: progress}
    _ = translator(tracker)
    dispatcher.utter_message(text=_("Vâng. Bạn cần tôi giúp gì thì chọn bên dưới hoặc nhắn cho tôi nhé."),
                             buttons=main_menu_buttons(_))
    return {ANSWER: "stopped", PROGRESS: progress}


class ActionGuideFinished(Action):
    """After the form: empty the answer so that the next guide asks again (the progress stays for resuming)."""

    def name(self) -> Text:
        return "action_guide_finished"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[Dict[str, Any]]:
        return [SlotSet(ANSWER, None)]
