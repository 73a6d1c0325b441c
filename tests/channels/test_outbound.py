"""One push interface: conversation ids routed to channel adapters; web and Telegram adapters."""

import json

from telegram.error import TimedOut

from channels.messages import Button, Reply
from channels.outbound import Delivery, WebAdapter, push
from channels.pending import take_pending
from channels.telegram_push import TelegramAdapter
from storage.database import session_factory
from tests.channels.fake_telegram import FakeBotApi


class RecordingAdapter:
    def __init__(self, channel: str) -> None:
        self.channel, self.pushed = channel, []

    def push(self, recipient, replies, idempotency_key=None):
        self.pushed.append((recipient, list(replies)))
        return Delivery.sent()


class BlockedBotApi(FakeBotApi):
    """The Bot API's answer when the user has blocked the bot."""

    async def do_request(self, url, method, request_data=None, **timeouts):
        if url.endswith("/sendMessage"):
            return 403, json.dumps({"ok": False, "error_code": 403,
                                    "description": "Forbidden: bot was blocked by the user"}).encode()
        return await super().do_request(url, method, request_data, **timeouts)


class UnreachableBotApi(FakeBotApi):
    async def do_request(self, url, method, request_data=None, **timeouts):
        if url.endswith("/sendMessage"):
            raise TimedOut()
        return await super().do_request(url, method, request_data, **timeouts)


def test_conversation_ids_are_routed_to_their_channels_adapter():
    zalo, telegram = RecordingAdapter("zalo"), RecordingAdapter("telegram")
    assert push("zalo:5510185758261927916", [Reply("a")], [telegram, zalo]) == Delivery.sent()
    assert push("telegram:-100:42", [Reply("b")], [telegram, zalo]) == Delivery.sent()
    assert zalo.pushed == [("5510185758261927916", [Reply("a")])]
    assert telegram.pushed == [("-100:42", [Reply("b")])]  # only the first colon separates the channel


def test_unknown_channels_and_malformed_ids_fail_for_good():
    adapters = [RecordingAdapter("zalo")]
    assert push("fax:123", [Reply("a")], adapters) == Delivery.failed("unknown_channel", retryable=False)
    assert push("zalo", [Reply("a")], adapters) == Delivery.failed("bad_conversation_id", retryable=False)
    assert adapters[0].pushed == []


def test_web_pushes_wait_for_the_widget_to_collect_them(sqlite_url):
    sessions = session_factory(sqlite_url)
    replies = [Reply("Hồ sơ đã có kết quả.", (Button("Xem", "/check_dossier"),))]
    assert push("web:session-1", replies, [WebAdapter(sessions)]) == Delivery.kept_pending("awaiting_web_poll")
    with sessions.begin() as session:
        assert take_pending(session, "web", "session-1") == replies
        assert take_pending(session, "web", "session-1") == []


def test_telegram_push_renders_buttons_and_splits_long_text():
    api = FakeBotApi()
    replies = [Reply("a " * 3000, (Button("Tra cứu hồ sơ", "/check_dossier"),)), Reply("Xin cảm ơn.")]
    assert push("telegram:777", replies, [TelegramAdapter("123:ABC", api)]) == Delivery.sent()
    sent = api.sent()
    assert [m["chat_id"] for m in sent] == [777, 777, 777]
    assert all(len(m["text"]) <= 4096 for m in sent) and sent[2]["text"] == "Xin cảm ơn."
    assert sent[1]["reply_markup"]["inline_keyboard"] == [[{"text": "Tra cứu hồ sơ",
                                                            "callback_data": "/check_dossier"}]]
    assert sent[0].get("reply_markup") is None


def test_telegram_push_failures_say_whether_to_retry():
    blocked = TelegramAdapter("123:ABC", BlockedBotApi()).push("777", [Reply("x")])
    assert blocked.status == "failed" and not blocked.retryable and "blocked" in blocked.reason
    unreachable = TelegramAdapter("123:ABC", UnreachableBotApi()).push("777", [Reply("x")])
    assert unreachable.status == "failed" and unreachable.retryable
    assert TelegramAdapter("123:ABC", FakeBotApi()).push("not-a-chat", [Reply("x")]) == Delivery.failed(
        "bad_telegram_chat_id", retryable=False)
