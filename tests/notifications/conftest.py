"""The outbox tests run on SQLite and on a throwaway PostgreSQL database (the fixtures of tests/knowledge)."""

import pytest
from sqlalchemy.orm import Session, sessionmaker

from channels.messages import Reply
from notifications.outbox import enqueue
from storage.database import session_factory, upgrade
from tests.database_cleanup import empty_tables
from tests.knowledge.conftest import database_url, postgres_url  # noqa: F401 (fixtures used by name)

FIRST_CHAT_ID = 100_000


def empty_outbox(url: str) -> None:
    """The PostgreSQL database is shared by the session, so each test empties what it wrote."""
    empty_tables(url, "notification_outbox", "pending_messages")


@pytest.fixture
def sessions(database_url):  # noqa: F811 (the imported fixture)
    yield session_factory(database_url)
    empty_outbox(database_url)


@pytest.fixture
def pg_sessions(postgres_url):  # noqa: F811
    """Sessions on the throwaway PostgreSQL database (for what only PostgreSQL can run)."""
    upgrade(postgres_url)
    yield session_factory(postgres_url)
    empty_outbox(postgres_url)


def telegram_backlog(sessions: sessionmaker[Session], count: int) -> None:
    """`count` pending notifications, the i-th to Telegram chat FIRST_CHAT_ID + i (so the chat id names it)."""
    with sessions.begin() as session:
        for i in range(count):
            enqueue(session, f"telegram:{FIRST_CHAT_ID + i}", [Reply(f"message {i}")], f"test:{i}", "test")
