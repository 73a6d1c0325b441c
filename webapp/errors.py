"""Errors raised before any view runs (no such route, wrong method, body too large, too many requests) and a
database that is down or restarting, in the format the caller speaks: the GeoReport error document under
/open311/, {"error": ...} for the JSON APIs and webhooks, Flask's page elsewhere."""

from __future__ import annotations

from flask import Flask, Response, current_app, jsonify, request
from flask_babel import gettext
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from open311.serializers import errors as open311_errors

JSON_PREFIXES = ("/api/", "/webhooks/")


def init_errors(app: Flask) -> None:
    for status in (404, 405, 413):
        app.register_error_handler(status, _handle)
    app.register_error_handler(OperationalError, _database_unavailable)


def error_response(status: int, message: str, open311_description: str) -> Response | None:
    """The error in the caller's format; None for pages (Flask's own page is right there)."""
    if request.path.startswith("/open311/"):
        return open311_errors("xml" if request.path.endswith(".xml") else "json", status, open311_description)
    if request.path.startswith(JSON_PREFIXES):
        response = jsonify(error=message)
        response.status_code = status
        return response
    return None


def _handle(error: HTTPException):
    messages = {404: gettext("Không tìm thấy địa chỉ này."), 405: gettext("Phương thức không được hỗ trợ."),
                413: gettext("Tệp gửi lên quá lớn.")}
    response = error_response(error.code, messages[error.code], error.name.lower())
    if response is None:
        return error
    if error.code == 405 and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def _database_unavailable(error: OperationalError):
    """A retry later, not a 500: the engines ping their connections, so the next request after the database is
    back succeeds without restarting anything."""
    current_app.logger.warning("database unavailable: %s", str(error).splitlines()[0])
    message = gettext("Hệ thống đang bận, bạn vui lòng thử lại sau ít phút.")
    return error_response(503, message, "service unavailable") or (message, 503)
