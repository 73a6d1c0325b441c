"""Issue #18: the web chat sends Rasa the client address as a keyed hash, never the address itself, so the
dossier actions can limit lookups per address across chat sessions."""

import json

import pytest

from dossiers.privacy import address_hash
from tests.channels.fake_rasa import FakeRasa
from webapp import create_app

SECRET = "test secret key"


@pytest.fixture
def rasa():
    fake = FakeRasa([{"text": "ok"}])
    yield fake
    fake.close()


def send(app, address: str) -> None:
    """A message from a new chat session at `address`."""
    client = app.test_client()
    environ = {"REMOTE_ADDR": address}
    session_id = client.post("/api/session", environ_base=environ).get_json()["session_id"]
    response = client.post("/api/chat", json={"session_id": session_id, "message": "tra cứu hồ sơ"},
                           environ_base=environ)
    assert response.status_code == 200


def test_every_web_message_carries_the_keyed_hash_of_the_client_address(rasa, db_url, monkeypatch):
    monkeypatch.setenv("DOSSIER_SENDER_HASH_KEY", "the hash key")
    app = create_app({"TESTING": True, "RASA_URL": rasa.url, "SECRET_KEY": SECRET, "APP_DATABASE_URL": db_url})
    for address in ("203.0.113.7", "203.0.113.7", "198.51.100.20"):
        send(app, address)
    hashes = [message["metadata"]["client_address_hash"] for message in rasa.messages]
    assert hashes == [address_hash("203.0.113.7")] * 2 + [address_hash("198.51.100.20")]
    assert len({message["sender"] for message in rasa.messages}) == 3  # three sessions, one address twice
    assert not any("203.0.113.7" in json.dumps(message) or "198.51.100.20" in json.dumps(message)
                   for message in rasa.messages)


def test_without_a_hash_key_the_apps_secret_key_keys_it(rasa, db_url, monkeypatch):
    monkeypatch.delenv("DOSSIER_SENDER_HASH_KEY", raising=False)
    app = create_app({"TESTING": True, "RASA_URL": rasa.url, "SECRET_KEY": SECRET, "APP_DATABASE_URL": db_url})
    send(app, "203.0.113.7")
    assert rasa.messages[0]["metadata"]["client_address_hash"] == address_hash("203.0.113.7", fallback_key=SECRET)
