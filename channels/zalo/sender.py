"""Send replies through the OA API v3 customer-service endpoint.

Errors come back with HTTP 200 and a non-zero `error`, so every response body is
checked. Buttons become `oa.query.hide` quick replies whose payload comes back
as the message text (an intent payload such as /check_dossier).
"""

from __future__ import annotations

import requests

from channels.messages import Reply, split_text
from channels.zalo.settings import ZaloSettings
from channels.zalo.tokens import EXPIRED_TOKEN_ERRORS, TokenStore

OUTSIDE_WINDOW_ERROR = -230  # the user has not written within the interaction window


class ZaloSendError(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(f"Zalo error {code}: {message}")
        self.code = code


def reply_bodies(settings: ZaloSettings, user_id: str, reply: Reply) -> list[dict]:
    """Request bodies for one reply: long text split at the limit, buttons on the last part."""
    bodies = []
    parts = split_text(reply.text, settings.text_limit) or ([""] if reply.buttons else [])
    for index, part in enumerate(parts):
        message: dict = {"text": part}
        if reply.buttons and index == len(parts) - 1:
            message["attachment"] = {"type": "template", "payload": {"buttons": [
                {"title": b.title[:100], "type": "oa.query.hide", "payload": b.payload[:1000]}
                for b in reply.buttons[:settings.max_buttons]]}}
        bodies.append({"recipient": {"user_id": user_id}, "message": message})
    if reply.image_url:
        bodies.append({"recipient": {"user_id": user_id}, "message": {"attachment": {"type": "template", "payload": {
            "template_type": "media", "elements": [{"media_type": "image", "url": reply.image_url}]}}}})
    return bodies


def send_reply(settings: ZaloSettings, user_id: str, reply: Reply, tokens: TokenStore | None = None) -> None:
    """Send every part; on an expired-token error refresh once (when a token store is given) and retry."""
    http = requests.Session()
    token = tokens.access_token() if tokens else settings.access_token
    for body in reply_bodies(settings, user_id, reply):
        try:
            _post(http, settings, body, token)
        except ZaloSendError as error:
            if tokens is None or error.code not in EXPIRED_TOKEN_ERRORS:
                raise
            token = tokens.refresh(token)
            _post(http, settings, body, token)


def _post(http: requests.Session, settings: ZaloSettings, body: dict, token: str) -> None:
    response = http.post(f"{settings.api_base}/v3.0/oa/message/cs", json=body, headers={"access_token": token},
                         timeout=10)
    response.raise_for_status()
    result = response.json()
    if result.get("error", 0) != 0:
        raise ZaloSendError(int(result.get("error", -1)), str(result.get("message", "")))
