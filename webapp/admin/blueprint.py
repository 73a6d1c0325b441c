"""The `admin` blueprint, its database session and the role check every staff view goes through."""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, abort, current_app
from flask_login import current_user

from staff.models import Role, StaffUser
from storage.database import session_scope

admin = Blueprint("admin", __name__, url_prefix="/admin", static_folder="static")

REPORT_ROLES = (Role.ADMIN, Role.CASE_OFFICER)
EDITOR_ROLES = (Role.ADMIN, Role.EDITOR)
ADMIN_ROLES = (Role.ADMIN,)


def db():
    """A session on the app database, committed when the block ends."""
    return session_scope(current_app.config.get("APP_DATABASE_URL"))


def staff() -> StaffUser:
    """The signed-in account itself (not Flask-Login's proxy), to store on audit entries."""
    return current_user._get_current_object()


def requires(*roles: Role):
    """Only these roles may open the view; anyone else signed in gets the 403 page."""
    def decorate(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)
        return guarded
    return decorate
