"""Rate limits on the public endpoints (Flask-Limiter), kept in RATELIMIT_STORAGE_URI (Redis in production).

The chat endpoints count per conversation (the signed session id) and, as a ceiling, per address, since
anyone may ask for new session ids; the other public endpoints count per address. A Redis outage must not
take the chat down: the limits then run in this process's memory and the errors are logged.
"""

from __future__ import annotations

import math
import os
import time
from functools import partial

from flask import Flask, current_app, jsonify, request
from flask_babel import gettext as _
from flask_limiter import Limit, Limiter, RateLimitExceeded
from limits import parse_many

from webapp.chat_sessions import is_valid_session_id
from webapp.errors import error_response

# Each limit, its environment variable and its default (limits' notation: "30/minute", "5/second;100/hour").
DEFAULT_LIMITS = {
    "RATELIMIT_CHAT": "30/minute",  # messages per conversation
    "RATELIMIT_UPLOAD": "10/minute",  # photos per conversation
    "RATELIMIT_UPDATES": "30/minute",  # update and "Hồ sơ của tôi" checks per conversation (the page: 4/minute)
    "RATELIMIT_CHAT_PER_ADDRESS": "300/minute",  # all conversations of one address (a ward office's NAT)
    "RATELIMIT_NEW_SESSION": "30/minute",  # new conversations per address
    "RATELIMIT_SEARCH": "60/minute",  # /api/search and /api/procedures per address
    "RATELIMIT_OPEN311": "30/minute",  # GeoReport POST requests per address
    "RATELIMIT_WEBHOOKS": "1200/minute",  # Zalo and the one-stop system per address
    "RATELIMIT_GUIDES": "60/minute",  # printable guides per address
}

# Endpoint (or blueprint) -> (limit per conversation, limit per address), as names of DEFAULT_LIMITS.
RULES = {
    "chat.send": ("RATELIMIT_CHAT", "RATELIMIT_CHAT_PER_ADDRESS"),
    "chat.upload_photo": ("RATELIMIT_UPLOAD", "RATELIMIT_CHAT_PER_ADDRESS"),
    "chat.updates": ("RATELIMIT_UPDATES", "RATELIMIT_CHAT_PER_ADDRESS"),
    "chat.acknowledge_updates": ("RATELIMIT_UPDATES", "RATELIMIT_CHAT_PER_ADDRESS"),
    "chat.my_dossiers": ("RATELIMIT_UPDATES", "RATELIMIT_CHAT_PER_ADDRESS"),
    "chat.new_session": (None, "RATELIMIT_NEW_SESSION"),
    "api": (None, "RATELIMIT_SEARCH"),
    "open311.post_request": (None, "RATELIMIT_OPEN311"),
    "zalo": (None, "RATELIMIT_WEBHOOKS"),
    "dossier_events": (None, "RATELIMIT_WEBHOOKS"),
    "guides": (None, "RATELIMIT_GUIDES"),
}
REDIS_TIMEOUT_SECONDS = 0.5  # a stalled Redis must not hold a resident's message


def init_rate_limits(app: Flask) -> Limiter:
    # RATELIMIT_ENABLED=0 only for load tests, where every simulated resident shares one address.
    enabled = os.environ.get("RATELIMIT_ENABLED", "1").lower() not in ("0", "false", "no")
    app.config.setdefault("RATELIMIT_ENABLED", enabled)
    for name, default in DEFAULT_LIMITS.items():
        parse_many(app.config.setdefault(name, os.environ.get(name, default)))  # a typo stops the start, loudly
    storage_uri = app.config.setdefault("RATELIMIT_STORAGE_URI", os.environ.get("RATELIMIT_STORAGE_URI", "memory://"))
    options = {}
    if storage_uri.startswith(("redis://", "rediss://", "redis+unix://")):
        options = {"socket_connect_timeout": REDIS_TIMEOUT_SECONDS, "socket_timeout": REDIS_TIMEOUT_SECONDS}
    limiter = Limiter(
        _address_key, storage_uri=storage_uri, storage_options=options,
        default_limits=[Limit(lambda: _limit(0), key_function=_conversation_key),
                        Limit(lambda: _limit(1), key_function=_address_key)],
        in_memory_fallback_enabled=True, swallow_errors=True,
        key_prefix=app.config.get("RATELIMIT_KEY_PREFIX", "tlcd"),
    )
    limiter.init_app(app)
    app.register_error_handler(RateLimitExceeded, partial(_too_many_requests, limiter))
    return limiter


def _limit(which: int) -> str:
    """This request's limit string; "" (no limit) for endpoints without a rule, such as the admin's."""
    rule = RULES.get(request.endpoint or "") or RULES.get(request.blueprint or "")
    name = rule[which] if rule else None
    return current_app.config[name] if name else ""


def _address_key() -> str:
    return f"address:{request.remote_addr or ''}"


def _conversation_key() -> str:
    """The signed session id sent with the request; without a valid one the address stands in."""
    body = request.get_json(silent=True)
    session_id = (request.args.get("session_id") or request.form.get("session_id")
                  or (body.get("session_id") if isinstance(body, dict) else None))
    if is_valid_session_id(session_id, current_app.config["SECRET_KEY"]):
        return f"session:{session_id}"
    return _address_key()


def _too_many_requests(limiter: Limiter, error: RateLimitExceeded):
    message = _("Bạn gửi quá nhiều yêu cầu trong thời gian ngắn. Bạn vui lòng đợi một chút rồi thử lại nhé.")
    if request.path.startswith("/open311/"):  # GeoReport clients read the spec's error document
        response = error_response(429, message, "too many requests")
    else:
        response = jsonify(error=message, code="rate_limited")
        response.status_code = 429
    response.headers["Retry-After"] = str(_seconds_until_reset(limiter, error))
    return response


def _seconds_until_reset(limiter: Limiter, error: RateLimitExceeded) -> int:
    try:
        reset_at = limiter.current_limit.reset_at
    except Exception:  # noqa: BLE001 - the storage went away in between: the whole window is a safe answer
        return error.limit.limit.get_expiry()
    return max(1, math.ceil(reset_at - time.time()))
