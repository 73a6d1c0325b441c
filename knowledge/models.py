"""Tables of the knowledge base, keyed by the official procedure code (ma_thu_tuc)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, DateTime, Float, ForeignKey, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.database import Base


class Procedure(Base):
    __tablename__ = "procedures"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    field: Mapped[str | None] = mapped_column(Text)
    levels: Mapped[list] = mapped_column(JSON, default=list)
    audience: Mapped[str | None] = mapped_column(Text)
    competent_agency: Mapped[str | None] = mapped_column(Text)
    implementing_agency: Mapped[str | None] = mapped_column(Text)
    submission_address: Mapped[str | None] = mapped_column(Text)
    steps: Mapped[str | None] = mapped_column(Text)
    conditions: Mapped[str | None] = mapped_column(Text)
    result: Mapped[str | None] = mapped_column(Text)
    legal_basis: Mapped[str | None] = mapped_column(Text)
    decision_number: Mapped[str | None] = mapped_column(String(64))
    source_url: Mapped[str] = mapped_column(Text)
    collected_at: Mapped[dt.date | None] = mapped_column(Date)
    verified_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(16), default="active")
    # Fields staff changed in the admin: a catalogue re-import leaves them alone unless forced.
    locally_edited_fields: Mapped[list] = mapped_column(JSON, default=list)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now(), onupdate=func.now())
    version: Mapped[int] = mapped_column(Integer, default=1)

    channels: Mapped[list[ProcedureChannel]] = relationship(
        back_populates="procedure", cascade="all, delete-orphan", order_by="ProcedureChannel.position")
    documents: Mapped[list[ProcedureDocument]] = relationship(
        back_populates="procedure", cascade="all, delete-orphan", order_by="ProcedureDocument.position")
    aliases: Mapped[list[ProcedureAlias]] = relationship(back_populates="procedure", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}


class ProcedureChannel(Base):
    """One way to submit (Trực tiếp, Trực tuyến, Dịch vụ bưu chính) with its time and fee."""

    __tablename__ = "procedure_channels"

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_code: Mapped[str] = mapped_column(ForeignKey("procedures.code", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(64))
    time_value: Mapped[float | None] = mapped_column(Float)
    time_unit: Mapped[str | None] = mapped_column(String(16))  # working_days | days | hours | months
    time_text: Mapped[str | None] = mapped_column(Text)
    fee_text: Mapped[str | None] = mapped_column(Text)  # as published
    fee_vnd: Mapped[int | None] = mapped_column(Integer)  # only when the published text is unambiguous
    description: Mapped[str | None] = mapped_column(Text)

    procedure: Mapped[Procedure] = relationship(back_populates="channels")


class ProcedureDocument(Base):
    __tablename__ = "procedure_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_code: Mapped[str] = mapped_column(ForeignKey("procedures.code", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    group: Mapped[str | None] = mapped_column(Text)  # "Trường hợp ..." heading when the portal gives one
    name: Mapped[str] = mapped_column(Text)
    form_name: Mapped[str | None] = mapped_column(Text)
    copies_original: Mapped[int | None] = mapped_column(Integer)
    copies_copy: Mapped[int | None] = mapped_column(Integer)
    copies_text: Mapped[str | None] = mapped_column(Text)

    procedure: Mapped[Procedure] = relationship(back_populates="documents")


class ProcedureAlias(Base):
    """How residents call a procedure ("làm CCCD"): curated, added by staff, or from unanswered questions."""

    __tablename__ = "procedure_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_code: Mapped[str] = mapped_column(ForeignKey("procedures.code", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(16), default="curated")

    procedure: Mapped[Procedure] = relationship(back_populates="aliases")


class FaqEntry(Base):
    __tablename__ = "faq_entries"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    question: Mapped[str] = mapped_column(Text)
    variants: Mapped[list] = mapped_column(JSON, default=list)
    answer: Mapped[str] = mapped_column(Text)
    links: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), default="active")
    # Optional: the answer given when the conversation is in English, and English phrasings to match.
    answer_en: Mapped[str | None] = mapped_column(Text)
    variants_en: Mapped[list | None] = mapped_column(JSON, default=list)


class DirectoryEntry(Base):
    """Hotlines, emergency numbers, apps and portals, as data staff can check and edit."""

    __tablename__ = "directory_entries"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(String(32))
    url: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))


class AdminUnitMapping(Base):
    """A pre-1 July 2025 ward (or district) of today's Ho Chi Minh City and the ward it became."""

    __tablename__ = "admin_unit_mappings"

    id: Mapped[int] = mapped_column(primary_key=True)
    old_province: Mapped[str] = mapped_column(Text)
    old_district: Mapped[str | None] = mapped_column(Text)
    old_ward: Mapped[str | None] = mapped_column(Text)
    new_ward: Mapped[str] = mapped_column(Text)
    mapping_type: Mapped[str | None] = mapped_column(String(32))
    district_key: Mapped[str | None] = mapped_column(String(128), index=True)
    ward_key: Mapped[str | None] = mapped_column(String(128), index=True)


class UnansweredQuestion(Base):
    """A question the bot could not answer, without personal data, for staff to act on."""

    __tablename__ = "unanswered_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    match_key: Mapped[str] = mapped_column(Text, index=True)
    channel: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
