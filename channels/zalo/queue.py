"""The Zalo inbound queue: every resident message is kept in the database from the webhook until it is answered.

The webhook inserts the message (`enqueue`) in the transaction that records the
interaction, and answers Zalo's call only once that committed; Zalo's msg_id is unique,
so a redelivered event adds nothing. A worker (`channels.zalo.worker`) answers the rows.

A row is `queued` until it is `answered` or, after the last attempt, `failed` (kept, with
its last error). Claiming a row adds an attempt, gives it a new `claim_token` and moves
`next_attempt_at` to the end of a lease, so nobody else takes it meanwhile; a worker that
dies leaves the row to be claimed again when the lease ends. Every later write of the
worker names its token (`update_claimed`), so a worker that lost its lease changes nothing.
Only the oldest queued row of a sender can be claimed: a resident's messages are answered
in the order they were sent, and one waiting for a retry holds the later ones back.

What the worker learnt is written down as it goes, so a retry does not do it twice: the
stored photo's reference replaces the CDN link in `message`, Rasa's replies are kept in
`replies`, and `sent_replies` counts those Zalo accepted. Once answered, the resident's
text, photo link and the replies are cleared; the row (ids, times, attempts) stays.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from dataclasses import dataclass

from sqlalchemy import JSON, DateTime, Index, Integer, String, func, select, update
from sqlalchemy.orm import Mapped, Session, aliased, mapped_column, sessionmaker

from channels.messages import InboundMessage, Reply
from storage.database import Base, dialect_insert, utcnow


class Status(str, enum.Enum):
    QUEUED = "queued"
    ANSWERED = "answered"
    FAILED = "failed"


class ZaloInboundEvent(Base):
    __tablename__ = "zalo_inbound_events"
    __table_args__ = (Index("ix_zalo_inbound_events_due", "status", "next_attempt_at"),
                      Index("ix_zalo_inbound_events_sender", "sender", "status", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[str | None] = mapped_column(String(128), unique=True)  # Zalo's msg_id
    sender: Mapped[str] = mapped_column(String(128))
    message: Mapped[dict | None] = mapped_column(JSON)  # text, image_url, location, metadata; None once answered
    replies: Mapped[list | None] = mapped_column(JSON)  # Rasa's answer ([Reply.as_json()]) once it came
    sent_replies: Mapped[int] = mapped_column(Integer)  # how many of `replies` Zalo accepted
    status: Mapped[str] = mapped_column(String(16))  # a Status value
    attempts: Mapped[int] = mapped_column(Integer)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(DateTime)  # due time, or the end of a worker's lease
    claim_token: Mapped[str | None] = mapped_column(String(32))
    busy_sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)  # the "system busy" reply went out
    last_error: Mapped[str | None] = mapped_column(String(200))  # a reason, never personal data
    received_at: Mapped[dt.datetime] = mapped_column(DateTime)
    answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


@dataclass(frozen=True)
class Claimed:
    """One queued row a worker holds the lease of, as it was when claimed."""

    id: int
    token: str
    attempts: int  # this one included
    sender: str
    message_id: str | None
    message: dict
    replies: tuple[Reply, ...] | None
    sent_replies: int
    busy_sent: bool

    def inbound(self) -> InboundMessage:
        location = self.message.get("location")
        return InboundMessage(channel="zalo", sender=self.sender, text=self.message.get("text") or "",
                              message_id=self.message_id, image_url=self.message.get("image_url"),
                              location=tuple(location) if location else None,
                              metadata=dict(self.message.get("metadata") or {}))


def enqueue(session: Session, message: InboundMessage, now: dt.datetime | None = None) -> bool:
    """Keep the message in the caller's transaction; False, adding nothing, when its msg_id is already queued.

    INSERT ... ON CONFLICT DO NOTHING rather than a savepoint (see notifications.outbox.enqueue).
    A message without an id cannot be recognised when it comes again: it is always added.
    """
    now = now or utcnow()
    body = {"text": message.text, "image_url": message.image_url,
            "location": list(message.location) if message.location else None, "metadata": message.metadata}
    statement = (dialect_insert(session)(ZaloInboundEvent)
                 .values(message_id=message.message_id[:128] if message.message_id else None, sender=message.sender,
                         message=body, sent_replies=0, status=Status.QUEUED.value, attempts=0,
                         next_attempt_at=now, received_at=now)
                 .on_conflict_do_nothing(index_elements=["message_id"]).returning(ZaloInboundEvent.id))
    return session.execute(statement).scalar() is not None


def claim(sessions: sessionmaker[Session], limit: int, lease: dt.timedelta) -> list[Claimed]:
    """Up to `limit` due rows, each the oldest queued one of its sender, leased to the caller until now + lease.

    One UPDATE whose subquery picks the rows: on PostgreSQL with `FOR UPDATE SKIP LOCKED`, so several
    workers claim at once, each other rows; on SQLite the statement takes the write lock before it
    reads (a SELECT first would hold a snapshot that a concurrent claim makes stale). The UPDATE checks
    again that each row is still due, so two claimers never get the same row.
    """
    if limit <= 0:
        return []
    now = utcnow()
    candidate, earlier = aliased(ZaloInboundEvent, name="candidate"), aliased(ZaloInboundEvent, name="earlier")
    waiting_behind = (select(earlier.id).where(earlier.sender == candidate.sender,
                                               earlier.status == Status.QUEUED.value, earlier.id < candidate.id)
                      .exists())
    due = (select(candidate.id)
           .where(candidate.status == Status.QUEUED.value, candidate.next_attempt_at <= now, ~waiting_behind)
           .order_by(candidate.next_attempt_at, candidate.id)
           .limit(limit).with_for_update(skip_locked=True, of=candidate))
    token = uuid.uuid4().hex
    with sessions.begin() as session:
        rows = session.execute(
            update(ZaloInboundEvent)
            .where(ZaloInboundEvent.id.in_(due.scalar_subquery()), ZaloInboundEvent.status == Status.QUEUED.value,
                   ZaloInboundEvent.next_attempt_at <= now)
            .values(attempts=ZaloInboundEvent.attempts + 1, next_attempt_at=now + lease, claim_token=token)
            .returning(ZaloInboundEvent.id, ZaloInboundEvent.attempts, ZaloInboundEvent.sender,
                       ZaloInboundEvent.message_id, ZaloInboundEvent.message, ZaloInboundEvent.replies,
                       ZaloInboundEvent.sent_replies, ZaloInboundEvent.busy_sent_at)).all()
    return [Claimed(row.id, token, row.attempts, row.sender, row.message_id, row.message or {},
                    None if row.replies is None else tuple(Reply.from_rasa(reply) for reply in row.replies),
                    row.sent_replies, row.busy_sent_at is not None) for row in sorted(rows)]


def update_claimed(session: Session, claimed: Claimed, **values) -> bool:
    """Write `values` on the row if the caller still holds its claim; False when another worker took it over."""
    return session.execute(update(ZaloInboundEvent).where(
        ZaloInboundEvent.id == claimed.id, ZaloInboundEvent.claim_token == claimed.token,
        ZaloInboundEvent.status == Status.QUEUED.value).values(**values)).rowcount == 1


def has_queued(session: Session) -> bool:
    return session.scalar(select(ZaloInboundEvent.id).where(ZaloInboundEvent.status == Status.QUEUED.value)
                          .limit(1)) is not None


def counts(session: Session) -> dict[str, int]:
    """{status: rows}; a status without rows is left out."""
    return dict(session.execute(select(ZaloInboundEvent.status, func.count()).group_by(ZaloInboundEvent.status)
                                .order_by(ZaloInboundEvent.status)).all())


def oldest_queued(session: Session) -> dt.datetime | None:
    return session.scalar(select(func.min(ZaloInboundEvent.received_at))
                          .where(ZaloInboundEvent.status == Status.QUEUED.value))


def failed_events(session: Session, limit: int = 100) -> list[ZaloInboundEvent]:
    """The failed rows, newest first."""
    return list(session.scalars(select(ZaloInboundEvent).where(ZaloInboundEvent.status == Status.FAILED.value)
                                .order_by(ZaloInboundEvent.id.desc()).limit(limit)))
