"""Migrated app databases for the channel tests: SQLite, and PostgreSQL for what concurrency depends on.

The throwaway PostgreSQL database comes from the knowledge tests' `postgres_url` fixture
(tests/conftest.py must stay standard-library only, so it cannot host it).
"""

import pytest
from sqlalchemy import create_engine, text

from storage.database import session_factory, upgrade
from tests.channels.fake_zalo_api import FakeZaloApi
from tests.knowledge.conftest import postgres_url  # noqa: F401  (a fixture, reused)


@pytest.fixture
def sqlite_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'app.db'}"
    upgrade(url)
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request):
    url = request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "postgres_url")
    upgrade(url)
    yield url
    if request.param == "postgresql":
        with create_engine(url).begin() as connection:
            connection.execute(text("TRUNCATE pending_messages, user_interactions"))


@pytest.fixture
def sessions(database_url):
    return session_factory(database_url)


@pytest.fixture
def api():
    """Zalo's OA API on loopback, with a valid access token (test_zalo_tokens has its own, to refresh)."""
    server = FakeZaloApi(access_token="oa-token")
    yield server
    server.close()
