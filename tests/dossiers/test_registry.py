"""record_status: one dossier per receipt number, history only on real changes, each event applied once."""

import datetime as dt

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select

from dossiers.models import Dossier, DossierStatusChange
from dossiers.registry import DossierFields, Outcome, record_status
from dossiers.statuses import DossierStatus
from storage.database import Base, make_engine
from tests.dossiers.conftest import RECEIPT, T0

LATER = T0 + dt.timedelta(days=1)


def history(session):
    return [(change.status, change.source) for change in session.scalars(
        select(DossierStatusChange).order_by(DossierStatusChange.changed_at, DossierStatusChange.id))]


def test_the_migration_creates_the_tables_the_models_describe(db_url):
    with make_engine(db_url).connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert [d for d in differences if "dossier" in repr(d)] == []


def test_a_status_change_is_appended_and_a_repeat_is_not(registered):
    with registered.begin() as session:
        assert record_status(session, RECEIPT.lower(), DossierStatus.PROCESSING, LATER, "webhook", "e1") \
            is Outcome.UNCHANGED
        assert record_status(session, RECEIPT, DossierStatus.PROCESSED, LATER, "webhook", "e2") is Outcome.CHANGED
        assert history(session) == [("processing", "import"), ("processed", "webhook")]
        dossier = session.scalar(select(Dossier))
        assert (dossier.status, dossier.status_at, dossier.procedure_name) == ("processed", LATER, "Đăng ký khai sinh")


def test_an_event_id_is_applied_once(registered):
    with registered.begin() as session:
        assert record_status(session, RECEIPT, DossierStatus.PROCESSED, LATER, "webhook", "e1") is Outcome.CHANGED
        assert record_status(session, RECEIPT, DossierStatus.RESULT_RETURNED, LATER, "webhook", "e1") \
            is Outcome.DUPLICATE
        assert session.scalar(select(Dossier.status)) == "processed"


def test_an_event_older_than_the_current_status_does_not_move_it_back(registered):
    with registered.begin() as session:
        earlier = T0 - dt.timedelta(hours=1)
        assert record_status(session, RECEIPT, DossierStatus.ACCEPTED, earlier, "webhook", "late") is Outcome.STALE
        assert history(session) == [("processing", "import")]


def test_details_sent_with_a_status_update_the_stored_ones(registered):
    with registered.begin() as session:
        record_status(session, RECEIPT, DossierStatus.PROCESSING, LATER, "webhook", "e3",
                      DossierFields(due_on=dt.date(2026, 11, 9)))
        dossier = session.scalar(select(Dossier))
        assert dossier.due_on == dt.date(2026, 11, 9) and dossier.applicant_phone == "0912345678"
