"""The published knowledge version: bumped in each publishing transaction, polled by the action server.

The UPDATE takes the row's write lock, so publications are numbered in commit order.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from knowledge_editing.models import KnowledgeVersion


def bump(session: Session, now: dt.datetime) -> int:
    session.execute(update(KnowledgeVersion).where(KnowledgeVersion.id == 1)
                    .values(value=KnowledgeVersion.value + 1, changed_at=now))
    return published(session)


def published(session: Session) -> int:
    return session.scalar(select(KnowledgeVersion.value).where(KnowledgeVersion.id == 1)) or 0
