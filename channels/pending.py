"""Replies that could not be pushed yet, kept until the resident's channel can take them.

One table for every channel. Zalo's are sent when the resident writes again
(`deliver_pending`). The web page collects its own in two steps, so a message is never
marked delivered before the browser has it: a poll reads them with their ids and leaves
them undelivered (`peek_pending`), and the page acknowledges the ids it displayed
(`acknowledge`); a page reloaded or closed before acknowledging gets them again at its
next poll, and one acknowledged is never returned again. `take_pending` reads and marks
in one go, for callers that hold the messages once the transaction commits.
Marking is `UPDATE ... WHERE delivered_at IS NULL`, which the database serialises, so
two concurrent callers never deliver (or count) the same message twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from sqlalchemy import JSON, DateTime, Index, String, func, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from channels.messages import Reply
from storage.database import Base, dialect_insert, utcnow


class PendingMessage(Base):
    __tablename__ = "pending_messages"
    __table_args__ = (Index("ix_pending_messages_recipient", "channel", "recipient", "delivered_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    recipient: Mapped[str] = mapped_column(String(128))
    body: Mapped[dict] = mapped_column(JSON)  # Reply.as_json()
    reason: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    delivered_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    # The pusher's key for this part (e.g. a notification's): keeping the same part again does nothing.
    idempotency_key: Mapped[str | None] = mapped_column(String(160), unique=True, nullable=True)


@dataclass(frozen=True)
class PendingGroup:
    channel: str
    reason: str
    count: int
    oldest: dt.datetime


def keep(session: Session, channel: str, recipient: str, replies: Sequence[Reply], reason: str,
         idempotency_key: str | None = None) -> None:
    """Keep the replies for later; with a key, replies already kept under it are not kept twice."""
    rows = [{"channel": channel, "recipient": recipient, "body": reply.as_json(), "reason": reason,
             "created_at": utcnow(), "idempotency_key": f"{idempotency_key}:{index}" if idempotency_key else None}
            for index, reply in enumerate(replies)]
    if rows:
        session.execute(dialect_insert(session)(PendingMessage).values(rows).on_conflict_do_nothing())


def take_pending(session: Session, channel: str, recipient: str) -> list[Reply]:
    """The recipient's undelivered replies, oldest first, marked delivered when the caller commits."""
    claimed = session.execute(_claim().where(PendingMessage.channel == channel,
                                             PendingMessage.recipient == recipient)).all()
    return [Reply.from_rasa(body) for _, body in sorted(claimed)]


def peek_pending(session: Session, channel: str, recipient: str, limit: int = 50) -> list[tuple[int, Reply]]:
    """The recipient's undelivered replies with their ids, oldest first, left undelivered until `acknowledge`."""
    rows = session.execute(select(PendingMessage.id, PendingMessage.body).where(
        PendingMessage.channel == channel, PendingMessage.recipient == recipient,
        PendingMessage.delivered_at.is_(None)).order_by(PendingMessage.id).limit(limit)).all()
    return [(message_id, Reply.from_rasa(body)) for message_id, body in rows]


def acknowledge(session: Session, channel: str, recipient: str, ids: Iterable[int]) -> int:
    """Mark these of the recipient's messages delivered; the number newly marked.

    Ids of other recipients or channels, unknown ids and ids already acknowledged are ignored,
    so a repeated acknowledgement (a retried request, two tabs) changes nothing.
    """
    wanted = sorted(set(ids))
    if not wanted:
        return 0
    return len(session.execute(_claim().where(PendingMessage.id.in_(wanted), PendingMessage.channel == channel,
                                              PendingMessage.recipient == recipient)).all())


def deliver_pending(sessions: sessionmaker, channel: str, recipient: str, send: Callable[[Reply], None]) -> int:
    """Send the recipient's pending replies oldest first; each is marked delivered only once `send` returned.

    The claim and the send share a transaction: if `send` raises, the claim is rolled
    back, the message stays pending, and the error propagates (later ones wait too).
    """
    with sessions() as session:
        ids = session.scalars(select(PendingMessage.id).order_by(PendingMessage.id).where(
            PendingMessage.channel == channel, PendingMessage.recipient == recipient,
            PendingMessage.delivered_at.is_(None))).all()
    delivered = 0
    for message_id in ids:
        with sessions.begin() as session:
            claimed = session.execute(_claim().where(PendingMessage.id == message_id)).first()
            if claimed is None:  # another worker delivered it meanwhile
                continue
            send(Reply.from_rasa(claimed.body))
        delivered += 1
    return delivered


def _claim():
    return (update(PendingMessage).where(PendingMessage.delivered_at.is_(None))
            .values(delivered_at=utcnow()).returning(PendingMessage.id, PendingMessage.body))


def pending_groups(session: Session) -> list[PendingGroup]:
    """Undelivered messages counted by channel and reason, with the oldest creation time."""
    rows = session.execute(
        select(PendingMessage.channel, PendingMessage.reason, func.count(), func.min(PendingMessage.created_at))
        .where(PendingMessage.delivered_at.is_(None))
        .group_by(PendingMessage.channel, PendingMessage.reason)
        .order_by(PendingMessage.channel, PendingMessage.reason)).all()
    return [PendingGroup(*row) for row in rows]


def pending_messages(session: Session, channel: str | None = None, reason: str | None = None,
                     limit: int = 100) -> list[PendingMessage]:
    """Undelivered messages, oldest first, optionally for one channel and reason."""
    query = select(PendingMessage).where(PendingMessage.delivered_at.is_(None))
    if channel:
        query = query.where(PendingMessage.channel == channel)
    if reason:
        query = query.where(PendingMessage.reason == reason)
    return list(session.scalars(query.order_by(PendingMessage.id).limit(limit)))
