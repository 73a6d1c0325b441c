"""The Rasa side of the report conversation: the form's question, its validator and its end.

`report_form` has one required slot, `report_answer`, filled from every message
while the form is open; the validator hands it to `actions.report_steps` and
empties it again until the report is filed, followed, cancelled or paused.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import language_of, main_menu_buttons, translator
from actions.elsewhere import ACTIONS as ELSEWHERE
from actions.elsewhere import answer_elsewhere, belongs_elsewhere, intent_of
from actions.report_steps import (
    CONFIRMS,
    Answer,
    answer,
    goes_on_with,
    new_draft,
    next_step,
    take_side_facts,
    understands,
)
from actions.report_text import ACKNOWLEDGED, note_text, question
from actions.way_out import way_out_buttons
from storage.database import session_scope
from urban_reports.service import report_by_code
from urban_reports.unit_names import unit_label
from urban_reports.working_time import format_deadline
from vietnamese_text.replies import Reply, asks_after_pausing

DRAFT, ANSWER = "report_draft", "report_answer"
MEDIA_DIR = Path(os.environ.get("MEDIA_DIR", Path(__file__).resolve().parent.parent / "var" / "media"))


def _answer_from(tracker: Tracker) -> Answer:
    message = tracker.latest_message or {}
    metadata = message.get("metadata") or {}
    location = metadata.get("location")
    return Answer(text=message.get("text") or "",
                  entities={e["entity"]: e["value"] for e in message.get("entities") or []},
                  location=(location["latitude"], location["longitude"]) if location else None,
                  image_url=metadata.get("image_url"))


class ActionAskReportAnswer(Action):
    """Asks for what the report still needs; the first time, starts the draft from the opening message."""

    def name(self) -> Text:
        return "action_ask_report_answer"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[Dict[str, Any]]:
        _, language = translator(tracker), language_of(tracker)
        draft = tracker.get_slot(DRAFT)
        if not draft:
            with session_scope() as session:
                outcome = new_draft(_answer_from(tracker), MEDIA_DIR, session)
            draft = outcome.draft
            for note in outcome.notes:
                dispatcher.utter_message(text=note_text(note, _))
        elif draft.get("paused") and goes_on_with(draft, _answer_from(tracker).text):
            draft = {**draft, "paused": False}
            take_side_facts(draft, _answer_from(tracker).text)  # "…, không gửi ảnh nữa": taken with the resume
            dispatcher.utter_message(text=note_text("resumed", _))
        elif draft.get("paused"):
            draft = {**draft, "paused": False, "offered_resume": True}
            text, buttons = question("resume", draft, _, language)
            dispatcher.utter_message(text=text, buttons=buttons)
            return [SlotSet(DRAFT, draft)]
        text, buttons = question(next_step(draft), draft, _, language)
        # what was just taken besides an answer ("k chụp hình" when asked where, a corrected place) opens the
        # message of the question still open, so the question never comes alone twice in a row
        acknowledged = [note_text(note, _, draft, language) for note in draft.get("noted", [])]
        text = " ".join([*filter(None, acknowledged), text])
        dispatcher.utter_message(text=text, buttons=buttons)
        return [SlotSet(DRAFT, {k: v for k, v in draft.items() if k != "noted"})]


class ValidateReportForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_report_form"

    def validate_report_answer(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: DomainDict) -> Dict[Text, Any]:
        _, language = translator(tracker), language_of(tracker)
        draft = dict(tracker.get_slot(DRAFT) or {})
        reply = _answer_from(tracker)
        if draft.pop("offered_resume", False):
            if reply.said not in (*CONFIRMS, Reply.RESUME) and "gui tiep" not in reply.key \
                    and not goes_on_with(draft, reply.text):
                draft = new_draft(Answer(""), MEDIA_DIR).draft
            else:
                take_side_facts(draft, reply.text)  # "ko có hình, sđt ko để": the paused report's answers
            return {ANSWER: None, DRAFT: draft}
        if belongs_elsewhere(tracker, lambda text: understands(draft, text)):
            dispatcher.utter_message(text=note_text("paused", _))
            return {**answer_elsewhere(dispatcher, tracker, domain), ANSWER: "paused", DRAFT: {**draft, "paused": True}}
        with session_scope() as session:
            outcome = answer(session, draft, reply, tracker.sender_id, language, MEDIA_DIR)
            filed = report_by_code(session, outcome.report_code) if outcome.closed == "filed" else None
            if filed is not None:
                dispatcher.utter_message(text=_("Đã gửi phản ánh. Mã theo dõi: {code}. Đơn vị xử lý: {unit}. "
                                                "Thời hạn phản hồi: {deadline}.").format(
                    code=filed.code, unit=unit_label(filed.handling_unit, language),
                    deadline=format_deadline(filed.deadline_at, language)))
        for note in outcome.notes:
            if note == "followed":
                dispatcher.utter_message(text=_("Bạn đã theo dõi phản ánh {code}. Khi có kết quả, tôi sẽ nhắn bạn tại "
                                                "đây.").format(code=outcome.report_code))
            elif note == "cancelled":
                dispatcher.utter_message(text=note_text(note, _), buttons=main_menu_buttons(_))
            elif note == "stuck":
                dispatcher.utter_message(text=note_text(note, _), buttons=way_out_buttons(_, _("Hủy phản ánh")))
            elif note in ACKNOWLEDGED and outcome.closed is None:
                outcome.draft["noted"] = [*outcome.draft.get("noted", []), note]  # said with the next question
            elif note != "filed":
                dispatcher.utter_message(text=note_text(note, _, outcome.draft, language))
        if outcome.closed == "paused" and asks_after_pausing(reply.text) and intent_of(tracker)[0] in ELSEWHERE:
            # "Khoan, tạm dừng phản ánh chút. Cho hỏi xin phép sửa nhà thì mất mấy ngày?": paused, and answered
            return {**answer_elsewhere(dispatcher, tracker, domain), ANSWER: "paused", DRAFT: outcome.draft}
        if outcome.closed:
            return {ANSWER: outcome.closed, DRAFT: outcome.draft if outcome.closed == "paused" else None}
        return {ANSWER: None, DRAFT: outcome.draft}


class ActionReportFinished(Action):
    """After the form: empty the answer so the next report asks again (the draft was settled by the validator)."""

    def name(self) -> Text:
        return "action_report_finished"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[Dict[str, Any]]:
        return [SlotSet(ANSWER, None)]
