"""Errors raised before any view runs (no such route, wrong method, body too large, too many requests), in the
format the caller speaks: the GeoReport error document under /open311/, {"error": ...} for the JSON APIs and
webhooks, Flask's page elsewhere."""

from __future__ import annotations

from flask import Flask, Response, jsonify, request
from flask_babel import gettext
from werkzeug.exceptions import HTTPException

from open311.serializers import errors as open311_errors

JSON_PREFIXES = ("/api/", "/webhooks/")


def init_errors(app: Flask) -> None:
    for status in (404, 405, 413):
        app.register_error_handler(status, _handle)


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
