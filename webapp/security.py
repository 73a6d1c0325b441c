"""Security headers on every response, proxy headers when trusted, the public endpoints' rate limits, the
production profile's start-up checks, and JSON bodies nested too deep for Python's parser answered as bad
JSON (a 400), not a crash.

Framing: the chat page as the bubble's iframe loads it (`/?embed=1`) may be framed by the sites in
WIDGET_FRAME_ANCESTORS (any site by default, for `make run`); the staff admin by nobody; everything else,
the full chat page and kiosk included, only by this site. No page runs inline scripts or styles, so the
policy never needs 'unsafe-inline'.

TRUST_PROXY_HEADERS is the number of reverse proxies in front of the app (0, the default: none, the
headers are ignored; the production profile sets 1 for its nginx): X-Forwarded-For/-Proto are believed
from that many, giving the client's address (rate limits, the staff sign-in lockout) and https (HSTS).

The production profile (APP_ENV=production, set by `python -m deployment render`) refuses to start
without WIDGET_FRAME_ANCESTORS naming the ward websites (not `*`) and without METRICS_TOKEN (/metrics
would be public).
"""

from __future__ import annotations

import logging
import os

from flask import Flask, Response, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.middleware.proxy_fix import ProxyFix

from webapp.rate_limits import init_rate_limits

POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
          "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'")
NO_DEVICES = "camera=(), microphone=(), payment=(), usb=()"
HSTS = "max-age=31536000"
CHAT_PAGE = "chat.chat_page"  # the full page, the kiosk, and (`?embed=1`) the bubble's iframe
PRODUCTION = "production"
DEVELOPMENT_FRAME_ANCESTORS = "*"  # `make run`: the bubble may be tried on any local page
ANY_SITE = {"*", "http:", "https:", "http://*", "https://*"}  # frame-ancestors sources that allow every site
logger = logging.getLogger(__name__)


class UnsafeSettings(RuntimeError):
    """The app refuses to start: the message says which settings to fix."""


def init_security(app: Flask) -> None:
    app.config.setdefault("APP_ENV", os.environ.get("APP_ENV") or "development")
    app.config.setdefault("WIDGET_FRAME_ANCESTORS", os.environ.get("WIDGET_FRAME_ANCESTORS") or "")
    app.config.setdefault("METRICS_TOKEN", os.environ.get("METRICS_TOKEN") or "")
    app.config.setdefault("TRUST_PROXY_HEADERS", os.environ.get("TRUST_PROXY_HEADERS") or 0)
    check_settings(app.config)
    proxies = trusted_proxies(app.config["TRUST_PROXY_HEADERS"])
    if proxies:  # X-Forwarded-For/-Proto are believed only from this many proxies in front of the app
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    app.json = BoundedJSONProvider(app)
    app.after_request(_add_headers(app.config["WIDGET_FRAME_ANCESTORS"].strip() or DEVELOPMENT_FRAME_ANCESTORS))
    init_rate_limits(app)


def check_settings(config) -> None:
    """UnsafeSettings, naming every setting to fix, when the app must not start with these settings."""
    problems = setting_problems(config)
    if problems:
        raise UnsafeSettings("The web app will not start: " + " ".join(problems))
    if config.get("APP_ENV") == PRODUCTION and not trusted_proxies(config.get("TRUST_PROXY_HEADERS")):
        logger.warning("TRUST_PROXY_HEADERS is 0 in the production profile: behind nginx every client then has "
                       "nginx's address, for the rate limits and the staff sign-in lockout alike")


def setting_problems(config) -> list[str]:
    """What is wrong with these settings (an app config or the production profile's environment), in English
    for the operator; the production profile (APP_ENV=production) asks for more than `make run`."""
    problems = []
    ancestors = str(config.get("WIDGET_FRAME_ANCESTORS") or "").strip()
    if any(character in ancestors for character in ";,\r\n"):
        problems.append("WIDGET_FRAME_ANCESTORS is a space-separated list of CSP sources "
                        "(e.g. \"https://phuong1.example.gov.vn https://*.example.gov.vn\"), without ';' or ','.")
    try:
        trusted_proxies(config.get("TRUST_PROXY_HEADERS"))
    except ValueError:
        problems.append(f"TRUST_PROXY_HEADERS is the number of reverse proxies in front of the app (0 or more), "
                        f"not {config.get('TRUST_PROXY_HEADERS')!r}.")
    if config.get("APP_ENV") == PRODUCTION:
        if not ancestors or set(ancestors.split()) & ANY_SITE:
            problems.append("Production profile (APP_ENV=production): set WIDGET_FRAME_ANCESTORS to the websites "
                            "allowed to embed the chat bubble, e.g. \"https://phuong1.example.gov.vn\" "
                            "(or 'self', or 'none' for no widget); it is unset or allows any site ('*').")
        if not str(config.get("METRICS_TOKEN") or "").strip():
            problems.append("Production profile (APP_ENV=production): set METRICS_TOKEN, the bearer token "
                            "Prometheus sends to /metrics; without it /metrics is public.")
    return problems


def trusted_proxies(value) -> int:
    """TRUST_PROXY_HEADERS as a number; ValueError unless a whole number, 0 or more (unset: 0)."""
    proxies = int(str(value).strip() or 0) if value is not None else 0
    if proxies < 0:
        raise ValueError(value)
    return proxies


class BoundedJSONProvider(DefaultJSONProvider):
    """`request.get_json(silent=True)` is None for "[[[[…" 100,000 deep instead of a RecursionError (a 500)."""

    def loads(self, s, **kwargs):
        try:
            return super().loads(s, **kwargs)
        except RecursionError as error:
            raise ValueError("JSON nested too deep") from error


def _embedded() -> bool:
    """The chat page as the bubble's iframe loads it: `/?embed=1`, unless `kiosk=1` (which wins, as in webapp.chat)."""
    return request.endpoint == CHAT_PAGE and request.args.get("embed") == "1" and request.args.get("kiosk") != "1"


def _add_headers(widget_frame_ancestors: str):
    def add(response: Response) -> Response:
        headers = response.headers
        embedded = _embedded()
        if request.blueprint == "admin":
            headers["Content-Security-Policy"] = f"{POLICY}; frame-ancestors 'none'"
            headers["X-Frame-Options"] = "DENY"
            headers["Referrer-Policy"] = "no-referrer"
            headers["Permissions-Policy"] = f"geolocation=(), {NO_DEVICES}"
        elif embedded:
            headers["Content-Security-Policy"] = f"{POLICY}; frame-ancestors {widget_frame_ancestors}"
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
            headers["Permissions-Policy"] = f"geolocation=(self), {NO_DEVICES}"  # "Gửi vị trí của tôi"
        else:  # the full chat page and kiosk too: only this site may frame them
            headers["Content-Security-Policy"] = f"{POLICY}; frame-ancestors 'self'"
            headers["X-Frame-Options"] = "SAMEORIGIN"
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
            location = "self" if request.endpoint == CHAT_PAGE else ""  # the full page sends locations too
            headers["Permissions-Policy"] = f"geolocation=({location}), {NO_DEVICES}"
        cross_origin = embedded or request.endpoint == "widget.widget_script"  # loaded by ward websites
        headers["Cross-Origin-Resource-Policy"] = "cross-origin" if cross_origin else "same-origin"
        headers["X-Content-Type-Options"] = "nosniff"
        if request.is_secure:  # https, or X-Forwarded-Proto: https from a trusted proxy
            headers["Strict-Transport-Security"] = HSTS
        return response
    return add
