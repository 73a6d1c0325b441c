"""Tables of staff accounts and of the audit log.

Times are naive UTC. A password is kept only as a werkzeug hash (scrypt); the audit log
holds who did what to which record, never a resident's phone number or name.
"""

from __future__ import annotations

import datetime as dt
import enum

from flask_login import UserMixin
from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column

from localization import N_
from storage.database import Base


class Role(str, enum.Enum):
    ADMIN = "admin"  # accounts and settings
    EDITOR = "editor"  # the knowledge base
    CASE_OFFICER = "case_officer"  # reports, dossiers, handoff

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.ADMIN: N_("Quản trị"),
    Role.EDITOR: N_("Biên tập viên"),
    Role.CASE_OFFICER: N_("Cán bộ xử lý"),
}


class StaffUser(UserMixin, Base):
    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)  # lower case
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(16))  # a Role value
    active: Mapped[bool] = mapped_column(Boolean)
    failed_logins: Mapped[int] = mapped_column(Integer)  # wrong passwords in a row
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Raised by every password change: a session signed in under an older value is signed out.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    @property
    def is_active(self) -> bool:  # Flask-Login: a deactivated account's session no longer counts
        return self.active

    def has_role(self, *roles: Role) -> bool:
        return Role(self.role) in roles


class AuditEntry(Base):
    """One change made by staff (or a sign-in event): `summary` says what changed, without personal data."""

    __tablename__ = "staff_audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id", ondelete="SET NULL"),
                                                      index=True)
    actor: Mapped[str] = mapped_column(String(64))  # the username, kept if the account goes
    action: Mapped[str] = mapped_column(String(48))  # report.status, user.create, login.failed, ...
    target_type: Mapped[str | None] = mapped_column(String(32))  # report | staff_user
    target_id: Mapped[str | None] = mapped_column(String(64), index=True)  # a report code, a username
    summary: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
