"""What the app database tells: ratings, reports and how fast they were answered, dossier lookups, handoffs."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import case, column, func, inspect, select, table
from sqlalchemy.orm import Session

from analytics.days import vietnam_day
from dossiers.models import DossierLookupLog
from feedback.models import AnswerRating, CaseRating
from knowledge.models import Procedure
from urban_reports.models import Report, ReportStatusChange
from urban_reports.statuses import ReportStatus

HANDOFFS = "handoffs"  # created by the handoff feature; absent until its migration runs


@dataclass(frozen=True)
class Timeliness:
    """Reports filed in the period, by when staff first answered (first status after 'received')."""

    on_time: int
    late: int  # answered after the deadline
    overdue: int  # not answered and the deadline has passed
    waiting: int  # not answered, still within the deadline: not counted in the share

    @property
    def share_on_time(self) -> float | None:
        due = self.on_time + self.late + self.overdue
        return self.on_time / due if due else None


def procedure_names(session: Session, codes) -> dict[str, str]:
    return dict(session.execute(select(Procedure.code, Procedure.name).where(Procedure.code.in_(list(codes)))).all())


def answer_ratings(session: Session, since: dt.datetime) -> list[tuple[str, int, int]]:
    """(procedure code, 👍, 👎), most rated first."""
    up = func.sum(case((AnswerRating.thumbs_up, 1), else_=0))
    total = func.count()
    rows = session.execute(select(AnswerRating.procedure_code, up, total - up).where(AnswerRating.at >= since)
                           .group_by(AnswerRating.procedure_code).order_by(total.desc(), AnswerRating.procedure_code))
    return [(code, int(ups), int(downs)) for code, ups, downs in rows]


def case_ratings(session: Session, since: dt.datetime) -> list[tuple[str, int, float]]:
    """(case type, ratings, average score)."""
    return [(kind, count, round(float(average), 2)) for kind, count, average in session.execute(
        select(CaseRating.case_type, func.count(), func.avg(CaseRating.score)).where(CaseRating.at >= since)
        .group_by(CaseRating.case_type).order_by(CaseRating.case_type))]


def reports_by_category_and_status(session: Session, since: dt.datetime) -> list[tuple[str, str, int]]:
    return [tuple(row) for row in session.execute(
        select(Report.category, Report.status, func.count()).where(Report.created_at >= since)
        .group_by(Report.category, Report.status).order_by(Report.category, Report.status))]


def timeliness(session: Session, since: dt.datetime, now: dt.datetime) -> Timeliness:
    first_answer = (select(ReportStatusChange.report_id, func.min(ReportStatusChange.changed_at).label("at"))
                    .where(ReportStatusChange.status != ReportStatus.RECEIVED.value)
                    .group_by(ReportStatusChange.report_id).subquery())
    rows = session.execute(select(Report.deadline_at, first_answer.c.at)
                           .outerjoin(first_answer, first_answer.c.report_id == Report.id)
                           .where(Report.created_at >= since))
    counts = Counter(_timeliness(deadline, answered, now) for deadline, answered in rows)
    return Timeliness(counts["on_time"], counts["late"], counts["overdue"], counts["waiting"])


def _timeliness(deadline: dt.datetime, answered: dt.datetime | None, now: dt.datetime) -> str:
    if answered is not None:
        return "on_time" if answered <= deadline else "late"
    return "overdue" if deadline < now else "waiting"


def dossier_lookups_per_day(session: Session, since: dt.datetime) -> Counter[tuple[str, str]]:
    """(Vietnam day, 'lookup' | 'verify') -> count."""
    rows = session.execute(select(DossierLookupLog.at, DossierLookupLog.action).where(DossierLookupLog.at >= since))
    return Counter((vietnam_day(at), action) for at, action in rows)


def handoffs_since(session: Session, since: dt.datetime) -> int | None:
    """Handoffs to staff in the period; None when the handoff feature's table is not there."""
    inspector = inspect(session.get_bind())
    if not inspector.has_table(HANDOFFS):
        return None
    columns = {found["name"] for found in inspector.get_columns(HANDOFFS)}
    handoffs = table(HANDOFFS, column("created_at"))
    query = select(func.count()).select_from(handoffs)
    return session.scalar(query.where(handoffs.c.created_at >= since) if "created_at" in columns else query)
