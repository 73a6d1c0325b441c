"""When each resident last wrote on a channel: Zalo only lets an OA answer within a window after that."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, String, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from storage.database import Base, utcnow


class UserInteraction(Base):
    __tablename__ = "user_interactions"

    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    last_inbound_at: Mapped[dt.datetime] = mapped_column(DateTime)


def record_inbound(session: Session, channel: str, user_id: str, at: dt.datetime | None = None) -> None:
    """Remember the time of a genuine inbound message; an older time never overwrites a newer one."""
    at = at or utcnow()
    if _move_forward(session, channel, user_id, at):
        return
    try:
        with session.begin_nested():
            session.add(UserInteraction(channel=channel, user_id=user_id, last_inbound_at=at))
    except IntegrityError:  # a concurrent first message inserted the row
        _move_forward(session, channel, user_id, at)


def _move_forward(session: Session, channel: str, user_id: str, at: dt.datetime) -> bool:
    """True if the row exists (whether or not `at` was newer)."""
    key = (UserInteraction.channel == channel, UserInteraction.user_id == user_id)
    session.execute(update(UserInteraction).where(*key, UserInteraction.last_inbound_at < at)
                    .values(last_inbound_at=at))
    return session.get(UserInteraction, (channel, user_id)) is not None


def within_window(session: Session, channel: str, user_id: str, window: dt.timedelta,
                  now: dt.datetime | None = None) -> bool:
    row = session.get(UserInteraction, (channel, user_id))
    return row is not None and (now or utcnow()) - row.last_inbound_at < window
