"""Creating staff accounts and checking passwords, with a lockout after repeated wrong passwords.

The lockout is per account and kept in the database, so it holds across processes and restarts:
after `max_failures` wrong passwords in a row the account refuses every password, the right one
included, for `lock_minutes`. An unknown username costs the same hashing time as a known one, and
gets the same answer, so the login form does not tell which usernames exist.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from localization import N_
from staff.models import Role, StaffUser
from storage.database import utcnow

HASH_METHOD = "scrypt"  # werkzeug's scrypt: n=2**15, r=8, p=1
MIN_PASSWORD_CHARS = 12
USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{2,63}")
BAD_USERNAME = N_("Tên đăng nhập gồm 3–64 ký tự: chữ thường không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới.")
SHORT_PASSWORD = N_("Mật khẩu phải có ít nhất %(count)d ký tự.")
TAKEN_USERNAME = N_("Tên đăng nhập này đã có.")
_DUMMY_HASH = generate_password_hash("not a password", method=HASH_METHOD)


class AccountError(ValueError):
    """A refused account change; `message` is a Vietnamese msgid, `values` its placeholders."""

    def __init__(self, message: str, **values) -> None:
        super().__init__(message % values if values else message)
        self.message, self.values = message, values


@dataclass(frozen=True)
class LockoutPolicy:
    max_failures: int = 5
    lock_minutes: float = 15


class Outcome(str, enum.Enum):
    OK = "ok"
    WRONG = "wrong"  # unknown username, wrong password or deactivated account: the same answer
    LOCKED = "locked"  # the password was not even checked
    JUST_LOCKED = "just_locked"  # this wrong password locked the account


@dataclass(frozen=True)
class LoginResult:
    outcome: Outcome
    user: StaffUser | None = None


def normalise_username(username: str) -> str:
    return (username or "").strip().lower()


def check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD_CHARS:
        raise AccountError(SHORT_PASSWORD, count=MIN_PASSWORD_CHARS)


def create_user(session: Session, username: str, password: str, role: Role | str,
                now: dt.datetime | None = None) -> StaffUser:
    """A new active account; AccountError for a bad or taken username or a short password."""
    username = normalise_username(username)
    if not USERNAME.fullmatch(username):
        raise AccountError(BAD_USERNAME)
    check_password(password)
    if user_named(session, username) is not None:
        raise AccountError(TAKEN_USERNAME)
    user = StaffUser(username=username, password_hash=generate_password_hash(password, method=HASH_METHOD),
                     role=Role(role).value, active=True, failed_logins=0, locked_until=None,
                     created_at=now or utcnow())
    session.add(user)
    session.flush()
    return user


def set_password(user: StaffUser, password: str) -> None:
    check_password(password)
    user.password_hash = generate_password_hash(password, method=HASH_METHOD)


def user_named(session: Session, username: str) -> StaffUser | None:
    return session.scalar(select(StaffUser).where(StaffUser.username == normalise_username(username)))


def authenticate(session: Session, username: str, password: str, policy: LockoutPolicy = LockoutPolicy(),
                 now: dt.datetime | None = None) -> LoginResult:
    """Check a sign-in and record its outcome on the account (row-locked, so parallel tries all count)."""
    now = now or utcnow()
    user = session.scalar(select(StaffUser).where(StaffUser.username == normalise_username(username))
                          .with_for_update())
    if user is None:
        check_password_hash(_DUMMY_HASH, password or "")
        return LoginResult(Outcome.WRONG)
    if user.locked_until is not None:
        if now < user.locked_until:
            return LoginResult(Outcome.LOCKED, user)
        user.failed_logins, user.locked_until = 0, None
    if not check_password_hash(user.password_hash, password or ""):
        user.failed_logins += 1
        if user.failed_logins >= policy.max_failures:
            user.locked_until = now + dt.timedelta(minutes=policy.lock_minutes)
            return LoginResult(Outcome.JUST_LOCKED, user)
        return LoginResult(Outcome.WRONG, user)
    if not user.active:
        return LoginResult(Outcome.WRONG, user)
    user.failed_logins = 0
    return LoginResult(Outcome.OK, user)


def unlock(user: StaffUser) -> None:
    user.failed_logins, user.locked_until = 0, None
