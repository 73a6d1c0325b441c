"""POST /api/dossiers/events: signed, fresh, once per event id; bad input gets a 400 with the reason."""

import json
import time

import pytest
from flask import Flask
from sqlalchemy import func, select

from dossiers.models import Dossier, DossierStatusChange
from dossiers.webhook import WebhookSettings, signature
from storage.database import session_scope
from webapp.dossier_events import dossier_events

SECRET = "shared-secret"
EVENT = {"event_id": "evt-1", "receipt_number": "38.98.h29-210519-0013", "status": "Đang xử lý",
         "status_at": "2026-11-02T08:30:00+07:00", "procedure_name": "Đăng ký khai sinh",
         "applicant_name": "Nguyễn Văn An", "applicant_phone": "0912 345 678", "received_on": "02/11/2026",
         "due_on": "2026-11-05"}


@pytest.fixture
def client(db_url):
    app = Flask(__name__)
    app.config.update(TESTING=True, APP_DATABASE_URL=db_url, DOSSIER_WEBHOOK=WebhookSettings(SECRET))
    app.register_blueprint(dossier_events)
    return app.test_client()


def post(client, event, secret=SECRET, timestamp=None, headers=None):
    body = event if isinstance(event, bytes) else json.dumps(event).encode()
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    signed = {"X-Timestamp": timestamp, "X-Signature": signature(secret, timestamp, body),
              "Content-Type": "application/json"}
    return client.post("/api/dossiers/events", data=body, headers=signed | (headers or {}))


def counts(db_url):
    with session_scope(db_url) as session:
        return (session.scalar(select(func.count()).select_from(Dossier)),
                session.scalar(select(func.count()).select_from(DossierStatusChange)))


def test_a_signed_event_is_recorded_and_its_replay_changes_nothing(client, db_url):
    first = post(client, EVENT)
    assert first.status_code == 200
    assert first.get_json() == {"status": "created", "receipt_number": "38.98.H29-210519-0013"}
    replay = post(client, EVENT | {"status": "Đã trả kết quả"})
    assert replay.status_code == 200 and replay.get_json()["status"] == "duplicate"
    assert counts(db_url) == (1, 1)
    changed = post(client, EVENT | {"event_id": "evt-2", "status": "Đã xử lý xong", "status_at": "2026-11-04T09:00:00"})
    assert changed.get_json()["status"] == "changed" and counts(db_url) == (1, 2)


def test_only_the_signed_event_id_chooses_the_idempotency_key(client, db_url):
    """A captured event replayed under a fresh, unsigned Idempotency-Key must not roll the status back."""
    assert post(client, EVENT).get_json()["status"] == "created"
    newer = EVENT | {"event_id": "evt-2", "status": "Đã trả kết quả", "status_at": "2026-11-05T09:00:00"}
    assert post(client, newer).get_json()["status"] == "changed"
    replay = post(client, EVENT, headers={"Idempotency-Key": "fresh-key"})
    assert replay.status_code == 400 and "does not match" in replay.get_json()["error"]
    assert post(client, EVENT, headers={"Idempotency-Key": EVENT["event_id"]}).get_json()["status"] == "duplicate"
    without_id = {key: value for key, value in EVENT.items() if key != "event_id"}
    assert post(client, without_id, headers={"Idempotency-Key": "k-1"}).status_code == 400
    assert counts(db_url) == (1, 2)


@pytest.mark.parametrize(("kwargs", "reason"), [
    ({"secret": "wrong"}, "bad signature"),
    ({"timestamp": int(time.time()) - 301}, "stale timestamp"),
    ({"timestamp": int(time.time()) + 3600}, "stale timestamp"),
])
def test_forged_and_stale_calls_get_401(client, db_url, kwargs, reason):
    response = post(client, EVENT, **kwargs)
    assert response.status_code == 401 and response.get_json()["error"] == reason
    assert counts(db_url) == (0, 0)


def test_unsigned_calls_get_401(client):
    response = client.post("/api/dossiers/events", json=EVENT)
    assert response.status_code == 401 and "missing" in response.get_json()["error"]


def test_the_signature_covers_the_timestamp(client):
    body = json.dumps(EVENT).encode()
    old = str(int(time.time()) - 1000)
    headers = {"X-Timestamp": str(int(time.time())), "X-Signature": signature(SECRET, old, body)}
    assert client.post("/api/dossiers/events", data=body, headers=headers).status_code == 401


@pytest.mark.parametrize(("event", "reason"), [
    (b"{not json", "not JSON"),
    (b"[1, 2]", "not a JSON object"),
    (EVENT | {"status": "Đang chờ"}, "unknown status"),
    (EVENT | {"due_on": "31/02/2026"}, "due_on"),
    (EVENT | {"status_at": "yesterday"}, "status_at"),
    (EVENT | {"receipt_number": "38.98.H29-2105-0013"}, "receipt_number"),
])
def test_bad_bodies_get_400_with_the_reason(client, db_url, event, reason):
    response = post(client, event)
    assert response.status_code == 400 and reason in response.get_json()["error"]
    assert counts(db_url) == (0, 0)


def test_the_endpoint_is_off_without_a_secret(db_url, monkeypatch):
    monkeypatch.delenv("DOSSIER_WEBHOOK_SECRET", raising=False)
    app = Flask(__name__)
    app.config.update(TESTING=True, APP_DATABASE_URL=db_url)
    app.register_blueprint(dossier_events)
    response = app.test_client().post("/api/dossiers/events", json=EVENT)
    assert response.status_code == 404 and "DOSSIER_WEBHOOK_SECRET" in response.get_json()["error"]
