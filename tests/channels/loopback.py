"""Loopback HTTP servers for the fakes of what lies outside this machine (Zalo, Telegram, Zalo's CDN) and
for stand-ins of Rasa: every GET and POST is answered by a function of the request."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

from evaluation.servers import free_port

Response = tuple[int, dict[str, str], bytes]  # status, headers, body
Respond = Callable[[str, str, dict, bytes], Response | None]  # (method, path, headers, raw body); None: no answer
Answer = Callable[[str, dict, bytes], object]  # (path, headers, raw body) -> JSON-able answer


def json_response(body: object, status: int = 200) -> Response:
    return status, {"Content-Type": "application/json"}, json.dumps(body).encode()


class LoopbackServer:
    """Serves on a free loopback port, on its own thread, until `close()`."""

    def __init__(self, respond: Respond) -> None:
        class Handler(BaseHTTPRequestHandler):
            def answer(self, method: str) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                response = respond(method, self.path, dict(self.headers), raw)
                if response is None:  # the caller is not answered (it is gone, or a test holds the call)
                    self.close_connection = True
                    return
                status, headers, body = response
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):  # noqa: N802 (http.server's naming)
                self.answer("GET")

            def do_POST(self):  # noqa: N802
                self.answer("POST")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class JsonServer(LoopbackServer):
    """Answers every request with 200 and the JSON `answer` returns."""

    def __init__(self, answer: Answer) -> None:
        super().__init__(lambda method, path, headers, raw: json_response(answer(path, headers, raw)))
