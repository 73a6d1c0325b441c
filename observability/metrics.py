"""Prometheus metrics: chat turns measured where they happen, the app database's queues read at scrape time.

Turn latency and counts are recorded by `channels.rasa_bridge.ask_rasa` in the process that asks Rasa
(the web app: web chat and Zalo; the Telegram bridge). Under gunicorn with several workers, set
PROMETHEUS_MULTIPROC_DIR to a directory writable by the workers, emptied before they start, in their
environment (prometheus_client reads it at import): each process then writes its values there and a scrape
sums them over the workers (and over the Telegram bridge, when it has the same setting).

The database gauges (`AppDataCollector`) are cheap COUNT queries run by the scrape itself, so they are
right whichever worker answers.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from contextlib import contextmanager
from typing import Iterable, Iterator

from prometheus_client import REGISTRY, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4
from prometheus_client.multiprocess import MultiProcessCollector
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from handoff.models import Handoff, HandoffStatus
from knowledge.models import UnansweredQuestion
from notifications.outbox import OutboxMessage, State
from storage.database import session_scope, utcnow
from urban_reports.models import Report
from urban_reports.statuses import CLOSED

CONTENT_TYPE = CONTENT_TYPE_PLAIN_0_0_4  # the format generate_latest writes
WINDOWS = {"1h": dt.timedelta(hours=1), "24h": dt.timedelta(hours=24)}

TURN_SECONDS = Histogram("chat_turn_duration_seconds", "Time Rasa took to answer one chat turn, by channel",
                         ["channel"], buckets=(0.1, 0.25, 0.5, 1, 2, 3, 5, 8, 13, 20, 30))
TURNS = Counter("chat_turns", "Chat turns sent to Rasa, by channel", ["channel"])
FAILED_TURNS = Counter("chat_turns_failed", "Chat turns Rasa did not answer (RasaUnavailable), by channel",
                       ["channel"])


@contextmanager
def measured_turn(channel: str, failure: type[Exception]) -> Iterator[None]:
    """Times the block as one turn of `channel`; a `failure` raised in it counts as a failed turn."""
    started = time.perf_counter()
    TURNS.labels(channel).inc()
    try:
        yield
    except failure:
        FAILED_TURNS.labels(channel).inc()
        raise
    finally:
        TURN_SECONDS.labels(channel).observe(time.perf_counter() - started)


class AppDataCollector:
    """Gauges read from the app database at each scrape; `app_database_up` 0 (and nothing else) when it fails."""

    def __init__(self, database_url: str | None = None) -> None:
        self.database_url = database_url

    def collect(self) -> Iterable[Metric]:
        try:
            with session_scope(self.database_url) as session:
                gauges = _app_data(session, utcnow())
        except SQLAlchemyError:
            gauges = []
        yield GaugeMetricFamily("app_database_up", "1 when the app database answered this scrape",
                                value=1 if gauges else 0)
        yield from gauges


def _app_data(session: Session, now: dt.datetime) -> list[Metric]:
    def count(*where) -> int:
        return session.scalar(select(func.count()).where(*where))

    outbox = GaugeMetricFamily("notification_outbox_messages",
                               "Notifications waiting to be delivered (pending) or given up (dead)",
                               labels=["state"])
    for state in (State.PENDING.value, State.DEAD.value):
        outbox.add_metric([state], count(OutboxMessage.state == state))

    unanswered = GaugeMetricFamily("unanswered_questions_recent",
                                   "Questions the bot could not answer, logged within the window",
                                   labels=["window"])
    opened = GaugeMetricFamily("handoffs_opened_recent", "Conversations handed over to staff within the window",
                               labels=["window"])
    for window, length in WINDOWS.items():
        unanswered.add_metric([window], count(UnansweredQuestion.created_at >= now - length))
        opened.add_metric([window], count(Handoff.created_at >= now - length))
    open_handoffs = GaugeMetricFamily("handoffs_open", "Handoffs waiting for or talking with staff",
                                      value=count(Handoff.status == HandoffStatus.OPEN.value))
    overdue = GaugeMetricFamily("urban_reports_overdue", "Open urban-order reports past their response deadline",
                                value=count(Report.status.not_in([s.value for s in CLOSED]), Report.deadline_at < now))
    return [outbox, unanswered, opened, open_handoffs, overdue]


class _Scrape:
    """Several collectors read as one registry by `generate_latest`."""

    def __init__(self, *sources) -> None:
        self.sources = sources

    def collect(self) -> Iterable[Metric]:
        for source in self.sources:
            yield from source.collect()


def exposition(database_url: str | None = None) -> bytes:
    """The text format for GET /metrics: this process's (or every worker's) metrics and the database gauges."""
    own = MultiProcessCollector(None) if os.environ.get("PROMETHEUS_MULTIPROC_DIR") else REGISTRY
    return generate_latest(_Scrape(own, AppDataCollector(database_url)))

