"""Which reports the queue lists, and how each deadline reads: the soonest deadline first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import format_timedelta
from sqlalchemy import select
from sqlalchemy.orm import Session

from urban_reports.models import Report
from urban_reports.statuses import CLOSED, ReportStatus
from urban_reports.working_time import VIETNAM, as_naive_utc
from webapp.admin.forms import OPEN

PAGE_SIZE = 50


@dataclass(frozen=True)
class QueueFilter:
    category: str = ""
    ward: str = ""
    status: str = OPEN  # OPEN, "" for every status, or a ReportStatus value
    overdue: bool = False
    since: dt.date | None = None  # filing day in Vietnam time, inclusive
    until: dt.date | None = None


def queue(session: Session, chosen: QueueFilter, now: dt.datetime, page: int = 1) -> tuple[list[Report], bool]:
    """One page of matching reports, and whether another page follows."""
    query = select(Report)
    if chosen.category:
        query = query.where(Report.category == chosen.category)
    if chosen.ward:
        query = query.where(Report.ward.icontains(chosen.ward.strip(), autoescape=True))
    if chosen.status == OPEN or chosen.overdue:
        query = query.where(Report.status.not_in([status.value for status in CLOSED]))
    if chosen.status and chosen.status != OPEN:
        query = query.where(Report.status == ReportStatus(chosen.status).value)
    if chosen.overdue:
        query = query.where(Report.deadline_at < now)
    if chosen.since:
        query = query.where(Report.created_at >= _utc_midnight(chosen.since))
    if chosen.until:
        query = query.where(Report.created_at < _utc_midnight(chosen.until + dt.timedelta(days=1)))
    rows = list(session.scalars(query.order_by(Report.deadline_at, Report.id)
                                .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)))
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


def _utc_midnight(day: dt.date) -> dt.datetime:
    return as_naive_utc(dt.datetime.combine(day, dt.time(), tzinfo=VIETNAM))


def is_overdue(report: Report, now: dt.datetime) -> bool:
    return not ReportStatus(report.status).is_closed and report.deadline_at < now


def countdown(report: Report, now: dt.datetime) -> str:
    """'in 3 hours' / '2 days ago' in the page's language; wall-clock time, the deadline itself is in working time."""
    return format_timedelta(report.deadline_at - now, granularity="minute", add_direction=True)
