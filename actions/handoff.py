"""Hand the conversation to staff: when the resident asks for a person, or the bot fails twice in a row.

The handoff carries a summary for staff (recent questions, masked by `open_handoff`, the
procedure, receipt number and report codes of the conversation). From then on the channels
keep the resident's messages for staff instead of asking the bot (`handoff.service.route_inbound`), until
the resident taps "Quay lại trợ lý tự động" or asks for the bot in words.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import language_of, translator, user_text
from actions.procedure_answers import ActionAnswerProcedure, taken_as_procedure_question
from handoff.models import HandoffReason
from handoff.office_hours import when_staff_answer
from handoff.service import open_handoff
from localization import N_
from storage.database import session_scope, utcnow
from vietnamese_text.handoff_words import BACK_TO_BOT_PAYLOAD, names_a_person
from vietnamese_text.patterns import REPORT_CODE

RECENT_QUESTIONS = 5
FALLBACK = "action_fallback"
HANDED_OVER = N_("Tôi đã chuyển cuộc trò chuyện cho cán bộ, kèm tóm tắt những gì bạn đã hỏi. Từ bây giờ tin nhắn "
                 "của bạn ở đây sẽ do cán bộ đọc và trả lời; trợ lý tạm dừng cho đến khi cán bộ kết thúc, hoặc bạn "
                 "nhắn “quay lại trợ lý”.")
NOT_UNDERSTOOD = N_("Xin lỗi, tôi vẫn chưa hiểu ý bạn.")


class ActionTalkToStaff(Action):
    def name(self) -> str:
        return "action_talk_to_staff"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[Dict[str, Any]]:
        text = user_text(tracker)
        if text and not text.startswith("/") and not names_a_person(text):
            # read as a request for staff, but it names nobody: "người được ủy quyền có cần đi cùng không" after an
            # answer, "em muốn từ chối phần thừa kế… ở phường được không ạ" are procedure questions
            taken = taken_as_procedure_question(tracker, with_choices=True)  # a follow-up in context included
            if taken:
                return taken
        hand_over(dispatcher, tracker, HandoffReason.ASKED)
        return []


def hand_over(dispatcher: CollectingDispatcher, tracker: Tracker, reason: HandoffReason) -> None:
    """Open the handoff (once: asking again while it is open changes nothing) and tell the resident when."""
    with session_scope() as session:
        open_handoff(session, tracker.sender_id, reason, summary(tracker), language_of(tracker))
    _ = translator(tracker)
    opening = _(NOT_UNDERSTOOD) + " " if reason is HandoffReason.BOT_FAILED else ""
    dispatcher.utter_message(text=f"{opening}{_(HANDED_OVER)} {when_staff_answer(utcnow(), language_of(tracker))}",
                             buttons=[{"title": _("Quay lại trợ lý tự động"), "payload": BACK_TO_BOT_PAYLOAD}])


def summary(tracker: Tracker) -> str:
    """What staff read first, in Vietnamese; the resident's words are masked when the handoff is stored."""
    said = [event.get("text") or "" for event in tracker.events if event.get("event") in ("user", "bot")]
    typed = [event.get("text") for event in tracker.events
             if event.get("event") == "user" and event.get("text") and not event["text"].startswith("/")]
    if typed:
        lines = ["Câu hỏi gần đây:"] + [f"- {text}" for text in typed[-RECENT_QUESTIONS:]]
    else:
        lines = ["Người dân chỉ bấm nút, chưa gõ câu hỏi."]
    codes = list(dict.fromkeys(code.upper() for text in said for code in REPORT_CODE.findall(text)))
    facts = {"Thủ tục": tracker.get_slot("last_procedure_code"), "Số biên nhận hồ sơ": tracker.get_slot(
        "dossier_receipt"), "Mã phản ánh": ", ".join(codes)}
    return "\n".join(lines + [f"{label}: {value}" for label, value in facts.items() if value])


def fallbacks_in_a_row(tracker: Tracker) -> int:
    """How many turns in a row, this one included, the bot answered with the fallback (a turn the fallback
    passed to the procedure answer, search being sure, is no misunderstanding)."""
    turns: List[List[str]] = []
    for event in tracker.events:
        if event.get("event") == "user":
            turns.append([])
        elif event.get("event") == "action" and turns:
            turns[-1].append(event.get("name"))
    count = 1
    for actions in reversed(turns[:-1]):
        if FALLBACK not in actions or ActionAnswerProcedure.action_name in actions:
            break
        count += 1
    return count
