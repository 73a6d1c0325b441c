"""A staff member's own account page: changing their password (every role).

A wrong current password counts toward the lockout like a wrong sign-in from the same address
(staff.accounts.change_password, which also audits the attempt); the attempt that locks the address out
also signs this session out, so an unattended session cannot be used to guess the password. The new
password signs out the account's other sessions.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from staff.accounts import MIN_PASSWORD_CHARS, AccountError, Outcome, change_password
from webapp.admin.auth import client_address, end_session, locked_message, lockout_policy, start_session
from webapp.admin.blueprint import admin, db, staff
from webapp.admin.forms import PasswordChangeForm


@admin.route("/account", methods=["GET", "POST"])
def account():
    form = PasswordChangeForm()
    error = None
    if form.validate_on_submit():
        try:
            with db() as session:  # audited by change_password
                result = change_password(session, staff().username, form.current_password.data,
                                         form.new_password.data, lockout_policy(), address=client_address())
        except AccountError as refused:
            error = _(refused.message, **refused.values)
        else:
            if result.outcome is Outcome.OK:
                start_session(result.user)
                flash(_("Đã đổi mật khẩu. Các phiên đăng nhập khác của tài khoản này đã bị đăng xuất."))
                return redirect(url_for("admin.home"))
            if result.outcome is Outcome.JUST_LOCKED:
                end_session()
                flash(locked_message(result.locked_until))
                return redirect(url_for("admin.login"))
            error = locked_message(result.locked_until) if result.outcome is Outcome.LOCKED \
                else _("Mật khẩu hiện tại không đúng.")
    page = render_template("admin/account.html", form=form, error=error, min_chars=MIN_PASSWORD_CHARS)
    return page, 400 if error or form.errors else 200
