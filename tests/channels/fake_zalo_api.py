"""A loopback stand-in for openapi.zalo.me: answers like the OA API v3 and records every call.

Success envelope as documented in shared/docs/channels.md §1.3:
{"error": 0, "message": "Success", "data": {"message_id": ..., "user_id": ...}}.
A call without the `access_token` header gets Zalo's expired/invalid-token error, with HTTP 200.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from evaluation.servers import free_port


class FakeZaloApi:
    def __init__(self, access_token: str) -> None:
        self.access_token = access_token
        self.calls: list[dict] = []
        self.received = threading.Event()
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                api.calls.append({"path": self.path, "headers": dict(self.headers), "body": body})
                if self.headers.get("access_token") != api.access_token:
                    answer = {"error": -216, "message": "Access token is invalid"}
                else:
                    answer = {"error": 0, "message": "Success",
                              "data": {"message_id": f"m{len(api.calls)}", "user_id": body["recipient"]["user_id"]}}
                payload = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
                api.received.set()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
