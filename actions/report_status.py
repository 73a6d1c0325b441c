"""Follow-up on urban-order reports: "phản ánh PA-251120-0031 sao rồi", or the resident's own recent reports."""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import language_of, main_menu_buttons, translator
from storage.database import session_scope
from urban_reports.categories import category
from urban_reports.models import Report
from urban_reports.service import report_by_code, reports_of
from urban_reports.statuses import ReportStatus
from urban_reports.unit_names import unit_label
from urban_reports.working_time import format_deadline
from vietnamese_text.patterns import REPORT_CODE
from vietnamese_text.replies import asks_to_resume


def report_text(report: Report, _: Callable[[str], str], language: str) -> str:
    chosen = category(report.category)
    lines = [_("Phản ánh {code} ({category})").format(
                 code=report.code, category=chosen.display_name(language) if chosen else report.category),
             _("• Trạng thái: {status}").format(status=_(ReportStatus(report.status).label)),
             _("• Đơn vị xử lý: {unit}").format(unit=unit_label(report.handling_unit, language))]
    if not ReportStatus(report.status).is_closed:
        deadline = format_deadline(report.deadline_at, language)
        lines.append(_("• Thời hạn phản hồi: {deadline}").format(deadline=deadline))
    if report.staff_reply:
        lines.append(_("• Trả lời của cán bộ: {reply}").format(reply=report.staff_reply))
    return "\n".join(lines)


class ActionCheckReport(Action):
    def name(self) -> Text:
        return "action_check_report"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[Dict[str, Any]]:
        _, language = translator(tracker), language_of(tracker)
        code = next(tracker.get_latest_entity_values("report_code"), None)
        text = (tracker.latest_message or {}).get("text") or ""
        match = REPORT_CODE.search(code or text)
        if not match and (tracker.get_slot("report_draft") or {}).get("paused") and asks_to_resume(text):
            return [FollowupAction("report_form")]  # "tiếp tục cái phản ánh hồi nãy": the draft set aside
        with session_scope() as session:
            if match:
                report = report_by_code(session, match.group())
                texts = [report_text(report, _, language)] if report else []
                if report is None:
                    dispatcher.utter_message(text=_("Tôi không tìm thấy phản ánh {code}. Mã phản ánh có dạng "
                                                    "PA-251120-0031, được gửi cho bạn khi phản ánh.").format(
                        code=match.group().upper()), buttons=main_menu_buttons(_))
                    return []
            else:
                texts = [report_text(report, _, language) for report in reports_of(session, tracker.sender_id)]
        if not texts:
            dispatcher.utter_message(text=_("Bạn chưa gửi hoặc theo dõi phản ánh nào trên kênh này. Nếu có mã phản "
                                            "ánh (dạng PA-251120-0031), bạn gửi mã cho tôi."),
                                     buttons=main_menu_buttons(_))
            return []
        dispatcher.utter_message(text="\n\n".join(texts), buttons=main_menu_buttons(_))
        return []
