"""Security headers on every response, proxy headers when trusted, the public endpoints' rate limits, and
JSON bodies nested too deep for Python's parser answered as bad JSON (a 400), not a crash.

Three kinds of pages: the chat page, which ward websites embed in the bubble's iframe (frame-ancestors from
WIDGET_FRAME_ANCESTORS); the staff admin, which nobody may frame; and the rest (APIs, guides, static
files). No page runs inline scripts or styles, so the policy never needs 'unsafe-inline'.
"""

from __future__ import annotations

import os

from flask import Flask, Response, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.middleware.proxy_fix import ProxyFix

from webapp.rate_limits import init_rate_limits

POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
          "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'")
NO_DEVICES = "camera=(), microphone=(), payment=(), usb=()"
HSTS = "max-age=31536000"
EMBEDDABLE = {"chat.chat_page"}  # the page the bubble's iframe loads (`/?embed=1`)
CROSS_ORIGIN = EMBEDDABLE | {"widget.widget_script"}  # loaded by ward websites


def init_security(app: Flask) -> None:
    app.config.setdefault("WIDGET_FRAME_ANCESTORS", os.environ.get("WIDGET_FRAME_ANCESTORS", "*"))
    proxies = int(app.config.setdefault("TRUST_PROXY_HEADERS", os.environ.get("TRUST_PROXY_HEADERS") or 0))
    if proxies:  # X-Forwarded-For/-Proto are believed only from this many proxies in front of the app
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    app.json = BoundedJSONProvider(app)
    app.after_request(_add_headers(app.config["WIDGET_FRAME_ANCESTORS"]))
    init_rate_limits(app)


class BoundedJSONProvider(DefaultJSONProvider):
    """`request.get_json(silent=True)` is None for "[[[[…" 100,000 deep instead of a RecursionError (a 500)."""

    def loads(self, s, **kwargs):
        try:
            return super().loads(s, **kwargs)
        except RecursionError as error:
            raise ValueError("JSON nested too deep") from error


def _add_headers(widget_frame_ancestors: str):
    def add(response: Response) -> Response:
        headers = response.headers
        if request.blueprint == "admin":
            headers["Content-Security-Policy"] = f"{POLICY}; frame-ancestors 'none'"
            headers["X-Frame-Options"] = "DENY"
            headers["Referrer-Policy"] = "no-referrer"
            headers["Permissions-Policy"] = f"geolocation=(), {NO_DEVICES}"
        elif request.endpoint in EMBEDDABLE:
            headers["Content-Security-Policy"] = f"{POLICY}; frame-ancestors {widget_frame_ancestors}"
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
            headers["Permissions-Policy"] = f"geolocation=(self), {NO_DEVICES}"  # "Gửi vị trí của tôi"
        else:
            headers["Content-Security-Policy"] = f"{POLICY}; frame-ancestors 'self'"
            headers["X-Frame-Options"] = "SAMEORIGIN"
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
            headers["Permissions-Policy"] = f"geolocation=(), {NO_DEVICES}"
        headers["Cross-Origin-Resource-Policy"] = "cross-origin" if request.endpoint in CROSS_ORIGIN else "same-origin"
        headers["X-Content-Type-Options"] = "nosniff"
        if request.is_secure:  # https, or X-Forwarded-Proto: https from a trusted proxy
            headers["Strict-Transport-Security"] = HSTS
        return response
    return add
