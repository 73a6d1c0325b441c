"""Dossier notifications: delivery rate with one and two dispatcher processes, and the delay a resident sees.

Run with `make bench-notify` (PostgreSQL on 127.0.0.1:5432, trust auth). A throwaway
database gets 10,000 dossiers, each followed by one Telegram chat; every run makes one
status change per dossier (10,000 changes, each through `record_status` in its own
transaction, which enqueues its notification in the shared outbox) and real
`python -m notifications dispatch` processes deliver them over HTTP to a
fake Bot API on loopback (`TELEGRAM_API_BASE`). "backlog": the changes are written first,
then the dispatchers start; "live": the dispatchers run while the changes are written.
Rate: notifications / (last sent_at - first sent_at). Delay: sent_at - the change's commit time.
"""

from __future__ import annotations

import os
import subprocess
import time
import uuid
from contextlib import contextmanager
from typing import Iterator

from sqlalchemy import create_engine, func, insert, select, text
from sqlalchemy.orm import Session, sessionmaker

from dossiers.models import Dossier, DossierSubscription
from dossiers.registry import record_status
from dossiers.statuses import DossierStatus
from evaluation.servers import APP_PYTHON, REPO_ROOT
from notifications.outbox import OutboxMessage
from storage.database import session_factory, upgrade, utcnow
from tests.notifications.fake_bot_api import FakeBotApiServer

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/"
DOSSIERS = int(os.environ.get("BENCH_NOTIFY_DOSSIERS", "10000"))
FIRST_CHAT_ID = 100_000
RUNS = [(1, "backlog", DossierStatus.PROCESSED), (2, "backlog", DossierStatus.RESULT_RETURNED),
        (2, "live", DossierStatus.STOPPED)]


@contextmanager
def throwaway_database() -> Iterator[str]:
    name = f"bench_notify_{uuid.uuid4().hex[:8]}"
    admin = create_engine(POSTGRES + "postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield POSTGRES + name
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def subscribed_dossiers(sessions: sessionmaker[Session], count: int) -> list[str]:
    """`count` dossiers being processed, dossier i followed by Telegram chat FIRST_CHAT_ID + i."""
    receipts = [f"38.98.H29-261129-{i:05d}" for i in range(count)]
    now = utcnow()
    with sessions.begin() as session:
        session.execute(insert(Dossier), [
            {"receipt_number": receipt, "procedure_name": "Đăng ký khai sinh", "status": "processing",
             "status_at": now, "failed_verifications": 0} for receipt in receipts])
        ids = dict(session.execute(select(Dossier.receipt_number, Dossier.id)).all())
        session.execute(insert(DossierSubscription), [
            {"dossier_id": ids[receipt], "conversation_id": f"telegram:{FIRST_CHAT_ID + i}", "language": "vi",
             "created_at": now} for i, receipt in enumerate(receipts)])
    return receipts


def change_each(sessions: sessionmaker[Session], receipts: list[str], status: DossierStatus) -> None:
    """One status change per dossier, each in its own transaction, as events arrive."""
    for receipt in receipts:
        with sessions.begin() as session:
            record_status(session, receipt, status, utcnow(), "webhook", f"{receipt}:{status.value}")


@contextmanager
def dispatchers(count: int, url: str, bot_api: FakeBotApiServer) -> Iterator[None]:
    env = bot_api.dispatcher_env(url, NOTIFY_IDLE_SECONDS="0.05")
    processes = [subprocess.Popen([str(APP_PYTHON), "-m", "notifications", "dispatch", "--batch", "200"], cwd=REPO_ROOT,
                                  env=env) for _ in range(count)]
    try:
        yield
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=20)


def last_outbox_id(sessions) -> int:
    with sessions() as session:
        return session.scalar(select(func.coalesce(func.max(OutboxMessage.id), 0)))


def sent_in_run(after_id: int):
    """The notifications of one run: those enqueued after the outbox's last id before it, and sent."""
    return (OutboxMessage.id > after_id, OutboxMessage.state == "sent")


def measure(sessions, after_id: int) -> tuple[int, float, float, float]:
    """(sent, deliveries per second, p50 and p95 delay in ms) for the notifications of one run."""
    with sessions() as session:
        rows = session.execute(select(OutboxMessage.created_at, OutboxMessage.sent_at)
                               .where(*sent_in_run(after_id))).all()
    sent_times = sorted(sent for _, sent in rows)
    delays = sorted((sent - created).total_seconds() * 1000 for created, sent in rows)
    rate = len(rows) / max((sent_times[-1] - sent_times[0]).total_seconds(), 1e-9)
    return len(rows), rate, delays[len(delays) // 2], delays[int(0.95 * (len(delays) - 1))]


def wait_for_drain(sessions, after_id: int, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    query = select(func.count()).select_from(OutboxMessage).where(*sent_in_run(after_id))
    while time.monotonic() < deadline:
        with sessions() as session:
            if session.scalar(query) == DOSSIERS:
                return
        time.sleep(0.2)
    raise TimeoutError(f"not all notifications were delivered in {timeout} s")


def main() -> None:
    bot_api = FakeBotApiServer()
    with throwaway_database() as url:
        upgrade(url)
        sessions = session_factory(url)
        receipts = subscribed_dossiers(sessions, DOSSIERS)
        print("| dispatchers | mode | notifications | writing the changes | deliveries/s | delay p50 | delay p95 |")
        print("|---|---|---|---|---|---|---|")
        for count, mode, status in RUNS:
            received_before, after_id = len(bot_api.messages), last_outbox_id(sessions)
            start = time.perf_counter()
            if mode == "backlog":
                change_each(sessions, receipts, status)
                written = time.perf_counter() - start
                with dispatchers(count, url, bot_api):
                    wait_for_drain(sessions, after_id)
            else:
                with dispatchers(count, url, bot_api):
                    change_each(sessions, receipts, status)
                    written = time.perf_counter() - start
                    wait_for_drain(sessions, after_id)
            sent, rate, p50, p95 = measure(sessions, after_id)
            assert len(bot_api.messages) - received_before == sent == DOSSIERS, "every change reached the endpoint"
            delays = f"{p50:,.0f} ms | {p95:,.0f} ms" if mode == "live" else "- | -"  # backlog: queueing time
            print(f"| {count} | {mode} | {sent:,} | {written:.1f} s ({DOSSIERS / written:,.0f}/s) | {rate:,.0f} | "
                  f"{delays} |", flush=True)
        sessions.kw["bind"].dispose()
    bot_api.close()


if __name__ == "__main__":
    main()
