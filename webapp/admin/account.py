"""A staff member's own account page: changing their password (every role).

A wrong current password counts toward the lockout like a wrong sign-in (staff.accounts.change_password);
the attempt that locks the account also signs this session out, so an unattended session cannot be
used to guess the password. The new password signs out the account's other sessions.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from staff.accounts import MIN_PASSWORD_CHARS, AccountError, Outcome, change_password
from staff.audit import record
from webapp.admin.auth import end_session, locked_message, lockout_policy, start_session
from webapp.admin.blueprint import admin, db, staff
from webapp.admin.forms import PasswordChangeForm


@admin.route("/account", methods=["GET", "POST"])
def account():
    form = PasswordChangeForm()
    error = None
    if form.validate_on_submit():
        try:
            with db() as session:
                result = change_password(session, staff().username, form.current_password.data,
                                         form.new_password.data, lockout_policy())
                action = "user.password" if result.outcome is Outcome.OK else f"user.password.{result.outcome.value}"
                record(session, staff(), action, "staff_user", staff().username)
        except AccountError as refused:
            error = _(refused.message, **refused.values)
        else:
            if result.outcome is Outcome.OK:
                start_session(result.user)
                flash(_("Đã đổi mật khẩu. Các phiên đăng nhập khác của tài khoản này đã bị đăng xuất."))
                return redirect(url_for("admin.home"))
            if result.outcome is Outcome.JUST_LOCKED:
                end_session()
                flash(locked_message(result.user))
                return redirect(url_for("admin.login"))
            error = _("Mật khẩu hiện tại không đúng.") if result.outcome is Outcome.WRONG \
                else locked_message(result.user)
    page = render_template("admin/account.html", form=form, error=error, min_chars=MIN_PASSWORD_CHARS)
    return page, 400 if error or form.errors else 200
