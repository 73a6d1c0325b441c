"""ops/backup.sh and ops/restore.sh on the local PostgreSQL: a seeded app database and a tracker database
are dumped, restored into new databases, and come back identical."""

import datetime as dt
import os
import subprocess
import sys
import time
import uuid

import pytest
from sqlalchemy import create_engine, text

from dossiers.registry import DossierFields, record_status
from dossiers.statuses import DossierStatus
from storage.database import session_factory
from tests.conftest import REPO_ROOT
from tests.knowledge.conftest import POSTGRES_ADMIN
from urban_reports.drafts import ReportDraft
from urban_reports.locations import Location
from urban_reports.service import file_report

pytestmark = pytest.mark.postgres
SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
RECEIPT = "38.98.H29-210519-0013"


@pytest.fixture(scope="module")
def databases():
    """A factory of throwaway databases, all dropped after the module's tests."""
    admin = create_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")
    names = []

    def create() -> str:
        names.append(f"test_ops_{uuid.uuid4().hex[:8]}")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{names[-1]}"'))
        return f"{SERVER}/{names[-1]}"

    yield create
    with admin.connect() as connection:
        for name in names:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def script(name: str, *args: str, env: dict | None = None, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(REPO_ROOT / "ops" / name), *args], cwd=REPO_ROOT, input=stdin, text=True,
                          capture_output=True, timeout=300,
                          env={**os.environ, "TRACKER_STORE_URL": "", "BACKUP_KEEP_DAYS": "", **(env or {})})


def snapshot(url: str) -> dict:
    """Row count of every table, plus a few values residents and staff rely on."""
    engine = create_engine(url)
    with engine.connect() as connection:
        tables = connection.scalars(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).all()
        counts = {table: connection.scalar(text(f'SELECT count(*) FROM "{table}"')) for table in tables}
        values = {}
        if "urban_reports" in counts:
            values["report"] = tuple(connection.execute(text(
                "SELECT code, contact_phone, description, created_at FROM urban_reports")).one())
            values["dossier"] = tuple(connection.execute(text(
                "SELECT receipt_number, applicant_name, status, status_at FROM dossiers")).one())
            values["procedures"] = connection.scalars(text("SELECT code FROM procedures ORDER BY code")).all()
        if "events" in counts:
            values["events"] = connection.execute(text("SELECT sender_id, data FROM events ORDER BY id")).all()
    engine.dispose()
    return {"counts": counts, **values}


@pytest.fixture(scope="module")
def app_database(databases):
    """Migrated and seeded by `python -m knowledge init-db`, with one report and one dossier (only read)."""
    url = databases()
    subprocess.run([sys.executable, "-m", "knowledge", "init-db"], cwd=REPO_ROOT, check=True, capture_output=True,
                   env={**os.environ, "APP_DATABASE_URL": url}, timeout=300)
    now = dt.datetime(2026, 11, 20, 2, 0)
    with session_factory(url).begin() as session:
        file_report(session, ReportDraft(category="garbage", description="Rác đổ bậy đầu hẻm 12",
                                         location=Location(10.7725, 106.6980), contact_phone="0912345678"),
                    "web:abc", "vi", now=now)
        record_status(session, RECEIPT, DossierStatus.PROCESSING, now, "import", "seed",
                      DossierFields(procedure_name="Đăng ký khai sinh", applicant_name="Nguyễn Văn An"))
    return url


@pytest.fixture
def tracker_database(databases):
    """Stands in for Rasa's SQL tracker store (its `events` table)."""
    url = databases()
    with create_engine(url).begin() as connection:
        connection.execute(text("CREATE TABLE events (id serial PRIMARY KEY, sender_id varchar(255), data text)"))
        connection.execute(text("INSERT INTO events (sender_id, data) VALUES ('web:abc', '{\"event\": \"user\"}')"))
    return url


def test_a_backup_restores_into_new_databases_identically(app_database, tracker_database, databases, tmp_path):
    backup = script("backup.sh", env={"APP_DATABASE_URL": app_database, "TRACKER_STORE_URL": tracker_database,
                                      "BACKUP_DIR": str(tmp_path)})
    assert backup.returncode == 0, backup.stderr
    app_dump, rasa_dump = backup.stdout.split()
    assert os.path.basename(app_dump).startswith("app-") and os.path.basename(rasa_dump).startswith("rasa-")
    assert sorted(os.listdir(tmp_path)) == sorted([os.path.basename(app_dump), os.path.basename(rasa_dump)])

    for dump, source in [(app_dump, app_database), (rasa_dump, tracker_database)]:
        target = databases()
        restore = script("restore.sh", "--yes", dump, target)
        assert restore.returncode == 0, restore.stderr
        assert snapshot(target) == snapshot(source)
    assert snapshot(target)["counts"] == {"events": 1}


def test_the_restored_app_database_holds_the_report_the_dossier_and_the_seed(app_database, databases, tmp_path):
    old, other = tmp_path / "app-20260101T000000Z.dump", tmp_path / "notes.txt"
    for path in (old, other):
        path.write_text("x")
        os.utime(path, (time.time() - 30 * 86400,) * 2)
    backup = script("backup.sh", env={"APP_DATABASE_URL": app_database, "BACKUP_SKIP_RASA": "1",
                                      "BACKUP_DIR": str(tmp_path), "BACKUP_KEEP_DAYS": "7"})
    assert backup.returncode == 0, backup.stderr
    assert not old.exists() and other.exists()  # only the script's own old dumps are pruned
    dump, deleted = backup.stdout.splitlines()
    assert deleted == f"deleted {old}"
    target = databases()
    assert script("restore.sh", "--yes", dump, target).returncode == 0
    restored = snapshot(target)
    assert restored["report"][1] == "0912345678" and restored["dossier"][:2] == (RECEIPT, "Nguyễn Văn An")
    assert len(restored["procedures"]) > 0 and restored["counts"]["alembic_version"] == 1
    # Restoring again is refused without --clean, then replaces the tables with it.
    again = script("restore.sh", "--yes", dump, target)
    assert again.returncode == 2 and "--clean" in again.stderr
    assert script("restore.sh", "--clean", "--yes", dump, target).returncode == 0
    assert snapshot(target) == restored


def test_restore_asks_first_and_backup_refuses_incomplete_settings(app_database, databases, tmp_path):
    missing = script("backup.sh", env={"APP_DATABASE_URL": app_database, "TRACKER_STORE_URL": "",
                                       "BACKUP_DIR": str(tmp_path)})
    assert missing.returncode == 2 and "TRACKER_STORE_URL" in missing.stderr and not os.listdir(tmp_path)
    unreachable = script("backup.sh", env={"APP_DATABASE_URL": f"{SERVER}/no_such_database_{uuid.uuid4().hex[:6]}",
                                           "BACKUP_SKIP_RASA": "1", "BACKUP_DIR": str(tmp_path)})
    assert unreachable.returncode == 1 and not os.listdir(tmp_path)  # no partial file left behind
    dump = script("backup.sh", env={"APP_DATABASE_URL": app_database, "BACKUP_SKIP_RASA": "1",
                                    "BACKUP_DIR": str(tmp_path)}).stdout.strip()
    target = databases()
    name = target.rsplit("/", 1)[1]
    refused = script("restore.sh", dump, target, stdin="yes\n")
    assert refused.returncode == 2 and snapshot(target)["counts"] == {}
    confirmed = script("restore.sh", dump, target, stdin=f"{name}\n")
    assert confirmed.returncode == 0, confirmed.stderr
    assert snapshot(target)["counts"] == snapshot(app_database)["counts"]
