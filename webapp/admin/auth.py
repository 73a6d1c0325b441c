"""Signing in and out. Wrong passwords lock the account (staff.accounts); each address is also rate-limited.

The address limit is kept in this process's memory: it slows one client trying many usernames,
while the account lockout, kept in the database, is what stops guessing one account's password.
"""

from __future__ import annotations

import math
import threading
import time
from collections import defaultdict, deque

from flask import current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from staff.accounts import LockoutPolicy, Outcome, authenticate
from staff.audit import record
from storage.database import utcnow
from webapp.admin.blueprint import admin, db, staff
from webapp.admin.forms import ConfirmForm, LoginForm

WINDOW_SECONDS = 300


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
    if not _throttle().allow(request.remote_addr or "", current_app.config["STAFF_LOGIN_ATTEMPTS_PER_ADDRESS"]):
        return render_template("admin/login.html", form=form,
                               error=_("Bạn đã thử đăng nhập quá nhiều lần. Vui lòng chờ vài phút.")), 429
    policy = LockoutPolicy(current_app.config["STAFF_MAX_FAILED_LOGINS"], current_app.config["STAFF_LOCK_MINUTES"])
    with db() as database:
        result = authenticate(database, form.username.data, form.password.data, policy)
        actor = result.user if result.outcome is Outcome.OK else form.username.data
        record(database, actor, f"login.{result.outcome.value}", "staff_user", form.username.data[:64])
    if result.outcome is Outcome.OK:
        session.clear()
        login_user(result.user)
        session.permanent = True
        return redirect(_next_page())
    if result.outcome is Outcome.WRONG:
        error = _("Tên đăng nhập hoặc mật khẩu không đúng.")
    else:
        minutes = math.ceil((result.user.locked_until - utcnow()).total_seconds() / 60)
        error = _("Tài khoản tạm khóa vì nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau %(minutes)d phút.",
                  minutes=max(minutes, 1))
    return render_template("admin/login.html", form=form, error=error), 401


def _next_page() -> str:
    """Back to the admin page that asked for sign-in; nothing outside /admin (no open redirect)."""
    target = request.args.get("next") or ""
    return target if target.startswith("/admin/") and "//" not in target and "\\" not in target \
        else url_for("admin.home")


@admin.post("/logout")
def logout():
    if ConfirmForm().validate_on_submit():
        with db() as database:
            record(database, staff(), "logout")
        logout_user()
        session.clear()
    return redirect(url_for("admin.login"))
