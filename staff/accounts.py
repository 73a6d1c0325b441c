"""Creating staff accounts and checking passwords, with a lockout after repeated wrong passwords.

The lockout is per account and kept in the database, so it holds across processes and restarts:
after `max_failures` wrong passwords in a row the account refuses every password, the right one
included, for `lock_minutes`. An unknown username costs the same hashing time as a known one, and
gets the same answer, so the login form does not tell which usernames exist.

Every password change raises the account's `session_version`: the web admin signs out the
sessions opened under an older value. A password set by an admin is temporary: the user must
choose their own at the next sign-in. The last active admin can be neither demoted nor deactivated.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import secrets
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
SAME_PASSWORD = N_("Mật khẩu mới phải khác mật khẩu hiện tại.")
OWN_ADMIN_ROLE = N_("Bạn không thể tự bỏ vai trò quản trị của mình.")
LAST_ADMIN = N_("Phải còn ít nhất một tài khoản quản trị đang hoạt động.")
GENERATED_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"  # nothing to confuse when read aloud: no l/1, o/0
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
                     created_at=now or utcnow(), must_change_password=False, session_version=0)
    session.add(user)
    session.flush()
    return user


def set_password(user: StaffUser, password: str) -> None:
    """A new password chosen by its owner; the sessions signed in with the old one end."""
    check_password(password)
    user.password_hash = generate_password_hash(password, method=HASH_METHOD)
    user.must_change_password = False
    user.session_version += 1


def change_password(session: Session, username: str, current: str, new: str,
                    policy: LockoutPolicy = LockoutPolicy(), now: dt.datetime | None = None) -> LoginResult:
    """A signed-in user's own change. The current password is checked like a sign-in, so wrong
    ones count toward the lockout: a session left open is no way round it. AccountError (nothing
    counted) when the new password is too short or the same as the current one."""
    check_password(new)
    if new == current:
        raise AccountError(SAME_PASSWORD)
    result = authenticate(session, username, current, policy, now)
    if result.outcome is Outcome.OK:
        set_password(result.user, new)
    return result


def reset_password(user: StaffUser, password: str) -> None:
    """An admin's reset to a temporary password, which the user must replace at the next sign-in;
    it also lifts a lockout."""
    set_password(user, password)
    user.must_change_password = True
    unlock(user)


def generate_password() -> str:
    """16 random characters (80 bits) in groups of four, easy to read out: `abcd-efgh-…`."""
    characters = [secrets.choice(GENERATED_ALPHABET) for _ in range(16)]
    return "-".join("".join(characters[start:start + 4]) for start in range(0, 16, 4))


def change_role(session: Session, user: StaffUser, role: Role | str, by: StaffUser) -> None:
    role = Role(role)
    if role is not Role.ADMIN and user.has_role(Role.ADMIN):
        if user.id == by.id:
            raise AccountError(OWN_ADMIN_ROLE)
        _keep_an_admin(session, user)
    user.role = role.value


def set_active(session: Session, user: StaffUser, active: bool) -> None:
    if not active and user.active and user.has_role(Role.ADMIN):
        _keep_an_admin(session, user)
    user.active = active


def _keep_an_admin(session: Session, user: StaffUser) -> None:
    """Refuse a change that leaves no other active admin. The admins' rows stay locked until the
    commit, so two admins demoting each other at the same moment cannot both succeed."""
    admins = session.scalars(select(StaffUser.id).where(StaffUser.role == Role.ADMIN.value,
                                                        StaffUser.active.is_(True)).with_for_update())
    if set(admins) <= {user.id}:
        raise AccountError(LAST_ADMIN)


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
