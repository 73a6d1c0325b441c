"""A loopback stand-in for openapi.zalo.me: answers like the OA API v3 and records every call.

Success envelope as documented in shared/docs/channels.md §1.3:
{"error": 0, "message": "Success", "data": {"message_id": ..., "user_id": ...}}.
A call without the valid `access_token` header gets Zalo's -216 (invalid token), with HTTP 200.
`POST /v4/oa/access_token` rotates the pair like oauth.zaloapp.com (§1.4): a refresh token works
once; reusing it gets -14020.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

from evaluation.servers import free_port


class FakeZaloApi:
    def __init__(self, access_token: str, refresh_token: str = "r1", app_secret: str = "app-secret") -> None:
        self.access_token, self.refresh_token, self.app_secret = access_token, refresh_token, app_secret
        self.refreshes = 0
        self.calls: list[dict] = []
        self.received = threading.Event()
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if self.path == "/v4/oa/access_token":
                    return self._reply(api.rotate(self.headers.get("secret_key"), parse_qs(raw.decode())))
                body = json.loads(raw or b"{}")
                api.calls.append({"path": self.path, "headers": dict(self.headers), "body": body})
                if self.headers.get("access_token") != api.access_token:
                    answer = {"error": -216, "message": "Access token is invalid"}
                else:
                    answer = {"error": 0, "message": "Success",
                              "data": {"message_id": f"m{len(api.calls)}", "user_id": body["recipient"]["user_id"]}}
                self._reply(answer)
                api.received.set()

            def _reply(self, answer):
                payload = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def rotate(self, secret_key: str | None, form: dict) -> dict:
        if secret_key != self.app_secret:
            return {"error": -14002, "error_name": "Invalid app secret"}
        if form.get("refresh_token", [""])[0] != self.refresh_token:
            return {"error": -14020, "error_name": "Invalid refresh token"}
        self.refreshes += 1
        self.access_token, self.refresh_token = f"access-{self.refreshes + 1}", f"r{self.refreshes + 1}"
        return {"access_token": self.access_token, "refresh_token": self.refresh_token, "expires_in": "90000"}

    def close(self) -> None:
        self.server.shutdown()
