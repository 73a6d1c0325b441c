"""A Rasa stand-in that also answers GET /status and keeps each turn's headers; a web app in front of it on a
throwaway database."""

from __future__ import annotations

import pytest

from evaluation.servers import free_port
from tests.channels.conftest import sqlite_url  # noqa: F401  (a fixture, reused)
from tests.channels.fake_rasa import FakeRasa
from webapp import create_app

GREETING = [{"recipient_id": "x", "text": "Xin chào!"}]


class RasaWithStatus(FakeRasa):
    def __init__(self, replies: list[dict]) -> None:
        super().__init__(replies)
        self.headers: list[dict] = []

    def answer(self, path: str, headers: dict, raw: bytes) -> object:
        if path.partition("?")[0] == "/status":  # GET /status?token=... (RASA_AUTH_TOKEN) when make exports it
            return {"model_file": "var/models/assistant.tar.gz"}
        self.headers.append(headers)
        return super().answer(path, headers, raw)


@pytest.fixture
def rasa():
    server = RasaWithStatus(GREETING)
    yield server
    server.close()


def web_app(rasa_url: str, database_url: str):
    return create_app({"TESTING": True, "RASA_URL": rasa_url, "APP_DATABASE_URL": database_url})


@pytest.fixture
def client(rasa, sqlite_url):  # noqa: F811
    return web_app(rasa.url, sqlite_url).test_client()


@pytest.fixture
def rasa_down_client(sqlite_url):  # noqa: F811
    return web_app(f"http://127.0.0.1:{free_port()}", sqlite_url).test_client()


def chat(client, text: str = "xin chào", **headers):
    session_id = client.post("/api/session").get_json()["session_id"]
    return client.post("/api/chat", json={"session_id": session_id, "message": text}, headers=headers)
