"""Creating staff accounts and checking passwords, with a lockout after repeated wrong passwords.

The lockout is per account *and client address*, so that nobody can lock a colleague out by typing wrong
passwords for their username: after `max_failures` wrong passwords for one account from one address within
`lock_minutes`, that address is refused every password for that account, the right one included, until
the oldest of those failures is `lock_minutes` old. Other addresses are not affected (the sign-in page also
limits each address over all usernames, webapp.admin.auth). The count lives in the database, in the audit
log: every check is recorded there by this module (`login.ok`, `login.wrong`, `login.locked`,
`login.just_locked`; `user.password…` for a password change) with the address, in the caller's
transaction, while the account's row is locked, so it holds across processes and restarts. A right
password from the address, or an admin's unlock or password reset of the account (`user.unlock`,
`user.password_reset`, audited by the admin), starts the count over. The account's `failed_logins`
(wrong passwords in a row, from any address) and `locked_until` (the end of the latest lock of an
address) only inform the admin's account list; they refuse nobody.

An unknown username, a locked address and a deactivated account cost the same hashing time as a wrong
password, and the sign-in page gives them all the same answer, so it does not tell which usernames exist.

Every password change raises the account's `session_version`, and so do a sign-out and a deactivation:
the web admin signs out the sessions opened under an older value. A password set by an admin is
temporary: the user must choose their own at the next sign-in. The last active admin can be neither
demoted nor deactivated.
"""

from __future__ import annotations

import datetime as dt
import enum
import ipaddress
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from localization import N_
from staff.audit import history, record
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
# The audit actions the lockout reads: wrong passwords count, a right one from the same address and an
# admin's unlock or reset (UNLOCKED, recorded by the admin's views) start the count over.
SIGN_IN, PASSWORD_CHANGE = "login", "user.password"
FAILED = {f"{SIGN_IN}.wrong", f"{SIGN_IN}.just_locked", f"{PASSWORD_CHANGE}.wrong", f"{PASSWORD_CHANGE}.just_locked"}
SUCCEEDED = {f"{SIGN_IN}.ok", PASSWORD_CHANGE}
UNLOCK, PASSWORD_RESET = "user.unlock", "user.password_reset"
UNLOCKED = {UNLOCK, PASSWORD_RESET}


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
    """What a check found; the sign-in page answers every outcome but OK with the same message."""

    OK = "ok"
    WRONG = "wrong"  # unknown username or wrong password
    INACTIVE = "inactive"  # the right password of a deactivated account (not counted as a failure)
    LOCKED = "locked"  # this address is locked out of the account: the password was not even checked
    JUST_LOCKED = "just_locked"  # this wrong password locked the address out of the account


@dataclass(frozen=True)
class LoginResult:
    outcome: Outcome
    user: StaffUser | None = None
    locked_until: dt.datetime | None = None  # LOCKED, JUST_LOCKED: when this address may try again


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
                    policy: LockoutPolicy = LockoutPolicy(), now: dt.datetime | None = None,
                    address: str | None = None) -> LoginResult:
    """A signed-in user's own change from `address`, audited (`user.password`, or `user.password.wrong`…).
    The current password is checked like a sign-in, so wrong ones count toward the lockout: a session
    left open is no way round it. AccountError (nothing counted) when the new password is too short or
    the same as the current one."""
    check_password(new)
    if new == current:
        raise AccountError(SAME_PASSWORD)
    now = now or utcnow()
    result = _check(session, username, current, policy, now, address)
    if result.outcome is Outcome.OK:
        set_password(result.user, new)
    action = PASSWORD_CHANGE if result.outcome is Outcome.OK else f"{PASSWORD_CHANGE}.{result.outcome.value}"
    _record_attempt(session, result, username, action, now, address, signed_in=True)
    return result


def reset_password(user: StaffUser, password: str) -> None:
    """An admin's reset to a temporary password, which the user must replace at the next sign-in; it ends
    the account's sessions and, once audited as PASSWORD_RESET, lifts the locks of every address."""
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
    """A deactivation also ends the account's sessions: reactivating it later does not revive them."""
    if not active and user.active and user.has_role(Role.ADMIN):
        _keep_an_admin(session, user)
    if not active and user.active:
        user.session_version += 1
    user.active = active


def end_sessions(session: Session, user_id: int) -> None:
    """Sign out every session of the account (a sign-out): one UPDATE, so two at once both count."""
    session.execute(update(StaffUser).where(StaffUser.id == user_id)
                    .values(session_version=StaffUser.session_version + 1))


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
                 now: dt.datetime | None = None, address: str | None = None) -> LoginResult:
    """Check a sign-in from `address` (the client's IP address) and audit it as `login.<outcome>`, in the
    caller's transaction: that entry is what the lockout counts."""
    now = now or utcnow()
    result = _check(session, username, password, policy, now, address)
    _record_attempt(session, result, username, f"{SIGN_IN}.{result.outcome.value}", now, address)
    return result


def _check(session: Session, username: str, password: str, policy: LockoutPolicy, now: dt.datetime,
           address: str | None) -> LoginResult:
    """The account's row stays locked until the caller commits, so parallel tries all count."""
    user = session.scalar(select(StaffUser).where(StaffUser.username == normalise_username(username))
                          .with_for_update())
    if user is None:
        check_password_hash(_DUMMY_HASH, password or "")
        return LoginResult(Outcome.WRONG)
    failures = _recent_failures(session, user, address, policy, now)
    if len(failures) >= policy.max_failures:
        check_password_hash(_DUMMY_HASH, password or "")  # no quicker than any other answer
        return LoginResult(Outcome.LOCKED, user, _lock_end(failures, policy))
    if not check_password_hash(user.password_hash, password or ""):
        user.failed_logins += 1
        failures.insert(0, now)
        if len(failures) >= policy.max_failures:
            until = _lock_end(failures, policy)
            user.locked_until = max(until, user.locked_until or until)  # for the admin's account list
            return LoginResult(Outcome.JUST_LOCKED, user, until)
        return LoginResult(Outcome.WRONG, user)
    if not user.active:
        return LoginResult(Outcome.INACTIVE, user)
    user.failed_logins = 0
    return LoginResult(Outcome.OK, user)


def _recent_failures(session: Session, user: StaffUser, address: str | None, policy: LockoutPolicy,
                     now: dt.datetime) -> list[dt.datetime]:
    """When the wrong passwords that count against `address` were typed, newest first: those of the last
    `lock_minutes` since the address's last right password and the admin's last unlock or reset."""
    since = now - dt.timedelta(minutes=policy.lock_minutes)
    key = address_key(address)
    failures = []
    for entry in history(session, "staff_user", user.username, FAILED | SUCCEEDED | UNLOCKED, since):
        if entry.action in UNLOCKED:
            break
        if address_key((entry.summary or {}).get("address")) != key:
            continue
        if entry.action in SUCCEEDED:
            break
        failures.append(entry.created_at)
    return failures


def _lock_end(failures: list[dt.datetime], policy: LockoutPolicy) -> dt.datetime:
    """The address may try again once fewer than `max_failures` of its failures are in the window."""
    return failures[policy.max_failures - 1] + dt.timedelta(minutes=policy.lock_minutes)


def _record_attempt(session: Session, result: LoginResult, username: str, action: str, now: dt.datetime,
                    address: str | None, signed_in: bool = False) -> None:
    """The audit entry the lockout counts, about the account (its username when it exists, else the name
    typed). Its actor is the account once it proved who it is (a right password, or a signed-in session
    changing its password), else only the name typed."""
    name = result.user.username if result.user is not None else normalise_username(username)[:64]
    proved = result.outcome is Outcome.OK or signed_in
    actor = result.user if proved and result.user is not None else name
    record(session, actor, action, "staff_user", name, now=now, address=(address or "")[:64] or None)


def address_key(address: str | None) -> str | None:
    """What the lockout compares: an IPv4 address, or an IPv6 /64 network (one subscriber's; a client that
    changes address within it is still one client), or the text itself when it is not an address."""
    if not address:
        return None
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6 and parsed.ipv4_mapped is not None:
        return str(parsed.ipv4_mapped)
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def unlock(user: StaffUser) -> None:
    """An admin's unlock; once audited as UNLOCK it lifts the locks of every address."""
    user.failed_logins, user.locked_until = 0, None
