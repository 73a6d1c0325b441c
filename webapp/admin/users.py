"""Accounts (admins only): add one, unlock one, (de)activate one, change its role, reset its password; the audit log.

The rules (one's own admin role, the last active admin) live in staff.accounts. A reset password or a
deactivation signs out every session of the account at its next request; the audit entries of an
unlock and a reset (UNLOCK, PASSWORD_RESET) are what lifts the sign-in locks of the account's addresses.
A generated temporary password is shown once, in the answer to the reset itself: it is never stored in the
session cookie nor in the audit log.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from staff.accounts import (
    MIN_PASSWORD_CHARS,
    PASSWORD_RESET,
    UNLOCK,
    AccountError,
    change_role,
    create_user,
    generate_password,
    reset_password,
    set_active,
    unlock,
)
from staff.audit import entries, record
from staff.models import Role, StaffUser
from storage.database import utcnow
from webapp.admin.blueprint import ADMIN_ROLES, admin, db, requires, staff
from webapp.admin.forms import ConfirmForm, NewUserForm, PasswordResetForm, RoleForm


@admin.route("/users", methods=["GET", "POST"])
@requires(*ADMIN_ROLES)
def users():
    form = NewUserForm()
    error = None
    if form.validate_on_submit():
        with db() as session:
            try:
                user = create_user(session, form.username.data, form.password.data, form.role.data)
            except AccountError as refused:
                error = _(refused.message, **refused.values)
            else:
                record(session, staff(), "user.create", "staff_user", user.username, role=user.role)
        if error is None:
            flash(_("Đã tạo tài khoản %(username)s.", username=user.username))
            return redirect(url_for("admin.users"))
    return _users_page(form, error), 400 if error or form.errors else 200


def _users_page(form: NewUserForm, error: str | None = None, temporary: tuple[str, str] | None = None) -> str:
    """The accounts page; `temporary` is (username, generated password) right after a reset."""
    with db() as session:
        accounts = list(session.scalars(select(StaffUser).order_by(StaffUser.username)))
    return render_template("admin/users.html", form=form, error=error, accounts=accounts, now=utcnow(),
                           temporary=temporary, min_chars=MIN_PASSWORD_CHARS, confirm=ConfirmForm(formdata=None),
                           reset=PasswordResetForm(formdata=None),
                           role_form=lambda account: RoleForm(formdata=None, role=account.role),
                           role_label=lambda role: _(Role(role).label))


@admin.post("/users/<int:user_id>/unlock")
@requires(*ADMIN_ROLES)
def unlock_user(user_id: int):
    return _back(_change_user(user_id, UNLOCK, ConfirmForm(), lambda session, user: unlock(user)))


@admin.post("/users/<int:user_id>/active")
@requires(*ADMIN_ROLES)
def toggle_user(user_id: int):
    if user_id == staff().id:
        flash(_("Bạn không thể tự khóa tài khoản của mình."))
        return redirect(url_for("admin.users"))
    return _back(_change_user(user_id, "user.active", ConfirmForm(),
                              lambda session, user: set_active(session, user, not user.active)))


@admin.post("/users/<int:user_id>/role")
@requires(*ADMIN_ROLES)
def change_user_role(user_id: int):
    form = RoleForm()
    return _back(_change_user(user_id, "user.role", form,
                              lambda session, user: change_role(session, user, form.role.data, staff())))


@admin.post("/users/<int:user_id>/password")
@requires(*ADMIN_ROLES)
def reset_user_password(user_id: int):
    """A typed temporary password is confirmed by a notice; a generated one is shown on the page answered."""
    if user_id == staff().id:
        flash(_("Bạn đổi mật khẩu của chính mình ở trang Đổi mật khẩu."))
        return redirect(url_for("admin.users"))
    form = PasswordResetForm()
    password = form.password.data or generate_password()
    user = _change_user(user_id, PASSWORD_RESET, form, lambda session, user: reset_password(user, password),
                        generated=not form.password.data)
    if user is None or form.password.data:
        return _back(user)
    page = _users_page(NewUserForm(formdata=None), temporary=(user.username, password))
    return page, 200, {"Cache-Control": "no-store"}


def _change_user(user_id: int, action: str, form, change, **summary) -> StaffUser | None:
    """Apply `change(session, user)` when the form is valid and audit it: the changed account, or
    None when nothing changed (a refused change says why in a notice)."""
    if not form.validate_on_submit():
        return None
    with db() as session:
        user = session.get(StaffUser, user_id) or abort(404)
        try:
            change(session, user)
        except AccountError as refused:
            flash(_(refused.message, **refused.values))
            return None
        record(session, staff(), action, "staff_user", user.username, active=user.active, role=user.role,
               **summary)
    return user


def _back(changed: StaffUser | None):
    if changed is not None:
        flash(_("Đã lưu."))
    return redirect(url_for("admin.users"))


@admin.get("/audit")
@requires(*ADMIN_ROLES)
def audit_log():
    with db() as session:
        return render_template("admin/audit.html", entries=entries(session))
