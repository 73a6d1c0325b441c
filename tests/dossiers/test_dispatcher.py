"""The dispatcher: delivery, back-off, dead letters, and concurrent dispatchers on PostgreSQL."""

import datetime as dt
import threading
import time

import pytest
from sqlalchemy import select, update

from channels.outbound import Delivery, WebAdapter
from channels.pending import take_pending
from dossiers.dates import utc_now
from dossiers.dispatcher import Dispatcher, DispatchSettings
from dossiers.models import DossierNotification
from dossiers.registry import record_status
from dossiers.statuses import DossierStatus
from dossiers.subscriptions import subscribe
from tests.dossiers.conftest import RECEIPT, T0
from tests.dossiers.outbox import FIRST_CHAT_ID, change_each, pg_sessions, subscribed_dossiers  # noqa: F401

SETTINGS = DispatchSettings(max_attempts=3, backoff_base=10, backoff_cap=15)


class Adapter:
    """Answers every push with `delivery` and records the recipients (thread-safe: list.append)."""

    def __init__(self, delivery=None, channel="telegram", pause=0.0):
        self.channel, self.delivery, self.pause, self.recipients = channel, delivery or Delivery.sent(), pause, []

    def push(self, recipient, replies):
        time.sleep(self.pause)
        self.recipients.append(recipient)
        return self.delivery


class Broken(Adapter):
    def push(self, recipient, replies):
        raise ValueError(recipient)  # the message must not reach the log


def one_change(sessions, conversation_id="telegram:777"):
    with sessions.begin() as session:
        subscribe(session, RECEIPT, conversation_id, "vi")
        record_status(session, RECEIPT, DossierStatus.PROCESSED, T0 + dt.timedelta(days=1), "webhook", "e1")


def row(sessions):
    with sessions() as session:
        return session.scalar(select(DossierNotification))


def make_due(sessions):
    with sessions.begin() as session:
        session.execute(update(DossierNotification).values(next_attempt_at=utc_now()))


def test_a_notification_is_delivered_once(registered):
    one_change(registered)
    adapter = Adapter()
    dispatcher = Dispatcher(registered, [adapter], SETTINGS)
    assert dispatcher.run_once() == 1 and dispatcher.run_once() == 0
    assert adapter.recipients == ["777"]
    sent = row(registered)
    assert (sent.state, sent.attempts, sent.last_error) == ("sent", 1, None) and sent.sent_at >= sent.created_at


def test_a_message_kept_pending_by_the_channel_counts_as_handed_over(registered):
    one_change(registered, "web:session-1")
    Dispatcher(registered, [WebAdapter(registered)], SETTINGS).run(once=True)
    assert row(registered).state == "sent"
    with registered.begin() as session:
        [reply] = take_pending(session, "web", "session-1")
        assert RECEIPT in reply.text


def test_retryable_failures_back_off_exponentially_then_go_dead(registered):
    one_change(registered)
    dispatcher = Dispatcher(registered, [Adapter(Delivery.failed("telegram_unavailable: timed out", True))], SETTINGS)
    delays = []
    for _ in range(SETTINGS.max_attempts):
        before = utc_now()
        assert dispatcher.run_once() == 1
        failed = row(registered)
        delays.append(round((failed.next_attempt_at - before).total_seconds()))
        assert dispatcher.run_once() == 0  # not due before its back-off ends
        make_due(registered)
    assert delays[:2] == [10, 15]  # 10 s, then 20 s capped at 15 s
    assert (failed.state, failed.attempts, failed.last_error) == ("dead", 3, "telegram_unavailable: timed out")
    assert dispatcher.run_once() == 0


@pytest.mark.parametrize("adapter", [Adapter(Delivery.failed("telegram_refused: blocked", False)),
                                     Adapter(channel="zalo")], ids=["refused", "unknown channel"])
def test_a_refusal_is_dead_at_once(registered, adapter):
    one_change(registered)
    Dispatcher(registered, [adapter], SETTINGS).run_once()
    assert row(registered).state == "dead" and row(registered).attempts == 1


def test_an_adapter_that_raises_is_retried_without_logging_the_recipient(registered, caplog):
    one_change(registered)
    Dispatcher(registered, [Broken()], SETTINGS).run_once()
    failed = row(registered)
    assert (failed.state, failed.last_error) == ("pending", "adapter_error: ValueError")
    assert "777" not in caplog.text


@pytest.mark.postgres
def test_two_dispatchers_never_deliver_the_same_notification(pg_sessions):  # noqa: F811 (the fixture)
    sessions = pg_sessions
    change_each(sessions, subscribed_dossiers(sessions, 300), DossierStatus.PROCESSED)
    adapters = [Adapter(pause=0.002), Adapter(pause=0.002)]
    threads = [threading.Thread(target=Dispatcher(sessions, [adapter], DispatchSettings(batch_size=10)).run,
                                kwargs={"once": True}) for adapter in adapters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    delivered = adapters[0].recipients + adapters[1].recipients
    assert sorted(delivered) == [str(FIRST_CHAT_ID + i) for i in range(300)]
    assert all(adapter.recipients for adapter in adapters)  # both took part
