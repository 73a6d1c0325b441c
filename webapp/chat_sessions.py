"""Server-issued chat session ids: random, and signed so a browser cannot pick its own.

The id is the web channel's sender id, so the Rasa conversation `web:<id>` can
only be reached by the browser that was given it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

_FORMAT = re.compile(r"^[A-Za-z0-9_-]{24}\.[A-Za-z0-9_-]{22}$")


def _signature(token: str, secret: str) -> str:
    digest = hmac.new(secret.encode(), token.encode(), hashlib.sha256).digest()[:16]
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def new_session_id(secret: str) -> str:
    token = secrets.token_urlsafe(18)
    return f"{token}.{_signature(token, secret)}"


def is_valid_session_id(value: object, secret: str) -> bool:
    if not isinstance(value, str) or not _FORMAT.match(value):
        return False
    token, signature = value.split(".")
    return hmac.compare_digest(signature, _signature(token, secret))
