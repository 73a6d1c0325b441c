"""The outbox table, and how a feature adds to it, drops from it and counts it.

Each row holds the replies already rendered (`Reply.as_json()`), so the dispatcher
needs nothing of the feature that wrote it, and a retried or repeated delivery
carries the same text. The idempotency key is unique: the same event can be
enqueued again (a redelivered webhook, a re-run import) without a second row.
A dead row stays until `requeue` puts it back to pending (`python -m notifications requeue`).
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Iterable, Sequence

from sqlalchemy import JSON, DateTime, Index, Integer, String, delete, func, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from channels.messages import Reply
from storage.database import Base, dialect_insert, utcnow


class State(str, enum.Enum):
    PENDING = "pending"
    SENT = "sent"
    DEAD = "dead"


class OutboxMessage(Base):
    """One notification for one conversation ("<channel>:<sender>").

    `next_attempt_at` is also the lease of a dispatcher that claimed the row; `created_at` is when the
    event was recorded, so `sent_at - created_at` is the delay the recipient sees.
    """

    __tablename__ = "notification_outbox"
    __table_args__ = (Index("ix_notification_outbox_due", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))  # dossier_status | report_status | ...
    idempotency_key: Mapped[str] = mapped_column(String(128), unique=True)
    conversation_id: Mapped[str] = mapped_column(String(160))
    replies: Mapped[list] = mapped_column(JSON)  # [Reply.as_json(), ...]
    state: Mapped[str] = mapped_column(String(16))  # a State value
    attempts: Mapped[int] = mapped_column(Integer)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(DateTime)
    last_error: Mapped[str | None] = mapped_column(String(200))  # the channel's reason, never personal data
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


def enqueue(session: Session, conversation_id: str, replies: Sequence[Reply], idempotency_key: str,
            kind: str) -> bool:
    """Add one pending row in the caller's transaction; False, adding nothing, when the key is already there.

    INSERT ... ON CONFLICT DO NOTHING rather than a savepoint: with the pysqlite driver, releasing
    a savepoint commits the caller's whole transaction.
    """
    insert = dialect_insert(session)
    now = utcnow()
    statement = (insert(OutboxMessage)
                 .values(kind=kind, idempotency_key=idempotency_key, conversation_id=conversation_id,
                         replies=[reply.as_json() for reply in replies], state=State.PENDING.value, attempts=0,
                         next_attempt_at=now, created_at=now)
                 .on_conflict_do_nothing(index_elements=["idempotency_key"]).returning(OutboxMessage.id))
    return session.execute(statement).scalar() is not None


def discard(session: Session, idempotency_keys: Iterable[str]) -> int:
    """Drop these rows if not yet delivered (one a dispatcher is sending at that moment still arrives)."""
    keys = list(idempotency_keys)
    if not keys:
        return 0
    return session.execute(delete(OutboxMessage).where(
        OutboxMessage.idempotency_key.in_(keys), OutboxMessage.state == State.PENDING.value)).rowcount


def counts(session: Session) -> dict[str, dict[str, int]]:
    """{kind: {state: rows}}, for the admin; a state without rows is left out."""
    result: dict[str, dict[str, int]] = {}
    for kind, state, rows in session.execute(
            select(OutboxMessage.kind, OutboxMessage.state, func.count())
            .group_by(OutboxMessage.kind, OutboxMessage.state).order_by(OutboxMessage.kind, OutboxMessage.state)):
        result.setdefault(kind, {})[state] = rows
    return result


def requeue(session: Session, channel: str | None = None, since: dt.datetime | None = None,
            dry_run: bool = False) -> int:
    """Put dead rows back to pending, due now with their attempts reset; the number of rows (to be) requeued.

    Only rows of conversations on `channel`, and only rows recorded at or after `since` (naive UTC,
    `created_at`), when given. `last_error` stays until the next attempt, so the operator still sees why
    they died. With `dry_run`, only counts.
    """
    conditions = [OutboxMessage.state == State.DEAD.value]
    if channel:
        conditions.append(OutboxMessage.conversation_id.startswith(f"{channel}:", autoescape=True))
    if since is not None:
        conditions.append(OutboxMessage.created_at >= since)
    if dry_run:
        return session.scalar(select(func.count()).select_from(OutboxMessage).where(*conditions))
    return session.execute(update(OutboxMessage).where(*conditions).values(
        state=State.PENDING.value, attempts=0, next_attempt_at=utcnow())).rowcount
