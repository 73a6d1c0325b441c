"""The message a reporter and each follower get when staff change a report's status or reply.

One outbox row per conversation and status change: the idempotency key is built from
both, so recording the same change again never sends a second message. The message
names the code, category, status, unit and staff reply; never the reporter's phone.
"""

from __future__ import annotations

import hashlib

from sqlalchemy.orm import Session

from channels.messages import Button, Reply
from feedback.buttons import case_rating_buttons
from localization import N_, gettext_for
from notifications.outbox import enqueue
from urban_reports.categories import category
from urban_reports.models import Report, ReportStatusChange
from urban_reports.statuses import ReportStatus

KIND = "report_status"
STATUS_CHANGED = N_("Phản ánh %(code)s (%(category)s) có trạng thái mới: %(status)s.")
HANDLING_UNIT = N_("Đơn vị xử lý: %(unit)s")
STAFF_REPLY = N_("Trả lời của cán bộ: %(reply)s")
RATE_CASE = N_("Bạn hài lòng với cách xử lý phản ánh này đến đâu? Chọn từ 1 (không hài lòng) đến 5 (rất hài lòng).")


def notify_status_change(session: Session, report: Report, change: ReportStatusChange) -> int:
    """Queue the message for the reporter and every follower, each in their language; the number queued."""
    session.flush()  # the change's id goes into the idempotency key
    recipients = {report.conversation_id: report.language} if report.conversation_id else {}
    for follower in report.followers:
        recipients.setdefault(follower.conversation_id, follower.language)
    return sum(enqueue(session, conversation_id, render(report, change, language),
                       idempotency_key(change.id, conversation_id), kind=KIND)
               for conversation_id, language in recipients.items())


def idempotency_key(change_id: int, conversation_id: str) -> str:
    """Short and fixed-length whatever the conversation id (channel ids can be long)."""
    digest = hashlib.sha256(conversation_id.encode()).hexdigest()[:24]
    return f"{KIND}:{change_id}:{digest}"


def render(report: Report, change: ReportStatusChange, language: str) -> list[Reply]:
    _ = gettext_for(language)
    chosen = category(report.category)
    lines = [_(STATUS_CHANGED) % {"code": report.code, "status": _(ReportStatus(change.status).label),
                                   "category": chosen.display_name(language) if chosen else report.category}]
    if change.handling_unit:
        lines.append(_(HANDLING_UNIT) % {"unit": change.handling_unit})
    if change.staff_reply:
        lines.append(_(STAFF_REPLY) % {"reply": change.staff_reply})
    buttons: tuple[Button, ...] = ()
    if ReportStatus(change.status).is_closed:
        lines.append(_(RATE_CASE))
        buttons = tuple(Button(**button) for button in case_rating_buttons(report.code))
    return [Reply("\n".join(lines), buttons=buttons)]
