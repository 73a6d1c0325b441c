"""The channel adapters a pushing process (the notification dispatcher) uses, built from the environment.

Web always; Telegram with TELEGRAM_BOT_TOKEN (TELEGRAM_API_BASE points at a self-hosted
or fake Bot API, e.g. "http://127.0.0.1:8081/bot"); Zalo when its settings are complete.
"""

from __future__ import annotations

import asyncio
import os
import threading
from typing import Sequence

from sqlalchemy.orm import Session, sessionmaker
from telegram import Bot
from telegram.request import HTTPXRequest

from channels.messages import Reply
from channels.outbound import ChannelAdapter, WebAdapter
from channels.telegram_bot import send_reply
from channels.telegram_push import TelegramAdapter
from channels.zalo.outbound import ZaloAdapter
from channels.zalo.settings import ZaloSettings
from channels.zalo.tokens import token_store


class LongLivedTelegramAdapter(TelegramAdapter):
    """One Bot, initialised once, on an event loop of its own; safe to push from several threads.

    The base adapter builds a Bot per push, which costs a getMe call and a new connection
    pool each time; a process that pushes thousands of messages keeps one instead.
    """

    def __init__(self, token: str, base_url: str | None = None, connections: int = 8) -> None:
        super().__init__(token)
        request = HTTPXRequest(connection_pool_size=connections)  # the default, 1, would queue concurrent pushes
        self._bot = Bot(token, request=request, **({"base_url": base_url} if base_url else {}))
        self._loop = asyncio.new_event_loop()
        self._ready, self._initialising = False, asyncio.Lock()
        threading.Thread(target=self._loop.run_forever, name="telegram-push", daemon=True).start()

    async def _send(self, chat_id: int, replies: Sequence[Reply]) -> None:
        await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(self._send_on_loop(chat_id, replies), self._loop))

    async def _send_on_loop(self, chat_id: int, replies: Sequence[Reply]) -> None:
        async with self._initialising:  # concurrent first pushes initialise the Bot once
            if not self._ready:
                await self._bot.initialize()
                self._ready = True
        for reply in replies:
            await send_reply(self._bot, chat_id, reply, self._payloads)


def adapters_from_env(sessions: sessionmaker[Session]) -> list[ChannelAdapter]:
    adapters: list[ChannelAdapter] = [WebAdapter(sessions)]
    token = os.environ.get("TELEGRAM_BOT_TOKEN")
    if token:
        adapters.append(LongLivedTelegramAdapter(token, os.environ.get("TELEGRAM_API_BASE") or None))
    zalo = ZaloSettings.from_env()
    if zalo is not None:
        adapters.append(ZaloAdapter(zalo, sessions, token_store(zalo, sessions)))
    return adapters
