"""Store a resident's rating, checked against what it rates; the latest tap of a conversation wins.

Payloads can be typed by hand, so nothing is trusted: an answer rating needs a procedure of the
catalogue, a report rating (PA-...) a closed report that this conversation filed or followed, a
handoff rating (HT-...) a closed handoff of this very conversation.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from dossiers.privacy import sender_hash
from feedback.buttons import SCORES
from feedback.models import AnswerRating, CaseRating
from handoff.models import HandoffStatus
from handoff.service import handoff_of_case
from knowledge.models import Procedure
from storage.database import dialect_insert, utcnow
from urban_reports.models import Report
from urban_reports.statuses import ReportStatus

THUMBS = {"up": True, "down": False}
REPORT, HANDOFF = "report", "handoff"


def conversation_hash(conversation_id: str) -> str:
    """The same keyed hash as the dossier lookup log, so one key protects every stored sender."""
    return sender_hash(conversation_id)


def rate_answer(session: Session, conversation_id: str, procedure_code: str, rating: str,
                now: dt.datetime | None = None) -> bool:
    """Store 👍 ("up") or 👎 ("down") on a procedure's answer; False when the rating or the code is unknown."""
    if rating not in THUMBS or session.get(Procedure, procedure_code) is None:
        return False
    _upsert(session, AnswerRating, ["conversation_hash", "procedure_code"],
            conversation_hash=conversation_hash(conversation_id), procedure_code=procedure_code,
            thumbs_up=THUMBS[rating], at=now or utcnow())
    return True


def rate_case(session: Session, conversation_id: str, case_code: str, rating: str,
              now: dt.datetime | None = None) -> bool:
    """Store a 1-5 score of a report (PA-...) or a handoff (HT-...); False when not one this resident may rate."""
    score = int(rating) if rating.isdigit() else 0
    if score not in SCORES:
        return False
    if case_code.upper().startswith("PA-"):
        case_type, case_code = REPORT, case_code.upper()
        if not _may_rate_report(session, conversation_id, case_code):
            return False
    else:
        handoff = handoff_of_case(session, case_code)
        if (handoff is None or handoff.status != HandoffStatus.CLOSED.value
                or handoff.conversation_id != conversation_id):
            return False
        case_type, case_code = HANDOFF, handoff.case_code
    _upsert(session, CaseRating, ["case_type", "case_code", "conversation_hash"], case_type=case_type,
            case_code=case_code, conversation_hash=conversation_hash(conversation_id), score=score,
            at=now or utcnow())
    return True


def case_scores(session: Session, case_type: str, case_codes: list[str]) -> dict[str, int]:
    """The latest score given to each of these cases that has one (a handoff has a single rater: its resident)."""
    rows = session.execute(select(CaseRating.case_code, CaseRating.score).where(
        CaseRating.case_type == case_type, CaseRating.case_code.in_(case_codes)).order_by(CaseRating.at))
    return {code: score for code, score in rows}


def _may_rate_report(session: Session, conversation_id: str, code: str) -> bool:
    report = session.scalar(select(Report).where(Report.code == code))
    if report is None or not ReportStatus(report.status).is_closed:
        return False
    return conversation_id == report.conversation_id or any(
        follower.conversation_id == conversation_id for follower in report.followers)


def _upsert(session: Session, model: type, key: list[str], **values) -> None:
    """INSERT, or UPDATE the vote and time of the row with the same key (two taps at once cannot collide)."""
    statement = dialect_insert(session)(model).values(**values)
    changed = {name: value for name, value in values.items() if name not in key}
    session.execute(statement.on_conflict_do_update(index_elements=key, set_=changed))
