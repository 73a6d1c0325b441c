"""Filing and following urban-order reports: what the chat form, the Open311 API and staff tools call.

Every function works in the caller's session and transaction (`storage.database.session_scope`);
nothing here commits. Logs carry codes and categories only, never a phone number or a name.
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from localization import language_or_default
from storage.database import dialect_insert, utcnow
from urban_reports.codes import next_code
from urban_reports.drafts import ReportDraft, check_draft
from urban_reports.duplicates import find_duplicate
from urban_reports.models import Report, ReportFollower, ReportStatusChange
from urban_reports.notices import notify_status_change
from urban_reports.statuses import CLOSED, ReportStatus
from urban_reports.working_time import add_working_hours, as_naive_utc
from vietnamese_text.patterns import REPORT_CODE

__all__ = ["UnknownReport", "change_status", "file_report", "find_duplicate", "follow", "overdue", "report_by_code",
           "reports_of"]

logger = logging.getLogger(__name__)


class UnknownReport(LookupError):
    """No report has this code."""


def file_report(session: Session, draft: ReportDraft, conversation_id: str | None, language: str | None,
                now: dt.datetime | None = None) -> Report:
    """File the report (status "Đã tiếp nhận") with its code and working-time deadline; ReportRejected if invalid.

    `conversation_id` is None for reports that come through the Open311 API without a chat.
    """
    checked = check_draft(draft)
    now = now or utcnow()
    location = checked.location
    report = Report(
        code=next_code(session, now), category=checked.category.code, description=checked.description,
        latitude=location.latitude, longitude=location.longitude, address=location.address, ward=location.ward,
        old_ward=location.old_ward, photos=list(checked.photos), attributes=checked.attributes,
        contact_phone=checked.contact_phone, anonymous=checked.contact_phone is None,
        conversation_id=conversation_id, language=language_or_default(language),
        status=ReportStatus.RECEIVED.value, handling_unit=checked.category.responsible_unit, staff_reply=None,
        created_at=now, deadline_at=as_naive_utc(add_working_hours(now, checked.category.deadline_hours)),
        updated_at=now)
    report.history.append(ReportStatusChange(status=report.status, handling_unit=report.handling_unit,
                                             changed_at=now))
    session.add(report)
    session.flush()
    logger.info("urban report %s filed (%s)", report.code, report.category)
    return report


def report_by_code(session: Session, code: str) -> Report | None:
    """The report, whatever the case or spaces around the code ('pa-261123-0001')."""
    query = _by_code(code)
    return session.scalar(query) if query is not None else None


def _by_code(code: str):
    match = REPORT_CODE.search(code or "")
    return select(Report).where(Report.code == match.group(0).upper()) if match else None


def follow(session: Session, code: str, conversation_id: str, language: str | None) -> bool:
    """Follow a report (again: the language is updated) instead of filing a copy; False for an unknown code."""
    report = report_by_code(session, code)
    if report is None:
        return False
    if report.conversation_id != conversation_id:
        language = language_or_default(language)
        session.execute(dialect_insert(session)(ReportFollower)
                        .values(report_id=report.id, conversation_id=conversation_id, language=language,
                                created_at=utcnow())
                        .on_conflict_do_update(index_elements=["report_id", "conversation_id"],
                                               set_={"language": language}))
        session.expire(report, ["followers"])
    return True


def reports_of(session: Session, conversation_id: str, limit: int = 5) -> list[Report]:
    """Reports this conversation filed or follows, newest first."""
    followed = select(ReportFollower.report_id).where(ReportFollower.conversation_id == conversation_id)
    return list(session.scalars(
        select(Report).where(or_(Report.conversation_id == conversation_id, Report.id.in_(followed)))
        .order_by(Report.created_at.desc(), Report.id.desc()).limit(limit)))


def change_status(session: Session, code: str, status: ReportStatus | str, staff_reply: str | None = None,
                  handling_unit: str | None = None, now: dt.datetime | None = None) -> ReportStatusChange | None:
    """Record staff's update and queue the notifications; None (nothing recorded or sent) when nothing changed.

    The reporter and followers hear about a new status or a reply; a new handling unit alone is only recorded.
    UnknownReport for an unknown code, ValueError for an unknown status.
    """
    status = ReportStatus(status)
    query = _by_code(code)
    report = session.scalar(query.with_for_update()) if query is not None else None
    if report is None:
        raise UnknownReport(code)
    reply = (staff_reply or "").strip() or None
    unit = (handling_unit or "").strip() or None
    status_changed = status.value != report.status
    if not (status_changed or reply or (unit and unit != report.handling_unit)):
        return None
    now = now or utcnow()
    change = ReportStatusChange(status=status.value, handling_unit=unit, staff_reply=reply, changed_at=now)
    report.history.append(change)
    report.status, report.updated_at = status.value, now
    report.handling_unit = unit or report.handling_unit
    report.staff_reply = reply or report.staff_reply
    if status_changed or reply:
        notify_status_change(session, report, change)
    else:
        session.flush()
    logger.info("urban report %s: %s", report.code, status.value)
    return change


def overdue(session: Session, now: dt.datetime | None = None) -> list[Report]:
    """Open reports past their response deadline, the most overdue first (for staff)."""
    return list(session.scalars(
        select(Report).where(Report.status.not_in([s.value for s in CLOSED]), Report.deadline_at < (now or utcnow()))
        .order_by(Report.deadline_at, Report.id)))
