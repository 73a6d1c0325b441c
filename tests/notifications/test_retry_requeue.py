"""Transient failures are retried with back-off and die only after `max_attempts`; permanent ones die at once;
`python -m notifications requeue` puts dead notifications back to pending (issue #18).

The channels are the real adapters against loopback stand-ins: Zalo's API with a refresh token it refuses,
a Bot API that answers 5xx or 403, a port where nothing listens.
"""

import argparse
import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy import select, update

from channels.interactions import record_inbound
from channels.messages import Reply
from channels.outbound import Delivery, WebAdapter
from channels.push_adapters import LongLivedTelegramAdapter
from channels.zalo.outbound import ZaloAdapter
from channels.zalo.settings import ZaloSettings
from channels.zalo.tokens import TokenStore
from evaluation.servers import free_port
from notifications.__main__ import main, since_time
from notifications.dispatcher import Dispatcher, DispatchSettings, transient
from notifications.outbox import OutboxMessage, enqueue, requeue
from storage.database import utcnow
from tests.channels.fake_zalo_api import FakeZaloApi
from tests.channels.loopback import LoopbackServer, Response, json_response
from tests.database_cleanup import empty_tables
from tests.notifications.fake_bot_api import FakeBotApiServer

SETTINGS = DispatchSettings(max_attempts=3, backoff_base=10, backoff_cap=15)
REPLIES = [Reply("Hồ sơ của bạn đã có kết quả.")]
ZALO_USER = "5510185758261927916"


class FlakyBotApi(LoopbackServer):
    """The fake Bot API behind a switch: while `failing` is an HTTP status, every call gets it (Telegram's
    error shape, `description` as given); `None` lets the calls through."""

    def __init__(self, failing: int | None, description: str = "Internal Server Error") -> None:
        self.failing, self.description, self.calls = failing, description, 0
        self.api = FakeBotApiServer()
        super().__init__(self.respond)
        self.base_url = f"{self.url}/bot"

    def respond(self, method: str, path: str, headers: dict, raw: bytes) -> Response:
        self.calls += 1
        if self.failing:
            return json_response({"ok": False, "error_code": self.failing, "description": self.description},
                                 self.failing)
        return json_response(self.api.answer(path, headers, raw))

    def close(self) -> None:
        super().close()
        self.api.close()


def notify(sessions, conversation_id="telegram:777", key="dossier-status:1:1", created_at=None):
    with sessions.begin() as session:
        enqueue(session, conversation_id, REPLIES, key, "dossier_status")
        if created_at is not None:
            session.execute(update(OutboxMessage).where(OutboxMessage.idempotency_key == key)
                            .values(created_at=created_at))


def rows(sessions):
    with sessions() as session:
        return {row.idempotency_key: row for row in session.scalars(select(OutboxMessage))}


def only(sessions):
    [row] = rows(sessions).values()
    return row


def make_due(sessions):
    with sessions.begin() as session:
        session.execute(update(OutboxMessage).values(next_attempt_at=utcnow()))


def attempt_until_settled(dispatcher, sessions):
    """Run the dispatcher, making the row due after each back-off, until it is sent or dead; its states."""
    states = []
    for _ in range(SETTINGS.max_attempts + 1):
        assert dispatcher.run_once() == 1
        row = only(sessions)
        states.append(row.state)
        if row.state != "pending":
            return states, row
        assert row.next_attempt_at > utcnow()  # backing off, not due again at once
        make_due(sessions)
    raise AssertionError(f"never settled: {states}")


# ---- which failures are transient

@pytest.mark.parametrize(("delivery", "retried"), [
    (Delivery.failed("zalo_token_refresh", retryable=False), True),
    (Delivery.failed("zalo_error_-216", retryable=False), True),
    (Delivery.failed("zalo_error_-32", retryable=True), True),
    (Delivery.failed("channel_not_configured: telegram", retryable=True), True),
    (Delivery.failed("telegram_unavailable: Bad Gateway", retryable=True), True),
    (Delivery.failed("adapter_error: ConnectionError", retryable=True), True),
    (Delivery.failed("telegram_refused: Forbidden: bot was blocked by the user", retryable=False), False),
    (Delivery.failed("zalo_error_-213", retryable=False), False),
    (Delivery.failed("unknown_channel", retryable=False), False),
    (Delivery.failed("bad_conversation_id", retryable=False), False),
    (Delivery.failed("bad_telegram_chat_id", retryable=True), False),  # the rule wins over the adapter
    (Delivery.failed("some_new_adapter_reason", retryable=True), True),  # otherwise the adapter decides
    (Delivery.failed("some_new_adapter_reason", retryable=False), False),
])
def test_the_retry_rule(delivery, retried):
    assert transient(delivery) is retried


# ---- transient failures: back-off, then delivered once the cause is gone, or dead after max_attempts

@pytest.fixture
def zalo(sessions, database_url):
    """The fake Zalo API, its settings, and a token store holding an expired token and a refresh token the API
    no longer accepts; the resident wrote a minute ago (inside the interaction window)."""
    api = FakeZaloApi(access_token="access-live", refresh_token="r-live")
    settings = replace(ZaloSettings(app_id="app", signing_secret="s", access_token="unused"), api_base=api.url)
    with sessions.begin() as session:
        record_inbound(session, "zalo", ZALO_USER, utcnow())
    tokens = TokenStore(sessions, "app", "app-secret", f"{api.url}/v4/oa/access_token", ("access-expired", "r-stale"))
    yield api, settings, tokens
    api.close()
    empty_tables(database_url, "zalo_tokens", "user_interactions")  # the PostgreSQL database outlives the test


def test_a_failed_token_refresh_is_retried_and_delivered_once_the_oa_is_authorised_again(sessions, zalo):
    api, settings, tokens = zalo
    notify(sessions, f"zalo:{ZALO_USER}")
    dispatcher = Dispatcher(sessions, [ZaloAdapter(settings, sessions, tokens)], SETTINGS)
    assert dispatcher.run_once() == 1
    failed = only(sessions)
    assert (failed.state, failed.attempts, failed.last_error) == ("pending", 1, "zalo_token_refresh")
    assert failed.next_attempt_at > utcnow()
    assert dispatcher.run_once() == 0  # not due before its back-off ends

    api.refresh_token = "r-stale"  # the operator re-authorised the OA: the stored refresh token works again
    make_due(sessions)
    assert dispatcher.run_once() == 1
    assert (only(sessions).state, only(sessions).attempts) == ("sent", 2)
    assert api.sent_texts()[-1] == REPLIES[0].text


def test_a_token_refresh_that_keeps_failing_is_dead_after_max_attempts(sessions, zalo):
    _, settings, tokens = zalo
    notify(sessions, f"zalo:{ZALO_USER}")
    states, dead = attempt_until_settled(Dispatcher(sessions, [ZaloAdapter(settings, sessions, tokens)], SETTINGS),
                                         sessions)
    assert states == ["pending", "pending", "dead"]
    assert (dead.attempts, dead.last_error) == (SETTINGS.max_attempts, "zalo_token_refresh")


def test_a_channel_not_configured_yet_is_retried_until_its_adapter_is_there(sessions):
    notify(sessions, "telegram:777")
    without_telegram = Dispatcher(sessions, [WebAdapter(sessions)], SETTINGS)  # no TELEGRAM_BOT_TOKEN yet
    assert without_telegram.run_once() == 1
    assert (only(sessions).state, only(sessions).last_error) == ("pending", "channel_not_configured: telegram")

    bot_api = FakeBotApiServer()
    try:
        make_due(sessions)
        with_telegram = Dispatcher(sessions, [LongLivedTelegramAdapter("123:ABC", bot_api.base_url)], SETTINGS)
        assert with_telegram.run_once() == 1
        assert bot_api.messages == [(777, REPLIES[0].text)]
    finally:
        bot_api.close()
    assert only(sessions).state == "sent"


def test_a_channel_nothing_serves_is_dead_at_once(sessions):
    notify(sessions, "fax:777")
    Dispatcher(sessions, [WebAdapter(sessions)], SETTINGS).run_once()
    assert (only(sessions).state, only(sessions).last_error) == ("dead", "unknown_channel")


def test_a_connection_error_is_retried_then_dead_after_max_attempts(sessions):
    notify(sessions)
    nowhere = LongLivedTelegramAdapter("123:ABC", f"http://127.0.0.1:{free_port()}/bot")
    states, dead = attempt_until_settled(Dispatcher(sessions, [nowhere], SETTINGS), sessions)
    assert states == ["pending", "pending", "dead"]
    assert dead.last_error.startswith("telegram_unavailable")


@pytest.mark.parametrize("status", [500, 502, 503])
def test_a_5xx_is_retried_and_delivered_once_the_channel_is_back(sessions, status):
    notify(sessions)
    bot_api = FlakyBotApi(failing=status)
    try:
        dispatcher = Dispatcher(sessions, [LongLivedTelegramAdapter("123:ABC", bot_api.base_url)], SETTINGS)
        assert dispatcher.run_once() == 1
        assert only(sessions).state == "pending" and only(sessions).last_error.startswith("telegram_unavailable")
        bot_api.failing = None
        make_due(sessions)
        assert dispatcher.run_once() == 1
        assert only(sessions).state == "sent" and bot_api.api.messages == [(777, REPLIES[0].text)]
    finally:
        bot_api.close()


def test_a_zalo_5xx_is_retried(sessions, zalo):
    api, settings, tokens = zalo
    api.access_token = "access-expired"  # the stored token is good: the send itself meets the 5xx
    notify(sessions, f"zalo:{ZALO_USER}")
    server_error = FlakyBotApi(failing=503)  # any loopback server answering 503 to every POST
    try:
        down = replace(settings, api_base=server_error.base_url.removesuffix("/bot"))
        Dispatcher(sessions, [ZaloAdapter(down, sessions, tokens)], SETTINGS).run_once()
    finally:
        server_error.close()
    assert (only(sessions).state, only(sessions).last_error) == ("pending", "zalo_unreachable")
    make_due(sessions)
    Dispatcher(sessions, [ZaloAdapter(settings, sessions, tokens)], SETTINGS).run_once()
    assert only(sessions).state == "sent" and api.sent_texts()[-1] == REPLIES[0].text


def test_a_resident_who_blocked_the_bot_is_dead_at_once(sessions):
    notify(sessions)
    blocked = FlakyBotApi(failing=403, description="Forbidden: bot was blocked by the user")
    try:
        Dispatcher(sessions, [LongLivedTelegramAdapter("123:ABC", blocked.base_url)], SETTINGS).run_once()
    finally:
        blocked.close()
    dead = only(sessions)
    assert (dead.state, dead.attempts) == ("dead", 1)
    assert dead.last_error == "telegram_refused: Forbidden: bot was blocked by the user"


# ---- requeue

def dead_backlog(sessions):
    """Dead rows on two channels, one recorded three days ago; one sent row and one pending row."""
    long_ago = utcnow() - dt.timedelta(days=3)
    notify(sessions, "telegram:1", "k:telegram-old", created_at=long_ago)
    notify(sessions, "telegram:2", "k:telegram-new")
    notify(sessions, "zalo:3", "k:zalo")
    notify(sessions, "telegram:4", "k:sent")
    notify(sessions, "telegram:5", "k:pending")
    with sessions.begin() as session:
        session.execute(update(OutboxMessage).where(OutboxMessage.idempotency_key.not_in(["k:sent", "k:pending"]))
                        .values(state="dead", attempts=SETTINGS.max_attempts, last_error="zalo_token_refresh",
                                next_attempt_at=utcnow() - dt.timedelta(hours=1)))
        session.execute(update(OutboxMessage).where(OutboxMessage.idempotency_key == "k:sent")
                        .values(state="sent", sent_at=utcnow(), attempts=1))


def states(sessions):
    return {key: row.state for key, row in rows(sessions).items()}


def test_requeue_puts_dead_rows_back_to_pending_with_their_attempts_reset(sessions):
    dead_backlog(sessions)
    before = utcnow()
    with sessions.begin() as session:
        assert requeue(session) == 3
    assert states(sessions) == {"k:telegram-old": "pending", "k:telegram-new": "pending", "k:zalo": "pending",
                                "k:sent": "sent", "k:pending": "pending"}
    requeued = rows(sessions)["k:zalo"]
    assert requeued.attempts == 0 and before <= requeued.next_attempt_at <= utcnow()
    assert requeued.last_error == "zalo_token_refresh"  # why it died, until the next attempt says otherwise

    delivered = Dispatcher(sessions, [FakeAdapter("telegram"), FakeAdapter("zalo")], SETTINGS)
    assert delivered.run_once() == 4  # the three requeued and the one that was pending
    assert set(states(sessions).values()) == {"sent"}
    with sessions.begin() as session:
        assert requeue(session) == 0


def test_requeue_by_channel_and_since_and_the_dry_run(sessions):
    dead_backlog(sessions)
    with sessions.begin() as session:
        assert requeue(session, channel="telegram", dry_run=True) == 2
        assert requeue(session, since=utcnow() - dt.timedelta(days=1), dry_run=True) == 2
    assert states(sessions)["k:telegram-new"] == "dead"  # a dry run changes nothing
    with sessions.begin() as session:
        assert requeue(session, channel="telegram", since=utcnow() - dt.timedelta(days=1)) == 1
    assert states(sessions) == {"k:telegram-old": "dead", "k:telegram-new": "pending", "k:zalo": "dead",
                                "k:sent": "sent", "k:pending": "pending"}


def test_the_requeue_command_prints_how_many(sessions, database_url, monkeypatch, capsys):
    dead_backlog(sessions)
    monkeypatch.setenv("APP_DATABASE_URL", database_url)
    with pytest.raises(SystemExit) as exited:
        main(["requeue", "--channel", "telegram", "--dry-run"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == (
        "Chạy thử: sẽ đưa lại 2 thông báo không gửi được vào hàng chờ gửi (chưa thay đổi gì).")
    assert states(sessions)["k:telegram-old"] == "dead"
    with pytest.raises(SystemExit):
        main(["requeue", "--since", "2d"])
    assert capsys.readouterr().out.strip() == "Đã đưa lại 2 thông báo không gửi được vào hàng chờ gửi."
    assert states(sessions) == {"k:telegram-old": "dead", "k:telegram-new": "pending", "k:zalo": "pending",
                                "k:sent": "sent", "k:pending": "pending"}
    with pytest.raises(SystemExit) as refused:
        main(["requeue", "--channel", "fax"])
    assert refused.value.code == 2  # argparse: not a channel


def test_since_takes_an_age_or_an_iso_time():
    now = utcnow()
    assert abs(since_time("6h") - (now - dt.timedelta(hours=6))) < dt.timedelta(seconds=5)
    assert abs(since_time("90m") - (now - dt.timedelta(minutes=90))) < dt.timedelta(seconds=5)
    assert abs(since_time("2d") - (now - dt.timedelta(days=2))) < dt.timedelta(seconds=5)
    assert since_time("2026-11-30") == dt.datetime(2026, 11, 30)
    assert since_time("2026-11-30T08:00+07:00") == dt.datetime(2026, 11, 30, 1, 0)  # stored as naive UTC
    with pytest.raises(argparse.ArgumentTypeError, match="ISO"):
        since_time("yesterday")


class FakeAdapter:
    def __init__(self, channel):
        self.channel = channel

    def push(self, recipient, replies, idempotency_key=None):
        return Delivery.sent()
