"""Remember which channel messages were already handled, so a redelivery is processed once."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, String, UniqueConstraint, func
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from storage.database import Base


class ChannelDelivery(Base):
    __tablename__ = "channel_deliveries"
    __table_args__ = (UniqueConstraint("channel", "message_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    message_id: Mapped[str] = mapped_column(String(128))
    received_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())


def first_delivery(session: Session, channel: str, message_id: str) -> bool:
    """True the first time (channel, message_id) is seen; the unique constraint decides under concurrency."""
    try:
        with session.begin_nested():
            session.add(ChannelDelivery(channel=channel, message_id=message_id[:128]))
        return True
    except IntegrityError:
        return False
