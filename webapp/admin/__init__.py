"""Staff web admin under /admin: sign-in, a dashboard and the report queue, behind roles and CSRF checks.

`init_admin(app)` is all the app factory calls: it sets the session cookie flags, Flask-Login
and CSRFProtect, and registers the blueprint. CSRF is checked on every POST of this blueprint
only: the chat API and the signed webhooks stay as they are.
"""

from __future__ import annotations

import datetime as dt
import os

from flask import Flask, current_app, render_template, request
from flask_babel import gettext as _
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFError, CSRFProtect

import webapp.admin.knowledge  # noqa: F401 (the views register themselves)
import webapp.admin.unanswered  # noqa: F401
from staff.models import StaffUser
from urban_reports.working_time import as_vietnam_time
from webapp.admin import (  # noqa: F401 (the views register themselves)
    account,
    auth,
    content_documents,
    dashboard,
    dossier_upload,
    handoff,
    home,
    reports,
    users,
)
from webapp.admin.blueprint import ADMIN_ROLES, EDITOR_ROLES, REPORT_ROLES, admin, db

PUBLIC_ENDPOINTS = {"admin.login", "admin.static"}
csrf = CSRFProtect()


def init_admin(app: Flask) -> None:
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
                      SESSION_COOKIE_SECURE=not app.debug, PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=10),
                      WTF_CSRF_CHECK_DEFAULT=False)  # checked by _guard, for this blueprint only
    app.config.setdefault("STAFF_MAX_FAILED_LOGINS", int(os.environ.get("STAFF_MAX_FAILED_LOGINS", "5")))
    app.config.setdefault("STAFF_LOCK_MINUTES", float(os.environ.get("STAFF_LOCK_MINUTES", "15")))
    app.config.setdefault("STAFF_LOGIN_ATTEMPTS_PER_ADDRESS", int(os.environ.get("STAFF_LOGIN_ATTEMPTS", "30")))
    csrf.init_app(app)
    logins = LoginManager(app)
    logins.login_view = "admin.login"
    logins.login_message = None
    logins.session_protection = "strong"
    logins.user_loader(_load_user)
    app.register_blueprint(admin)


def _load_user(user_id: str) -> StaffUser | None:
    with db() as session:
        user = session.get(StaffUser, int(user_id)) if user_id.isdigit() else None
        return user if user is not None and user.active else None


@admin.before_request
def _guard():
    """Sign-in first (except the sign-in page), then the CSRF token of every POST, the sign-in form's too."""
    if request.endpoint not in PUBLIC_ENDPOINTS and not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    if current_app.config["WTF_CSRF_ENABLED"]:
        csrf.protect()  # GET and HEAD pass
    return None


@admin.context_processor
def _globals():
    return {"REPORT_ROLES": REPORT_ROLES, "ADMIN_ROLES": ADMIN_ROLES, "EDITOR_ROLES": EDITOR_ROLES,
            "local_time": _local_time}


def _local_time(moment: dt.datetime) -> str:
    """A stored (naive UTC) time as the ward office reads it."""
    return f"{as_vietnam_time(moment):%d/%m/%Y %H:%M}"


@admin.errorhandler(403)
def _forbidden(_error):
    return render_template("admin/error.html", message=_("Tài khoản của bạn không có quyền mở trang này.")), 403


@admin.errorhandler(404)
def _not_found(_error):
    return render_template("admin/error.html", message=_("Không tìm thấy trang hoặc hồ sơ này.")), 404


@admin.errorhandler(CSRFError)
def _forged(_error):
    return render_template("admin/error.html", message=_(
        "Biểu mẫu đã hết hạn hoặc không hợp lệ. Bạn tải lại trang rồi thử lại.")), 400
