"""A request class that answers like the Telegram Bot API and records what the bot sent.

Offline pattern from shared/docs/channels.md §3 (python-telegram-bot v22 `BaseRequest`).
"""

from __future__ import annotations

import json

from telegram.request import BaseRequest, RequestData

BOT_USER = {"id": 42, "is_bot": True, "first_name": "Trợ lý", "username": "tro_ly_bot"}


class FakeBotApi(BaseRequest):
    def __init__(self) -> None:
        self.calls: list[tuple[str, dict]] = []

    @property
    def read_timeout(self) -> float:
        return 5.0

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def do_request(self, url, method, request_data: RequestData | None = None, read_timeout=None,
                         write_timeout=None, connect_timeout=None, pool_timeout=None) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        parameters = request_data.parameters if request_data else {}
        self.calls.append((name, parameters))
        results = {
            "getMe": BOT_USER,
            "sendMessage": {"message_id": len(self.calls), "date": 0, "chat": {"id": parameters.get("chat_id"),
                                                                               "type": "private"},
                            "text": parameters.get("text", "")},
            "answerCallbackQuery": True,
        }
        return 200, json.dumps({"ok": True, "result": results.get(name, True)}).encode()

    def sent(self) -> list[dict]:
        return [parameters for name, parameters in self.calls if name == "sendMessage"]


def text_update(text: str, update_id: int = 1, chat_id: int = 777) -> dict:
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": 0, "text": text, "chat": {"id": chat_id, "type": "private"},
        "from": {"id": chat_id, "is_bot": False, "first_name": "Lan"},
        **({"entities": [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]}
           if text.startswith("/") else {})}}


def button_update(data: str, update_id: int = 2, chat_id: int = 777) -> dict:
    return {"update_id": update_id, "callback_query": {
        "id": f"cb{update_id}", "chat_instance": "ci", "data": data,
        "from": {"id": chat_id, "is_bot": False, "first_name": "Lan"},
        "message": {"message_id": 1, "date": 0, "chat": {"id": chat_id, "type": "private"}, "text": "menu"}}}
