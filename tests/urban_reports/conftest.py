"""Report tests run on SQLite and on a throwaway PostgreSQL database (the fixtures of tests/knowledge)."""

import pytest

from knowledge.reference_data import load_ward_mapping
from storage.database import session_factory
from tests.database_cleanup import empty_tables
from tests.knowledge.conftest import database_url, postgres_url  # noqa: F401 (fixtures used by name)


@pytest.fixture
def db_url(database_url):  # noqa: F811 (the imported fixture)
    """A migrated database with the old-to-new ward mapping; the PostgreSQL one is emptied after each test."""
    with session_factory(database_url).begin() as session:
        load_ward_mapping(session)
    yield database_url
    empty_tables(database_url, "urban_reports", "urban_report_code_counters", "notification_outbox")


@pytest.fixture
def sessions(db_url):
    return session_factory(db_url)
