"""Verify and parse Zalo OA webhook events.

Signature: header `X-ZEvent-Signature: mac=<hex>`, hex = SHA-256 (not HMAC) of
app_id + raw body + the body's `timestamp` + secret (shared/docs/channels.md §1.2).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time

from channels.messages import InboundMessage
from channels.zalo.settings import ZaloSettings


class RejectedEvent(Exception):
    """The call is not a genuine, fresh Zalo event; the reason goes back in the 401."""


def expected_mac(app_id: str, raw_body: bytes, timestamp: str, secret: str) -> str:
    return hashlib.sha256(app_id.encode() + raw_body + timestamp.encode() + secret.encode()).hexdigest()


def verify(settings: ZaloSettings, raw_body: bytes, signature_header: str | None, now: float | None = None) -> dict:
    """The decoded event if the signature and timestamp are right; RejectedEvent otherwise."""
    try:
        event = json.loads(raw_body)
    except (ValueError, UnicodeDecodeError, RecursionError) as error:  # RecursionError: nested thousands deep
        raise RejectedEvent("body is not JSON") from error
    if not isinstance(event, dict):
        raise RejectedEvent("body is not a JSON object")
    timestamp = str(event.get("timestamp", ""))
    if settings.verify_signature:
        given = (signature_header or "").removeprefix("mac=").strip()
        wanted = expected_mac(str(event.get("app_id", "")), raw_body, timestamp, settings.signing_secret)
        if str(event.get("app_id")) != settings.app_id or not hmac.compare_digest(given, wanted):
            raise RejectedEvent("bad signature")
    try:
        age = (now if now is not None else time.time()) - int(timestamp) / 1000
    except ValueError as error:
        raise RejectedEvent("missing timestamp") from error
    if abs(age) > settings.max_event_age_seconds:
        raise RejectedEvent("stale timestamp")
    return event


def to_inbound(event: dict) -> InboundMessage | None:
    """A resident's message, or None for events the bot does not answer (its own echoes, seen, follow)."""
    name = str(event.get("event_name", ""))
    if not name.startswith("user_send_"):
        return None
    sender = str((event.get("sender") or {}).get("id", ""))
    message = event.get("message") or {}
    if not sender:
        return None
    attachments = message.get("attachments") or []
    payload = (attachments[0].get("payload") or {}) if attachments else {}
    location = None
    if name == "user_send_location":
        coordinates = payload.get("coordinates") or {}
        try:
            location = (float(coordinates["latitude"]), float(coordinates["longitude"]))
        except (KeyError, TypeError, ValueError):
            return None
    return InboundMessage(
        channel="zalo", sender=sender, text=str(message.get("text") or "") if name != "user_send_location" else "",
        message_id=str(message.get("msg_id") or "") or None,
        image_url=payload.get("url") if name == "user_send_image" else None,
        location=location, metadata={"zalo_event": name},
    )
