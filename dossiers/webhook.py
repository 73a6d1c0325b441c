"""Signed status pushes from the one-stop system: `POST /api/dossiers/events` (webapp/dossier_events.py).

Signature: X-Signature = hex HMAC-SHA256(secret, X-Timestamp + "." + raw body), X-Timestamp in
Unix seconds and at most `max_age_seconds` away from now, so a captured call cannot be replayed later.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import time
from dataclasses import dataclass


class Unauthorized(Exception):
    """Not a genuine, fresh call; the reason goes back in the 401."""


@dataclass(frozen=True)
class WebhookSettings:
    secret: str
    max_age_seconds: int = 300

    @classmethod
    def from_env(cls) -> WebhookSettings | None:
        """None (the endpoint answers 404) until DOSSIER_WEBHOOK_SECRET is set."""
        secret = os.environ.get("DOSSIER_WEBHOOK_SECRET", "")
        if not secret:
            return None
        return cls(secret, int(os.environ.get("DOSSIER_WEBHOOK_MAX_AGE_SECONDS", "300")))


def signature(secret: str, timestamp: str, raw_body: bytes) -> str:
    return hmac.new(secret.encode(), timestamp.encode() + b"." + raw_body, hashlib.sha256).hexdigest()


def check_signature(settings: WebhookSettings, raw_body: bytes, timestamp: str | None, given: str | None,
                    now: float | None = None) -> None:
    """Raise Unauthorized unless the call is signed with the shared secret and fresh."""
    if not given or not timestamp:
        raise Unauthorized("missing X-Signature or X-Timestamp header")
    wanted = signature(settings.secret, timestamp, raw_body)
    if not hmac.compare_digest(given.strip().removeprefix("sha256=").lower().encode(), wanted.encode()):
        raise Unauthorized("bad signature")
    try:
        age = (now if now is not None else time.time()) - int(timestamp)
    except ValueError as error:
        raise Unauthorized("X-Timestamp is not Unix seconds") from error
    if abs(age) > settings.max_age_seconds:
        raise Unauthorized("stale timestamp")
