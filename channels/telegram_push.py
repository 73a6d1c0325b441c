"""Push replies to a Telegram chat through the Bot API, rendered exactly like the bridge's answers.

For synchronous callers (web app, workers): each push runs its own event loop.
Button payloads longer than 64 bytes travel as keys only the pushing process
knows, so the bridge answers a tap on one with the menu; keep pushed payloads short.
"""

from __future__ import annotations

import asyncio
from typing import Sequence

from telegram import Bot
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.request import BaseRequest

from channels.messages import Reply
from channels.outbound import Delivery
from channels.telegram_bot import CallbackPayloads, send_reply


class TelegramAdapter:
    channel = "telegram"

    def __init__(self, token: str, request: BaseRequest | None = None) -> None:
        self._token, self._request = token, request
        self._payloads = CallbackPayloads()

    def push(self, recipient: str, replies: Sequence[Reply], idempotency_key: str | None = None) -> Delivery:
        """The Bot API has no idempotency key: `idempotency_key` is accepted for the interface and unused."""
        if not recipient.lstrip("-").isdigit():  # chat ids are integers, negative for groups
            return Delivery.failed("bad_telegram_chat_id", retryable=False)
        try:
            asyncio.run(self._send(int(recipient), replies))
        except (Forbidden, BadRequest) as error:  # blocked by the user, chat gone, malformed message
            return Delivery.failed(f"telegram_refused: {error.message}", retryable=False)
        except TelegramError as error:  # network, time-out, flood control
            return Delivery.failed(f"telegram_unavailable: {error.message}", retryable=True)
        return Delivery.sent()

    async def _send(self, chat_id: int, replies: Sequence[Reply]) -> None:
        async with Bot(self._token, request=self._request, get_updates_request=self._request) as bot:
            for reply in replies:
                await send_reply(bot, chat_id, reply, self._payloads)
