"""A Telegram conversation through python-telegram-bot, the real Rasa server and action server."""

import asyncio

import pytest
from telegram import Update

from channels.telegram_bot import build_application
from tests.channels.fake_telegram import FakeBotApi, button_update, text_update

pytestmark = pytest.mark.e2e


def test_start_question_and_button_on_telegram(bot):
    async def run():
        api = FakeBotApi()
        application = build_application("123:ABC", bot.rasa_url, request=api)
        async with application:
            await application.process_update(Update.de_json(text_update("/start", 1), application.bot))
            greeting = api.sent()[-1]
            await application.process_update(Update.de_json(text_update("cho e hoi lam cccd o dau z", 2),
                                                             application.bot))
            answer = api.sent()[-1]
            full = answer["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
            before_full = len(api.sent())
            await application.process_update(Update.de_json(button_update(full, 3), application.bot))
        return api, greeting, answer, api.sent()[before_full:]

    api, greeting, answer, full_detail = asyncio.run(run())
    assert "Xin chào" in greeting["text"]
    assert any(row[0]["callback_data"] == "/check_dossier" for row in greeting["reply_markup"]["inline_keyboard"])
    assert "căn cước" in answer["text"].lower() and "dichvucong.gov.vn" in answer["text"]
    assert ("answerCallbackQuery", {"callback_query_id": "cb3"}) in [(n, {"callback_query_id": p.get(
        "callback_query_id")}) for n, p in api.calls]
    assert "Các bước" in " ".join(m["text"] for m in full_detail)
    assert all(len(m["text"]) <= 4096 for m in full_detail)
