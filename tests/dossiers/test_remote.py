"""The remote lookup adapter against a loopback fake of a one-stop system's API (remote_payload.json)."""

import datetime as dt
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dossiers.lookup import LookupOutcome, lookup
from dossiers.models import DossierStatusChange
from dossiers.registry import Outcome
from dossiers.remote import RemoteSettings, RemoteUnavailable, dotted, fetch_status
from dossiers.settings import LookupSettings
from dossiers.statuses import DossierStatus

PAYLOAD = json.loads((Path(__file__).with_name("remote_payload.json")).read_text(encoding="utf-8"))
RECEIPT = PAYLOAD["data"]["soBienNhan"]


class FakeOneStop:
    """Answers GET /hoso/<receipt>: the payload for RECEIPT, 404 for others; `mode` breaks it on purpose."""

    def __init__(self) -> None:
        self.mode, self.requests = "ok", []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's naming)
                fake.requests.append((self.path, self.headers.get("Authorization")))
                if fake.mode == "slow":
                    time.sleep(0.6)
                body, code = json.dumps(PAYLOAD).encode(), 200
                if fake.mode == "error":
                    body, code = b"upstream down", 502
                elif fake.mode == "garbage":
                    body = b"<html>maintenance</html>"
                elif not self.path.endswith(RECEIPT):
                    body, code = b'{"success": false}', 404
                self.send_response(code)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.settings = RemoteSettings(f"http://127.0.0.1:{self.server.server_port}/hoso/{{receipt}}",
                                       timeout_seconds=0.3, token="t0ken")


@pytest.fixture
def fake():
    server = FakeOneStop()
    yield server
    server.server.shutdown()
    server.server.server_close()


def test_an_answer_is_cached_in_the_registry_once(sessions, fake):
    with sessions.begin() as session:
        assert fetch_status(fake.settings, session, RECEIPT) is Outcome.CREATED
        assert fetch_status(fake.settings, session, RECEIPT) is Outcome.UNCHANGED
        assert session.scalar(select(func.count()).select_from(DossierStatusChange)) == 1
    assert fake.requests[0] == (f"/hoso/{RECEIPT}", "Bearer t0ken")


def test_a_lookup_miss_asks_the_remote_system_and_shows_its_answer(sessions, fake):
    with sessions.begin() as session:
        result = lookup(session, RECEIPT.lower(), "web:1", LookupSettings(), remote=fake.settings)
    assert result.outcome is LookupOutcome.FOUND and result.status is DossierStatus.SUPPLEMENT_REQUESTED
    assert result.status_at == dt.datetime(2026, 11, 3, 2, 15)  # stored as UTC
    assert (result.procedure_name, result.due_on, result.applicant) == (
        "Đăng ký khai sinh", dt.date(2026, 11, 5), "N. V. A.")
    assert result.notes is None
    with sessions.begin() as session:
        assert lookup(session, "38.98.H29-210519-0099", "web:1", remote=fake.settings).outcome \
            is LookupOutcome.NOT_FOUND


@pytest.mark.parametrize("mode", ["slow", "error", "garbage"])
def test_timeouts_and_errors_give_a_clean_unavailable(sessions, fake, mode):
    fake.mode = mode
    with sessions.begin() as session:
        with pytest.raises(RemoteUnavailable):
            fetch_status(fake.settings, session, RECEIPT)
        assert lookup(session, RECEIPT, "web:1", remote=fake.settings).outcome is LookupOutcome.UNAVAILABLE


def test_nothing_listening_is_unavailable_too(sessions):
    settings = RemoteSettings("http://127.0.0.1:9/hoso/{receipt}", timeout_seconds=0.5)
    with sessions.begin() as session:
        assert lookup(session, RECEIPT, "web:1", remote=settings).outcome is LookupOutcome.UNAVAILABLE


def test_an_answer_without_a_known_status_is_unavailable_not_recorded(sessions, fake):
    settings = RemoteSettings(fake.settings.url_template, fields={"status": "data.khongCo"})
    with sessions.begin() as session, pytest.raises(RemoteUnavailable, match="status"):
        fetch_status(settings, session, RECEIPT)


def test_settings_come_from_the_environment_and_refuse_unknown_fields(monkeypatch):
    monkeypatch.setenv("DOSSIER_REMOTE_URL", "https://motcua.example/api/hoso/{receipt}")
    monkeypatch.setenv("DOSSIER_REMOTE_FIELDS", json.dumps({"status": "result.state"}))
    assert RemoteSettings.from_env().fields == {"status": "result.state"}
    monkeypatch.setenv("DOSSIER_REMOTE_FIELDS", json.dumps({"stattus": "result.state"}))
    with pytest.raises(ValueError, match="stattus"):
        RemoteSettings.from_env()
    monkeypatch.delenv("DOSSIER_REMOTE_URL")
    assert RemoteSettings.from_env() is None


def test_dotted_paths_walk_objects_and_lists():
    assert dotted({"a": [{"b": 1}]}, "a.0.b") == 1
    assert dotted({"a": [{"b": 1}]}, "a.1.b") is None and dotted({"a": 1}, "a.b") is None
