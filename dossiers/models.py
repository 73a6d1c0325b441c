"""Registry tables: dossiers by receipt number, their status history, processed events, the lookup log and
subscriptions to status changes (their notifications go to the shared outbox, `notifications.outbox`).

Times are naive UTC. The applicant's name and phone are kept only to check who
asks; nothing here or in the log holds them in a form that is shown or logged.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.database import Base


class Dossier(Base):
    __tablename__ = "dossiers"

    id: Mapped[int] = mapped_column(primary_key=True)
    receipt_number: Mapped[str] = mapped_column(String(64), unique=True)  # normalised upper-case
    procedure_code: Mapped[str | None] = mapped_column(String(32))
    procedure_name: Mapped[str | None] = mapped_column(Text)
    applicant_name: Mapped[str | None] = mapped_column(Text)
    applicant_phone: Mapped[str | None] = mapped_column(String(16))  # digits only
    status: Mapped[str] = mapped_column(String(32))  # a DossierStatus value
    status_at: Mapped[dt.datetime] = mapped_column(DateTime)
    received_on: Mapped[dt.date | None] = mapped_column(Date)
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    result_location: Mapped[str | None] = mapped_column(Text)
    handling_unit: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)  # missing documents, fees due: shown only after verification
    # No longer read nor written: wrong phone-check answers lock out their sender and address, not the
    # receipt number, and are counted in DossierLookupLog (dossiers.lookup). Kept until a migration drops them.
    failed_verifications: Mapped[int] = mapped_column(Integer, default=0)
    verification_locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now(), onupdate=func.now())

    history: Mapped[list[DossierStatusChange]] = relationship(
        back_populates="dossier", cascade="all, delete-orphan",
        order_by="[DossierStatusChange.changed_at, DossierStatusChange.id]")


class DossierStatusChange(Base):
    __tablename__ = "dossier_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(32))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime)
    source: Mapped[str] = mapped_column(String(16))  # webhook | import | remote
    event_id: Mapped[str | None] = mapped_column(String(128))

    dossier: Mapped[Dossier] = relationship(back_populates="history")


class DossierEvent(Base):
    """Event ids already applied, so a redelivered or re-imported event changes nothing."""

    __tablename__ = "dossier_events"
    __table_args__ = (UniqueConstraint("source", "event_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(16))
    event_id: Mapped[str] = mapped_column(String(128))
    received_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())


class DossierLookupLog(Base):
    """Every lookup and verification: the receipt number (not personal), the sender and the client address
    only as keyed hashes (the address only from the web chat).

    The rate limits, the phone-check lockouts and the "already verified" check read this table, so they hold
    across processes.
    """

    __tablename__ = "dossier_lookup_log"
    __table_args__ = (
        Index("ix_dossier_lookup_log_sender_at", "sender_hash", "at"),
        Index("ix_dossier_lookup_log_receipt_at", "receipt_number", "at"),
        Index("ix_dossier_lookup_log_address_at", "address_hash", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    action: Mapped[str] = mapped_column(String(16))  # lookup | verify
    receipt_number: Mapped[str] = mapped_column(String(64))
    sender_hash: Mapped[str] = mapped_column(String(64))
    address_hash: Mapped[str | None] = mapped_column(String(64))  # privacy.address_hash; None off the web chat
    outcome: Mapped[str] = mapped_column(String(32))  # LookupOutcome or VerifyOutcome value


class DossierSubscription(Base):
    """A conversation ("<channel>:<sender>") that asked to hear about a dossier's status changes."""

    __tablename__ = "dossier_subscriptions"
    __table_args__ = (UniqueConstraint("dossier_id", "conversation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"))
    conversation_id: Mapped[str] = mapped_column(String(160), index=True)
    language: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)

