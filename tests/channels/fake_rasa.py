"""A loopback stand-in for Rasa's REST channel: records each message and answers with recorded replies."""

from __future__ import annotations

import json
import threading

from tests.channels.loopback import JsonServer


class FakeRasa:
    def __init__(self, replies: list[dict]) -> None:
        self.replies = replies
        self.messages: list[dict] = []
        self.received = threading.Event()
        self._server = JsonServer(self.answer)
        self.url = self._server.url

    def answer(self, path: str, headers: dict, raw: bytes) -> list[dict]:
        self.messages.append(json.loads(raw))
        self.received.set()
        return self.replies

    def close(self) -> None:
        self._server.close()
