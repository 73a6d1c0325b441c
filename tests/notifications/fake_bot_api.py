"""A Telegram Bot API stand-in over real HTTP on loopback (for `TELEGRAM_API_BASE`), recording every message.

python-telegram-bot posts form fields to `<base>/<token>/<method>`; the answers have the
Bot API's shape. `delay` makes each sendMessage take that long, after it was recorded.
"""

from __future__ import annotations

import os
import threading
import time
from urllib.parse import parse_qs

from tests.channels.fake_telegram import BOT_USER
from tests.channels.loopback import JsonServer


class FakeBotApiServer:
    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.messages: list[tuple[int, str]] = []  # (chat id, text) of each sendMessage, in arrival order
        self._lock = threading.Lock()
        self._server = JsonServer(self.answer)
        handler = self._server.server.RequestHandlerClass
        handler.protocol_version, handler.disable_nagle_algorithm = "HTTP/1.1", True  # keep-alive, as Telegram's
        self.base_url = f"{self._server.url}/bot"

    def answer(self, path: str, headers: dict, raw: bytes) -> dict:
        if path.endswith("/getMe"):
            return {"ok": True, "result": BOT_USER}
        form = {name: values[0] for name, values in parse_qs(raw.decode()).items()}
        chat_id = int(form["chat_id"])
        with self._lock:
            self.messages.append((chat_id, form["text"]))
            message_id = len(self.messages)
        time.sleep(self.delay)
        return {"ok": True, "result": {"message_id": message_id, "date": int(time.time()), "text": form["text"],
                                       "chat": {"id": chat_id, "type": "private"}}}

    def dispatcher_env(self, database_url: str, **settings: str) -> dict[str, str]:
        """The environment of a `python -m notifications dispatch` process that delivers here (and only here)."""
        env = {name: value for name, value in os.environ.items() if not name.startswith(("ZALO_", "TELEGRAM_"))}
        return {**env, "APP_DATABASE_URL": database_url, "TELEGRAM_BOT_TOKEN": "123:ABC",
                "TELEGRAM_API_BASE": self.base_url, **settings}

    def close(self) -> None:
        self._server.close()
