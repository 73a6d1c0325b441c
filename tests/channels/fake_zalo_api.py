"""A loopback stand-in for openapi.zalo.me: answers like the OA API v3 and records every call.

Success envelope as documented in shared/docs/channels.md §1.3:
{"error": 0, "message": "Success", "data": {"message_id": ..., "user_id": ...}}.
A call without the valid `access_token` header gets Zalo's -216 (invalid token), with HTTP 200;
setting `refuse_with` (e.g. -230, outside the interaction window) makes every send fail that way.
`POST /v4/oa/access_token` rotates the pair like oauth.zaloapp.com (§1.4): a refresh token works
once; reusing it gets -14020.
"""

from __future__ import annotations

import json
import threading
from urllib.parse import parse_qs

from tests.channels.loopback import JsonServer


class FakeZaloApi:
    def __init__(self, access_token: str, refresh_token: str = "r1", app_secret: str = "app-secret") -> None:
        self.access_token, self.refresh_token, self.app_secret = access_token, refresh_token, app_secret
        self.refreshes = 0
        self.refuse_with: int | None = None
        self.calls: list[dict] = []
        self.received = threading.Event()
        self._server = JsonServer(self.answer)
        self.url = self._server.url

    def answer(self, path: str, headers: dict, raw: bytes) -> dict:
        if path == "/v4/oa/access_token":
            return self.rotate(headers.get("secret_key"), parse_qs(raw.decode()))
        body = json.loads(raw or b"{}")
        self.calls.append({"path": path, "headers": headers, "body": body})
        self.received.set()
        if headers.get("access_token") != self.access_token:
            return {"error": -216, "message": "Access token is invalid"}
        if self.refuse_with is not None:
            return {"error": self.refuse_with, "message": "User has not interacted with the OA in the last 7 days"}
        return {"error": 0, "message": "Success",
                "data": {"message_id": f"m{len(self.calls)}", "user_id": body["recipient"]["user_id"]}}

    def rotate(self, secret_key: str | None, form: dict) -> dict:
        if secret_key != self.app_secret:
            return {"error": -14002, "error_name": "Invalid app secret"}
        if form.get("refresh_token", [""])[0] != self.refresh_token:
            return {"error": -14020, "error_name": "Invalid refresh token"}
        self.refreshes += 1
        self.access_token, self.refresh_token = f"access-{self.refreshes + 1}", f"r{self.refreshes + 1}"
        return {"access_token": self.access_token, "refresh_token": self.refresh_token, "expires_in": "90000"}

    def sent_texts(self) -> list[str]:
        return [call["body"]["message"].get("text", "") for call in self.calls
                if call["path"] == "/v3.0/oa/message/cs"]

    def close(self) -> None:
        self._server.close()
