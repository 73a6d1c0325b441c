"""Tables of ratings. Times are naive UTC; the conversation is kept only as a keyed hash.

One row per conversation and rated thing: tapping again changes the vote instead of adding one,
so a resident cannot weigh more than once on an answer or a case.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.database import Base


class AnswerRating(Base):
    __tablename__ = "answer_ratings"
    __table_args__ = (UniqueConstraint("conversation_hash", "procedure_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_hash: Mapped[str] = mapped_column(String(64))
    procedure_code: Mapped[str] = mapped_column(String(32), index=True)
    thumbs_up: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)


class CaseRating(Base):
    __tablename__ = "case_ratings"
    __table_args__ = (UniqueConstraint("case_type", "case_code", "conversation_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_type: Mapped[str] = mapped_column(String(16))  # report | handoff
    case_code: Mapped[str] = mapped_column(String(64), index=True)  # PA-... (a report) or HT-<id> (a handoff)
    conversation_hash: Mapped[str] = mapped_column(String(64))
    score: Mapped[int] = mapped_column(Integer)  # 1 (very unhappy) to 5 (very happy)
    at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
