"""Recorded Zalo OA webhook payloads (shared/docs/channels.md §1.1) and a signer for tests."""

import json
import time

from channels.zalo.webhook import expected_mac

APP_ID = "50554360515256678"
OA_SECRET = "test-oa-secret-key"


def user_send_text(text: str, msg_id: str, sender: str = "5510185758261927916") -> dict:
    # Shape of the payload posted on the Zalo developer forum (channels.md §1.1); ids are strings.
    return {"event_name": "user_send_text", "app_id": APP_ID, "sender": {"id": sender},
            "recipient": {"id": "1646843870823903717"}, "message": {"text": text, "msg_id": msg_id},
            "timestamp": str(int(time.time() * 1000)), "user_id_by_app": "3611371994410983884"}


def user_send_location(msg_id: str) -> dict:
    # Logged payload kept in chatwoot's location_service.rb (channels.md §1.1): coordinates are strings.
    return {"event_name": "user_send_location", "app_id": APP_ID, "sender": {"id": "8309393969855402319"},
            "recipient": {"id": "1423847451268726170"},
            "message": {"attachments": [{"payload": {"coordinates": {"latitude": "10.7923119",
                                                                     "longitude": "106.7820651"}},
                                         "type": "location"}], "text": "Cơm Coffee New Sky", "msg_id": msg_id},
            "timestamp": str(int(time.time() * 1000)), "user_id_by_app": "7300442764876318465"}


def signed(event: dict, secret: str = OA_SECRET) -> tuple[bytes, dict]:
    body = json.dumps(event, ensure_ascii=False).encode()
    mac = expected_mac(event["app_id"], body, event["timestamp"], secret)
    return body, {"X-ZEvent-Signature": f"mac={mac}", "Content-Type": "application/json"}
