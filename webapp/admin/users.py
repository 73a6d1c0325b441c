"""Accounts (admins only): add one, unlock one, deactivate or reactivate one; and the audit log."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from staff.accounts import AccountError, create_user, unlock
from staff.audit import entries, record
from staff.models import Role, StaffUser
from storage.database import utcnow
from webapp.admin.blueprint import ADMIN_ROLES, admin, db, requires, staff
from webapp.admin.forms import ConfirmForm, NewUserForm


@admin.route("/users", methods=["GET", "POST"])
@requires(*ADMIN_ROLES)
def users():
    form = NewUserForm()
    error = None
    with db() as session:
        if form.validate_on_submit():
            try:
                user = create_user(session, form.username.data, form.password.data, form.role.data)
            except AccountError as refused:
                error = _(refused.message, **refused.values)
            else:
                record(session, staff(), "user.create", "staff_user", user.username, role=user.role)
                flash(_("Đã tạo tài khoản %(username)s.", username=user.username))
                return redirect(url_for("admin.users"))
        accounts = list(session.scalars(select(StaffUser).order_by(StaffUser.username)))
        page = render_template("admin/users.html", form=form, error=error, accounts=accounts, now=utcnow(),
                               confirm=ConfirmForm(formdata=None), role_label=lambda role: _(Role(role).label))
    return page, 400 if error or form.errors else 200


@admin.post("/users/<int:user_id>/unlock")
@requires(*ADMIN_ROLES)
def unlock_user(user_id: int):
    return _change_user(user_id, "user.unlock", unlock)


@admin.post("/users/<int:user_id>/active")
@requires(*ADMIN_ROLES)
def toggle_user(user_id: int):
    if user_id == staff().id:
        flash(_("Bạn không thể tự khóa tài khoản của mình."))
        return redirect(url_for("admin.users"))
    return _change_user(user_id, "user.active", lambda user: setattr(user, "active", not user.active))


def _change_user(user_id: int, action: str, change):
    if ConfirmForm().validate_on_submit():
        with db() as session:
            user = session.get(StaffUser, user_id) or abort(404)
            change(user)
            record(session, staff(), action, "staff_user", user.username, active=user.active)
        flash(_("Đã lưu."))
    return redirect(url_for("admin.users"))


@admin.get("/audit")
@requires(*ADMIN_ROLES)
def audit_log():
    with db() as session:
        return render_template("admin/audit.html", entries=entries(session))
