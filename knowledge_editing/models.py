"""Tables of knowledge revisions and of the published knowledge version. Times are naive UTC."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.database import Base


class KnowledgeRevision(Base):
    """One published change of a procedure or FAQ entry: both snapshots, their diff, who and when."""

    __tablename__ = "knowledge_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_type: Mapped[str] = mapped_column(String(16))  # procedure | faq
    target_id: Mapped[str] = mapped_column(String(64), index=True)  # a procedure code, an FAQ id
    action: Mapped[str] = mapped_column(String(32))  # edit | verify | revert | attach_questions | create
    before: Mapped[dict | None] = mapped_column(JSON)  # None when the change created the record
    after: Mapped[dict] = mapped_column(JSON)
    diff: Mapped[dict] = mapped_column(JSON)  # {field: [before, after]} for the fields that changed
    reverts_id: Mapped[int | None] = mapped_column(Integer)
    staff_user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id", ondelete="SET NULL"))
    author: Mapped[str] = mapped_column(String(64))  # the username, kept if the account goes
    knowledge_version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)


class KnowledgeVersion(Base):
    """A single row (id 1) whose `value` grows with every publication."""

    __tablename__ = "knowledge_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(Integer)
    changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
