"""Publishing a change: the revision (both snapshots and their diff), the version bump and the audit entry.

Snapshots are JSON-ready dicts of what staff can edit, so a diff is a field-by-field comparison and
a revert writes the `before` values back, itself as a new revision.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge_editing import version
from knowledge_editing.errors import NOT_FOUND, EditRefused
from knowledge_editing.models import KnowledgeRevision
from staff.audit import record
from staff.models import StaffUser
from storage.database import utcnow


def load(session: Session, model: type, key: str, lock: bool = False):
    """The row to edit by primary key (locked until the commit when saving); EditRefused when there is none."""
    row = session.get(model, key, with_for_update=lock)
    if row is None:
        raise EditRefused(NOT_FOUND)
    return row


def diff(before: dict | None, after: dict) -> dict[str, list]:
    """{field: [before, after]} for every field whose value differs."""
    before = before or {}
    return {name: [before.get(name), after.get(name)] for name in sorted(before.keys() | after.keys())
            if before.get(name) != after.get(name)}


def publish(session: Session, author: StaffUser, target_type: str, target_id: str, action: str,
            before: dict | None, after: dict, reverts_id: int | None = None,
            now: dt.datetime | None = None) -> KnowledgeRevision | None:
    """Keep the change (None when nothing changed) and announce it to the running action server."""
    changes = diff(before, after)
    if not changes:
        return None
    now = now or utcnow()
    revision = KnowledgeRevision(target_type=target_type, target_id=target_id, action=action, before=before,
                                 after=after, diff=changes, reverts_id=reverts_id, staff_user_id=author.id,
                                 author=author.username, knowledge_version=version.bump(session, now),
                                 created_at=now)
    session.add(revision)
    session.flush()
    record(session, author, f"knowledge.{action}", target_type, target_id, fields=sorted(changes),
           revision=revision.id, **({"reverts": reverts_id} if reverts_id else {}))
    return revision


def history(session: Session, target_type: str, target_id: str, limit: int = 50) -> list[KnowledgeRevision]:
    """The record's revisions, newest first."""
    return list(session.scalars(
        select(KnowledgeRevision).where(KnowledgeRevision.target_type == target_type,
                                        KnowledgeRevision.target_id == target_id)
        .order_by(KnowledgeRevision.id.desc()).limit(limit)))
