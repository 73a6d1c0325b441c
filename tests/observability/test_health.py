"""Readiness of the web app (/readyz) and liveness of the notification dispatcher (NOTIFY_HEALTH_PORT)."""

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

from evaluation.servers import free_port
from notifications.dispatcher import Dispatcher
from observability.health_server import serve_health
from storage.database import session_factory
from tests.conftest import REPO_ROOT
from tests.observability.conftest import web_app


def get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def test_ready_when_the_database_and_rasa_answer(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}
    response = client.get("/readyz")
    assert response.status_code == 200 and response.get_json() == {"status": "ready"}


def test_not_ready_while_rasa_is_down(rasa_down_client):
    response = rasa_down_client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "failed": ["rasa"]}
    assert rasa_down_client.get("/healthz").status_code == 200  # alive all the same: do not restart it


def test_not_ready_without_the_database_and_no_secret_is_shown(rasa):
    url = f"postgresql+psycopg://app:hunter2-secret@127.0.0.1:{free_port()}/app"
    response = web_app(rasa.url, url).test_client().get("/readyz")

    assert response.status_code == 503 and response.get_json()["failed"] == ["database"]
    assert "hunter2" not in response.get_data(as_text=True) and "127.0.0.1" not in response.get_data(as_text=True)


def test_the_dispatcher_is_healthy_while_its_loop_runs(sqlite_url):
    dispatcher = Dispatcher(session_factory(sqlite_url), [])
    server = serve_health(free_port(), lambda: dispatcher.healthy(0.5))
    url = f"http://127.0.0.1:{server.server_address[1]}/healthz"
    try:
        assert get(url) == (200, {"status": "ok"})
        time.sleep(0.6)  # no poll for longer than allowed: stuck
        assert get(url) == (503, {"status": "stalled"})
        dispatcher.run(once=True)  # polls the (empty) outbox
        assert get(url) == (200, {"status": "ok"})
    finally:
        server.shutdown()
        server.server_close()


def test_the_dispatch_command_serves_its_health_on_the_port_given(sqlite_url):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "notifications", "dispatch"], cwd=REPO_ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={**os.environ, "APP_DATABASE_URL": sqlite_url, "NOTIFY_HEALTH_PORT": str(port)})
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                assert get(f"http://127.0.0.1:{port}/healthz") == (200, {"status": "ok"})
                break
            except urllib.error.URLError:
                assert time.monotonic() < deadline and process.poll() is None
                time.sleep(0.3)
    finally:
        process.terminate()
        process.wait(timeout=10)
