"""Webhook mode, offline: PTB's own webhook server on loopback, the Bot API faked, Rasa faked."""

import asyncio

import pytest
import requests

from channels.telegram_bot import build_application, webhook_options
from evaluation.servers import free_port
from tests.channels.fake_rasa import FakeRasa
from tests.channels.fake_telegram import FakeBotApi, text_update

SECRET = "s3cret-token_1"


@pytest.fixture
def rasa():
    server = FakeRasa([{"text": "Xin chào, tôi là trợ lý.", "buttons": [{"title": "Tra cứu hồ sơ",
                                                                         "payload": "/check_dossier"}]}])
    yield server
    server.close()


def test_webhook_options_follow_the_environment():
    assert webhook_options({}) is None
    with pytest.raises(SystemExit):
        webhook_options({"TELEGRAM_WEBHOOK_URL": "https://bot.example.vn/telegram"})
    options = webhook_options({"TELEGRAM_WEBHOOK_URL": "https://bot.example.vn/telegram/hook",
                               "TELEGRAM_WEBHOOK_SECRET": SECRET, "TELEGRAM_WEBHOOK_PORT": "9000"})
    assert options == {"listen": "127.0.0.1", "port": 9000, "url_path": "telegram/hook",
                       "webhook_url": "https://bot.example.vn/telegram/hook", "secret_token": SECRET}


def test_a_posted_update_is_answered_and_a_wrong_secret_is_refused(rasa):
    port = free_port()
    options = webhook_options({"TELEGRAM_WEBHOOK_URL": "https://bot.example.vn/telegram",
                               "TELEGRAM_WEBHOOK_SECRET": SECRET, "TELEGRAM_WEBHOOK_PORT": str(port)})
    local = f"http://127.0.0.1:{port}/telegram"
    api = FakeBotApi()

    def post(update: dict, secret: str) -> int:
        return requests.post(local, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": secret},
                             timeout=5).status_code

    async def run():
        application = build_application("123:ABC", rasa.url, request=api)
        async with application:
            await application.updater.start_webhook(**options)  # what run_webhook starts, minus the signal loop
            await application.start()
            refused = await asyncio.to_thread(post, text_update("giả mạo", 1), "wrong")
            accepted = await asyncio.to_thread(post, text_update("chào", 2), SECRET)
            for _ in range(200):
                if api.sent():
                    break
                await asyncio.sleep(0.05)
            redelivered = await asyncio.to_thread(post, text_update("chào", 2), SECRET)  # same update_id again
            await asyncio.sleep(0.5)
            await application.updater.stop()
            await application.stop()
        return refused, accepted, redelivered

    refused, accepted, redelivered = asyncio.run(run())
    assert refused == 403 and accepted == 200 and redelivered == 200
    assert ("setWebhook", "https://bot.example.vn/telegram", SECRET) in [
        (name, p.get("url"), p.get("secret_token")) for name, p in api.calls]
    # the forged update never reached Rasa, and the redelivered one was answered once
    assert [m["message"] for m in rasa.messages] == ["chào"]
    assert len(api.sent()) == 1
    sent = api.sent()
    assert sent[0]["chat_id"] == 777 and sent[0]["text"] == "Xin chào, tôi là trợ lý."
    assert sent[0]["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "/check_dossier"
