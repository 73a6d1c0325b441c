"""The dispatcher: delivery, back-off, dead letters, and concurrent dispatchers on PostgreSQL."""

import threading
import time

import pytest
from sqlalchemy import select, update

from channels.messages import Reply
from channels.outbound import Delivery, WebAdapter
from channels.pending import take_pending
from notifications.dispatcher import Dispatcher, DispatchSettings
from notifications.outbox import OutboxMessage, enqueue
from storage.database import utcnow
from tests.notifications.conftest import FIRST_CHAT_ID, telegram_backlog

SETTINGS = DispatchSettings(max_attempts=3, backoff_base=10, backoff_cap=15)
REPLIES = [Reply("Phản ánh của bạn đã được xử lý.")]


class Adapter:
    """Answers every push with `delivery` and records the recipients and replies (thread-safe: list.append)."""

    def __init__(self, delivery=None, channel="telegram", pause=0.0):
        self.channel, self.delivery, self.pause = channel, delivery or Delivery.sent(), pause
        self.recipients, self.replies = [], []

    def push(self, recipient, replies, idempotency_key=None):
        time.sleep(self.pause)
        self.recipients.append(recipient)
        self.replies.append(list(replies))
        return self.delivery


class Broken(Adapter):
    def push(self, recipient, replies, idempotency_key=None):
        raise ValueError(recipient)  # the message must not reach the log


def one_notification(sessions, conversation_id="telegram:777"):
    with sessions.begin() as session:
        enqueue(session, conversation_id, REPLIES, "report-status:1:1", "report_status")


def row(sessions):
    with sessions() as session:
        return session.scalar(select(OutboxMessage))


def make_due(sessions):
    with sessions.begin() as session:
        session.execute(update(OutboxMessage).values(next_attempt_at=utcnow()))


def test_a_notification_is_delivered_once_with_its_stored_replies(sessions):
    one_notification(sessions)
    adapter = Adapter()
    dispatcher = Dispatcher(sessions, [adapter], SETTINGS)
    assert dispatcher.run_once() == 1 and dispatcher.run_once() == 0
    assert adapter.recipients == ["777"] and adapter.replies == [REPLIES]
    sent = row(sessions)
    assert (sent.state, sent.attempts, sent.last_error) == ("sent", 1, None) and sent.sent_at >= sent.created_at


def test_a_message_kept_pending_by_the_channel_counts_as_handed_over(sessions):
    one_notification(sessions, "web:session-1")
    Dispatcher(sessions, [WebAdapter(sessions)], SETTINGS).run(once=True)
    assert row(sessions).state == "sent"
    with sessions.begin() as session:
        assert take_pending(session, "web", "session-1") == REPLIES


def test_retryable_failures_back_off_exponentially_then_go_dead(sessions):
    one_notification(sessions)
    dispatcher = Dispatcher(sessions, [Adapter(Delivery.failed("telegram_unavailable: timed out", True))], SETTINGS)
    delays = []
    for _ in range(SETTINGS.max_attempts):
        before = utcnow()
        assert dispatcher.run_once() == 1
        failed = row(sessions)
        delays.append(round((failed.next_attempt_at - before).total_seconds()))
        assert dispatcher.run_once() == 0  # not due before its back-off ends
        make_due(sessions)
    assert delays[:2] == [10, 15]  # 10 s, then 20 s capped at 15 s
    assert (failed.state, failed.attempts, failed.last_error) == ("dead", 3, "telegram_unavailable: timed out")
    assert dispatcher.run_once() == 0


@pytest.mark.parametrize(("adapter", "conversation_id"),
                         [(Adapter(Delivery.failed("telegram_refused: blocked", False)), "telegram:777"),
                          (Adapter(channel="zalo"), "fax:777")], ids=["refused", "unknown channel"])
def test_a_refusal_is_dead_at_once(sessions, adapter, conversation_id):
    one_notification(sessions, conversation_id)
    Dispatcher(sessions, [adapter], SETTINGS).run_once()
    assert row(sessions).state == "dead" and row(sessions).attempts == 1


def test_an_adapter_that_raises_is_retried_without_logging_the_recipient(sessions, caplog):
    one_notification(sessions)
    Dispatcher(sessions, [Broken()], SETTINGS).run_once()
    failed = row(sessions)
    assert (failed.state, failed.last_error) == ("pending", "adapter_error: ValueError")
    assert "777" not in caplog.text


@pytest.mark.postgres
def test_two_dispatchers_never_deliver_the_same_notification(pg_sessions):
    telegram_backlog(pg_sessions, 300)
    adapters = [Adapter(pause=0.002), Adapter(pause=0.002)]
    threads = [threading.Thread(target=Dispatcher(pg_sessions, [adapter], DispatchSettings(batch_size=10)).run,
                                kwargs={"once": True}) for adapter in adapters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    delivered = adapters[0].recipients + adapters[1].recipients
    assert sorted(delivered) == [str(FIRST_CHAT_ID + i) for i in range(300)]
    assert all(adapter.recipients for adapter in adapters)  # both took part


class DiesAfterPushing(WebAdapter):
    """Pushes, then fails before the dispatcher can record it: what a kill at the worst moment leaves behind."""

    def push(self, recipient, replies, idempotency_key=None):
        super().push(recipient, replies, idempotency_key)
        raise ConnectionError("gone")


def test_a_web_notification_pushed_again_after_a_crash_reaches_the_page_once(sessions):
    one_notification(sessions, "web:browser-session")
    Dispatcher(sessions, [DiesAfterPushing(sessions)], SETTINGS).run_once()
    assert row(sessions).state == "pending"  # not recorded as sent: it will be pushed again
    make_due(sessions)
    Dispatcher(sessions, [WebAdapter(sessions)], SETTINGS).run_once()
    assert row(sessions).state == "sent"
    with sessions.begin() as session:
        assert [reply.text for reply in take_pending(session, "web", "browser-session")] == [REPLIES[0].text]
