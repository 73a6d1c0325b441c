"""The audit log: who changed what, when. Every string in a summary is masked for personal data first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from staff.models import AuditEntry, StaffUser
from storage.database import utcnow
from vietnamese_text.privacy import mask_personal_data


def record(session: Session, actor: StaffUser | str, action: str, target_type: str | None = None,
           target_id: str | None = None, now: dt.datetime | None = None, **summary: Any) -> AuditEntry:
    """Add an entry in the caller's transaction; `actor` is the account, or a name (a failed sign-in's username)."""
    user = actor if isinstance(actor, StaffUser) else None
    entry = AuditEntry(staff_user_id=user.id if user else None, actor=user.username if user else str(actor)[:64],
                       action=action, target_type=target_type, target_id=target_id, summary=_masked(summary),
                       created_at=now or utcnow())
    session.add(entry)
    return entry


def _masked(value: Any) -> Any:
    if isinstance(value, str):
        return mask_personal_data(value)
    if isinstance(value, dict):
        return {key: _masked(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_masked(item) for item in value]
    return value


def history(session: Session, target_type: str, target_id: str, actions: Iterable[str],
            since: dt.datetime) -> list[AuditEntry]:
    """The entries about one record with one of `actions`, written after `since`, in reverse order of writing
    (newest first, by id: entries written in the same instant keep their order)."""
    query = select(AuditEntry).where(AuditEntry.target_type == target_type, AuditEntry.target_id == target_id,
                                     AuditEntry.action.in_(list(actions)), AuditEntry.created_at > since)
    return list(session.scalars(query.order_by(AuditEntry.id.desc())))


def entries(session: Session, target_type: str | None = None, target_id: str | None = None,
            limit: int = 200) -> list[AuditEntry]:
    """The newest entries first, optionally those about one record."""
    query = select(AuditEntry)
    if target_type:
        query = query.where(AuditEntry.target_type == target_type)
    if target_id:
        query = query.where(AuditEntry.target_id == target_id)
    return list(session.scalars(query.order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc()).limit(limit)))
