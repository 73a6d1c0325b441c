"""Tables of handoffs and of the messages exchanged while one is open.

Times are naive UTC. At most one handoff per conversation is open at a time (a partial
unique index), so two messages racing to open one end up in the same handoff.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import DateTime, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from localization import N_
from storage.database import Base

OPEN_ONLY = text("status = 'open'")
RESIDENT, STAFF = "resident", "staff"  # HandoffMessage.direction
CASE_PREFIX = "HT-"  # a handoff's case code is "HT-<id>" (report codes start with "PA-")


class HandoffStatus(str, enum.Enum):
    OPEN = "open"
    CLOSED = "closed"


class HandoffReason(str, enum.Enum):
    ASKED = "asked"  # the resident asked for a person
    BOT_FAILED = "bot_failed"  # the bot did not understand twice in a row

    @property
    def label(self) -> str:
        return REASON_LABELS[self]


REASON_LABELS: dict[HandoffReason, str] = {
    HandoffReason.ASKED: N_("Người dân yêu cầu gặp cán bộ"),
    HandoffReason.BOT_FAILED: N_("Trợ lý không hiểu hai lần liền"),
}


class Handoff(Base):
    __tablename__ = "handoffs"
    __table_args__ = (Index("uq_handoffs_open_conversation", "conversation_id", unique=True,
                            sqlite_where=OPEN_ONLY, postgresql_where=OPEN_ONLY),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(160), index=True)  # "<channel>:<sender>"
    channel: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(8))  # a HandoffStatus value
    reason: Mapped[str] = mapped_column(String(16))  # a HandoffReason value
    summary: Mapped[str] = mapped_column(Text)  # personal data masked
    language: Mapped[str | None] = mapped_column(String(8))  # the resident's, for the closing message
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    assigned_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id", ondelete="SET NULL"))
    messages: Mapped[list[HandoffMessage]] = relationship(back_populates="handoff", order_by="HandoffMessage.id",
                                                          cascade="all, delete-orphan")

    @property
    def case_code(self) -> str:
        """What the resident rates and staff see: stable, and never confused with a report code."""
        return f"{CASE_PREFIX}{self.id}"


class HandoffMessage(Base):
    """A message of the handoff, kept as written: the resident addresses it to staff, who may need a number."""

    __tablename__ = "handoff_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    handoff_id: Mapped[int] = mapped_column(ForeignKey("handoffs.id", ondelete="CASCADE"), index=True)
    direction: Mapped[str] = mapped_column(String(8))  # RESIDENT | STAFF
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    handoff: Mapped[Handoff] = relationship(back_populates="messages")
