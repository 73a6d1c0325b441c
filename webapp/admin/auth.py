"""Signing in and out. Wrong passwords lock the client's address out of the account (staff.accounts); each
address is also rate-limited over all usernames.

The address limit is kept in this process's memory: it slows one client trying many usernames, while
the lockout per account and address, kept in the database, is what stops guessing one account's
password without letting anyone lock a colleague out. The page gives one answer to every refused
sign-in (unknown username, wrong password, locked, deactivated), so it tells nobody which usernames
exist or are locked. The address is `request.remote_addr`: the client's own only when TRUST_PROXY_HEADERS
matches the proxies in front (webapp.security).

A session remembers the account's `session_version` at sign-in; a password change, a sign-out, an
admin's reset or deactivation raise it, and every session opened before is signed out at its next
request (a copied session cookie included). An account with a temporary password (set by an admin) can
open only the password change page until it has its own.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
import time
from collections import defaultdict, deque

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from staff.accounts import LockoutPolicy, Outcome, address_key, authenticate, end_sessions
from staff.audit import record
from staff.models import StaffUser
from storage.database import utcnow
from webapp.admin.blueprint import admin, db, staff
from webapp.admin.forms import ConfirmForm, LoginForm

WINDOW_SECONDS = 300
SESSION_VERSION = "staff_session_version"
OPEN_WITH_TEMPORARY_PASSWORD = {"admin.account", "admin.logout", "admin.static"}


class Throttle:
    """At most `limit` attempts per key in any `window` seconds."""

    def __init__(self, window: float = WINDOW_SECONDS) -> None:
        self.window = window
        self._attempts: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def allow(self, key: str, limit: int, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        with self._lock:
            for old_key in [k for k, times in self._attempts.items() if times[-1] <= now - self.window]:
                del self._attempts[old_key]  # forget quiet addresses
            attempts = self._attempts[key]
            while attempts and attempts[0] <= now - self.window:
                attempts.popleft()
            if len(attempts) >= limit:
                return False
            attempts.append(now)
            return True


def _throttle() -> Throttle:
    return current_app.extensions.setdefault("staff_login_throttle", Throttle())


@admin.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("admin.home"))
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("admin/login.html", form=form), 400 if request.method == "POST" else 200
    limit = current_app.config["STAFF_LOGIN_ATTEMPTS_PER_ADDRESS"]
    if not _throttle().allow(address_key(client_address()) or "", limit):
        return render_template("admin/login.html", form=form,
                               error=_("Bạn đã thử đăng nhập quá nhiều lần. Vui lòng chờ vài phút.")), 429
    with db() as database:  # audited by authenticate
        result = authenticate(database, form.username.data, form.password.data, lockout_policy(),
                              address=client_address())
    if result.outcome is Outcome.OK:
        start_session(result.user)
        return redirect(url_for("admin.account") if result.user.must_change_password else _next_page())
    # Unknown username, wrong password, locked address, deactivated account: one answer, one status.
    error = _("Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đang tạm khóa.")
    return render_template("admin/login.html", form=form, error=error), 401


def client_address() -> str | None:
    return request.remote_addr


def lockout_policy() -> LockoutPolicy:
    return LockoutPolicy(current_app.config["STAFF_MAX_FAILED_LOGINS"], current_app.config["STAFF_LOCK_MINUTES"])


def locked_message(locked_until: dt.datetime | None) -> str:
    """For a signed-in user's own password change only: the sign-in page never says an account is locked."""
    minutes = math.ceil(((locked_until or utcnow()) - utcnow()).total_seconds() / 60)
    return _("Tài khoản tạm khóa vì nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau %(minutes)d phút.",
             minutes=max(minutes, 1))


def start_session(user: StaffUser) -> None:
    """A new session (nothing kept from the old one but the language) tied to the current password."""
    _clear_session()
    login_user(user)
    session.permanent = True
    session[SESSION_VERSION] = user.session_version


def end_session() -> None:
    logout_user()
    _clear_session()


def _clear_session() -> None:
    language = session.get("lang")  # the language choice, see webapp._select_locale
    session.clear()
    if language:
        session["lang"] = language


@admin.before_request
def _check_session():
    """Sign out a session opened before the account's last password change, sign-out or deactivation; send a
    temporary password to be changed.

    Sessions from before session versions existed count as version 0.
    """
    if not current_user.is_authenticated:
        return None
    if session.get(SESSION_VERSION, 0) != current_user.session_version:
        end_session()
        flash(_("Phiên đăng nhập đã kết thúc (đăng xuất, đổi mật khẩu hoặc thay đổi tài khoản). "
                "Vui lòng đăng nhập lại."))
        return current_app.login_manager.unauthorized()
    if current_user.must_change_password and request.endpoint not in OPEN_WITH_TEMPORARY_PASSWORD:
        return redirect(url_for("admin.account"))
    return None


def _next_page() -> str:
    """Back to the admin page that asked for sign-in; nothing outside /admin (no open redirect)."""
    target = request.args.get("next") or ""
    return target if target.startswith("/admin/") and "//" not in target and "\\" not in target \
        else url_for("admin.home")


@admin.post("/logout")
def logout():
    """Signs out every session of the account, not only this browser's: a copied cookie dies with it."""
    if ConfirmForm().validate_on_submit():
        with db() as database:
            end_sessions(database, staff().id)
            record(database, staff(), "logout", address=client_address())
        end_session()
    return redirect(url_for("admin.login"))
