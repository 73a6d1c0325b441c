"""Tables of urban-order reports: the reports, their followers, their status history and the per-day code counter.

Times are naive UTC. The contact phone is kept for staff to call back; it is never
logged, never sent in a notification and shown masked in listings (`masked_phone`).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.database import Base


class Report(Base):
    __tablename__ = "urban_reports"
    __table_args__ = (
        Index("ix_urban_reports_category_created_at", "category", "created_at"),
        Index("ix_urban_reports_status_deadline_at", "status", "deadline_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)  # PA-YYMMDD-NNNN, the day in Vietnam time
    category: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(Text)  # as typed, HTML included: shown as text, never rendered
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    address: Mapped[str | None] = mapped_column(Text)
    ward: Mapped[str | None] = mapped_column(String(80))  # today's ward, when known
    old_ward: Mapped[str | None] = mapped_column(Text)  # the pre-reform ward the resident named
    photos: Mapped[list] = mapped_column(JSON)  # media references, media://reports/<name>
    attributes: Mapped[dict] = mapped_column(JSON)  # answers to the category's extra questions
    contact_phone: Mapped[str | None] = mapped_column(String(16))  # 0XXXXXXXXX
    anonymous: Mapped[bool] = mapped_column(Boolean)
    conversation_id: Mapped[str | None] = mapped_column(String(160), index=True)  # None for Open311 reports
    language: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(32))  # a ReportStatus value
    handling_unit: Mapped[str] = mapped_column(Text)
    staff_reply: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    deadline_at: Mapped[dt.datetime] = mapped_column(DateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)

    history: Mapped[list[ReportStatusChange]] = relationship(
        back_populates="report", cascade="all, delete-orphan",
        order_by="[ReportStatusChange.changed_at, ReportStatusChange.id]")
    followers: Mapped[list[ReportFollower]] = relationship(back_populates="report", cascade="all, delete-orphan",
                                                           order_by="ReportFollower.id")

    @property
    def masked_phone(self) -> str | None:
        """'091****678': enough for staff to recognise a caller, not to call."""
        phone = self.contact_phone
        return f"{phone[:3]}{'*' * (len(phone) - 6)}{phone[-3:]}" if phone else None


class ReportFollower(Base):
    """A conversation that asked to hear about someone else's report instead of filing a copy."""

    __tablename__ = "urban_report_followers"
    __table_args__ = (UniqueConstraint("report_id", "conversation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("urban_reports.id", ondelete="CASCADE"))
    conversation_id: Mapped[str] = mapped_column(String(160), index=True)
    language: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)

    report: Mapped[Report] = relationship(back_populates="followers")


class ReportStatusChange(Base):
    __tablename__ = "urban_report_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("urban_reports.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(32))
    handling_unit: Mapped[str | None] = mapped_column(Text)
    staff_reply: Mapped[str | None] = mapped_column(Text)
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime)

    report: Mapped[Report] = relationship(back_populates="history")


class ReportCodeCounter(Base):
    """The last sequence number given out per day; incremented in the filing transaction (row-locked)."""

    __tablename__ = "urban_report_code_counters"

    day: Mapped[str] = mapped_column(String(6), primary_key=True)  # YYMMDD, Vietnam time
    last_number: Mapped[int] = mapped_column(Integer)
