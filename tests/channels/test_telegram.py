"""Telegram rendering rules that need no conversation: keyboards, payload size, long replies."""

import asyncio

from channels.messages import Button, Reply
from channels.telegram_bot import CallbackPayloads, keyboard, send_reply
from tests.channels.fake_telegram import FakeBotApi


def test_long_payloads_travel_as_short_keys_within_64_bytes():
    payloads = CallbackPayloads()
    long_payload = '/ask_procedure{"procedure_code": "1.004194", "procedure_aspect": "documents,fee,time"}'
    packed = payloads.pack(long_payload)
    assert len(packed.encode()) <= 64 and payloads.unpack(packed) == long_payload
    assert payloads.pack("/menu") == "/menu" and payloads.unpack("/menu") == "/menu"
    assert payloads.unpack("k:unknown") is None


def test_buttons_become_an_inline_keyboard():
    markup = keyboard(Reply("x", (Button("Tra cứu hồ sơ", "/check_dossier"),)), CallbackPayloads())
    assert markup.inline_keyboard[0][0].text == "Tra cứu hồ sơ"
    assert markup.inline_keyboard[0][0].callback_data == "/check_dossier"


def test_long_replies_are_split_at_telegrams_limit_with_buttons_on_the_last_part():
    async def run():
        from telegram import Bot

        api = FakeBotApi()
        bot = Bot("123:ABC", request=api, get_updates_request=api)
        async with bot:
            await send_reply(bot, 5, Reply("a " * 3000, (Button("Menu", "/menu"),)), CallbackPayloads())
        return api.sent()

    sent = asyncio.run(run())
    assert len(sent) == 2 and all(len(m["text"]) <= 4096 for m in sent)
    assert "reply_markup" not in sent[0] or sent[0]["reply_markup"] is None
    assert sent[1]["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "/menu"
