"""API keys of Open311 clients: only the SHA-256 of each key is stored, with a name and its lifetime."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.database import Base


class ApiKey(Base):
    __tablename__ = "open311_api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))  # who holds it: "Ứng dụng Công dân số", "test"
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex of the key
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)  # naive UTC
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
