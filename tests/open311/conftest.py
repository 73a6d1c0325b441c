"""An app with only the Open311 blueprint, on a migrated SQLite and a throwaway PostgreSQL database."""

import datetime as dt
import threading

import pytest
from flask import Flask
from werkzeug.serving import make_server

from open311.keys import add_key
from storage.database import session_scope
from tests.database_cleanup import empty_tables
from tests.knowledge.conftest import database_url, postgres_url  # noqa: F401 (fixtures used by name)
from tests.urban_reports import conftest as reports_conftest
from urban_reports.drafts import ReportDraft
from urban_reports.locations import Location
from urban_reports.service import file_report
from webapp.open311 import open311

JURISDICTION = "phuong-ben-thanh"
BEN_THANH = Location(10.7725, 106.6980)
db_url = reports_conftest.db_url  # a migrated database with the ward mapping; reports are emptied after each test


@pytest.fixture(autouse=True)
def _forget_keys(db_url):
    """The PostgreSQL database is shared by the session: its keys go after each test (reports go with db_url)."""
    yield
    empty_tables(db_url, "open311_api_keys")


@pytest.fixture
def app(db_url):
    app = Flask(__name__)
    app.config.update(TESTING=True, APP_DATABASE_URL=db_url, OPEN311_JURISDICTION_ID=JURISDICTION)
    app.register_blueprint(open311)
    return app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def api_key(db_url):
    with session_scope(db_url) as session:
        return add_key(session, "test client")[1]


@pytest.fixture
def file(db_url):
    """Files a report straight through urban_reports (as the chat would); returns its code."""
    def filing(now: dt.datetime, **changes) -> str:
        fields = {"category": "garbage", "description": "Rác đổ bậy đầu hẻm", "location": BEN_THANH,
                  "contact_phone": "0912345678"}
        with session_scope(db_url) as session:
            return file_report(session, ReportDraft(**fields | changes), "web:abc", "vi", now=now).code
    return filing


@pytest.fixture
def live_server(app):
    """The app on a real HTTP server on loopback, for third-party clients; yields its /open311/v2 URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/open311/v2"
    server.shutdown()
    thread.join(timeout=5)
