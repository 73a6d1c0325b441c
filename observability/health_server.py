"""A tiny HTTP /healthz for a process that serves no HTTP itself (the notification dispatcher)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable


def serve_health(port: int, healthy: Callable[[], bool], host: str = "127.0.0.1") -> ThreadingHTTPServer:
    """GET /healthz answers 200 {"status": "ok"} while `healthy()` holds, else 503 {"status": "stalled"};
    served by a daemon thread until the process ends (or `shutdown()`)."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's naming)
            if self.path != "/healthz":
                self._answer(404, {"status": "not_found"})
            elif healthy():
                self._answer(200, {"status": "ok"})
            else:
                self._answer(503, {"status": "stalled"})

        def _answer(self, status: int, body: dict) -> None:
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):  # a probe every few seconds is not worth a log line
            pass

    server = ThreadingHTTPServer((host, port), Handler)
    threading.Thread(target=server.serve_forever, name="health", daemon=True).start()
    return server
