"""Staff tests run on SQLite and on a throwaway PostgreSQL database (the fixtures of tests/knowledge)."""

import pytest

from storage.database import session_factory
from tests.database_cleanup import empty_tables
from tests.knowledge.conftest import database_url, postgres_url  # noqa: F401 (fixtures used by name)


@pytest.fixture
def db_url(database_url):  # noqa: F811 (the imported fixture)
    """A migrated database; the PostgreSQL one loses its accounts and audit entries after each test."""
    yield database_url
    empty_tables(database_url, "staff_users", "staff_audit_log")


@pytest.fixture
def sessions(db_url):
    return session_factory(db_url)
