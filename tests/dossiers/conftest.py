"""The dossier tests run on SQLite and on a throwaway PostgreSQL database (the fixtures of tests/knowledge)."""

import datetime as dt

import pytest

from dossiers.registry import DossierFields, record_status
from dossiers.statuses import DossierStatus
from storage.database import session_factory
from tests.database_cleanup import empty_tables
from tests.knowledge.conftest import database_url, postgres_url  # noqa: F401 (fixtures used by name)

RECEIPT = "38.98.H29-210519-0013"
FIELDS = DossierFields(procedure_code="1.001612", procedure_name="Đăng ký khai sinh", applicant_name="Nguyễn Văn An",
                       applicant_phone="0912345678", received_on=dt.date(2026, 11, 2), due_on=dt.date(2026, 11, 5),
                       result_location="Bộ phận một cửa phường", handling_unit="UBND phường",
                       notes="Thiếu bản sao giấy chứng nhận kết hôn")
T0 = dt.datetime(2026, 11, 2, 1, 30)


@pytest.fixture
def db_url(database_url):  # noqa: F811 (the imported fixture)
    """A migrated database; the PostgreSQL one is shared by the session, so it is emptied after each test."""
    yield database_url
    empty_tables(database_url,
                 "dossiers", "dossier_status_changes", "dossier_events", "dossier_lookup_log", "notification_outbox")


@pytest.fixture
def sessions(db_url):
    return session_factory(db_url)


@pytest.fixture
def registered(sessions):
    """One dossier in the registry: RECEIPT, being processed, with FIELDS."""
    with sessions.begin() as session:
        record_status(session, RECEIPT, DossierStatus.PROCESSING, T0, "import", "seed", FIELDS)
    return sessions
