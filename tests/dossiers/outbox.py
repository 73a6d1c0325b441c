"""Many subscribed dossiers and a status change for each: for the dispatcher tests and `bench_notify`."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session, sessionmaker

from dossiers.dates import utc_now
from dossiers.models import Dossier, DossierSubscription
from dossiers.registry import record_status
from dossiers.statuses import DossierStatus
from storage.database import make_engine, session_factory, upgrade

FIRST_CHAT_ID = 100_000


def subscribed_dossiers(sessions: sessionmaker[Session], count: int) -> list[str]:
    """`count` dossiers being processed, dossier i followed by Telegram chat FIRST_CHAT_ID + i."""
    receipts = [f"38.98.H29-261129-{i:05d}" for i in range(count)]
    now = utc_now()
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
            record_status(session, receipt, status, utc_now(), "webhook", f"{receipt}:{status.value}")


@pytest.fixture
def pg_sessions(postgres_url):
    """Sessions on the throwaway PostgreSQL database, emptied afterwards (for what only PostgreSQL can run)."""
    upgrade(postgres_url)
    yield session_factory(postgres_url)
    with make_engine(postgres_url).begin() as connection:
        connection.execute(text("TRUNCATE dossiers, dossier_status_changes, dossier_events CASCADE"))
