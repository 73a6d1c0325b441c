"""Fault tests against the production profile: Rasa with bot/endpoints.prod.yml (PostgreSQL tracker store,
Redis lock store), the action server and the web app (`python -m webapp`) on a PostgreSQL app database.

PostgreSQL and Redis here are private instances (tests/chaos/private_services.py) that the tests stop and
kill; the shared ones on 5432/6379 are never touched. A killed notification dispatcher (nothing lost,
nothing twice) is covered by tests/notifications/test_dispatcher_kill.py.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from evaluation.servers import (
    APP_PYTHON,
    MODEL,
    REPO_ROOT,
    action_server_command,
    free_port,
    launch,
    rasa_command,
    rasa_status_url,
    server_env,
    stop,
    wait_for,
)
from tests.chaos.private_services import PrivatePostgres, PrivateRedis

BUSY = "thử lại"  # in the web chat's 503 answer: "Hệ thống đang bận, bạn vui lòng thử lại sau ít phút."
RASA_TIMEOUT = 20  # the web app's RASA_TIMEOUT_SECONDS
REQUEST_TIMEOUT = 60  # what the tests wait for any answer (a "hang" is anything longer than RASA_TIMEOUT + margin)


def pytest_configure(config):
    config.addinivalue_line("markers", "chaos: kills or stops a server of the production profile (slow)")


class Service:
    """A server process that a test may kill -9 and start again on the same port."""

    def __init__(self, command: list[str], health_url: str, log: Path, env: dict[str, str]) -> None:
        self.command, self.health_url, self.log, self.env = command, health_url, log, env
        self.process: subprocess.Popen | None = None

    def launch(self) -> Service:
        self.process = launch(self.command, self.log, self.env)
        return self

    def ready(self) -> None:
        """Wait until it answers its health URL (Rasa takes about a minute on a 2-core machine, several when busy)."""
        wait_for(self.health_url, self.process, self.log, timeout=600)

    def kill(self) -> None:
        """SIGKILL the server and its worker processes (the action server's Sanic serves from a child process)."""
        for pid in [self.process.pid, *descendants(self.process.pid)]:
            os.kill(pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            stop(self.process)


def descendants(pid: int) -> list[int]:
    children = [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    return [*children, *(grandchild for child in children for grandchild in descendants(child))]


@dataclass
class Production:
    postgres: PrivatePostgres
    redis: PrivateRedis
    actions: Service
    rasa: Service  # the replica the web app talks to
    other_rasa: Service  # a second replica on the same tracker store and lock store
    web: Service

    @property
    def web_url(self) -> str:
        return self.web.health_url.removesuffix("/healthz")


def rasa_replica(tmp: Path, env: dict[str, str], name: str) -> Service:
    port = free_port()
    return Service(rasa_command(port, env, "bot/endpoints.prod.yml"), rasa_status_url(port, env),
                   tmp / f"rasa-{name}.log", env)


@pytest.fixture(scope="session")
def production(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make model` (make test does)")
    tmp = tmp_path_factory.mktemp("chaos")
    postgres, lock_store = PrivatePostgres(), PrivateRedis()
    services: list[Service] = []
    try:
        postgres.create_database("app")
        postgres.create_database("tracker")
        actions_port, web_port = free_port(), free_port()
        env = server_env(tmp, actions_port, {
            "APP_DATABASE_URL": postgres.url("app"), "MEDIA_DIR": str(tmp / "media"),
            "RASA_TRACKER_HOST": "127.0.0.1", "RASA_TRACKER_PORT": str(postgres.port), "RASA_TRACKER_DB": "tracker",
            "RASA_TRACKER_USER": "postgres", "RASA_TRACKER_PASSWORD": "",
            "REDIS_HOST": "127.0.0.1", "REDIS_PORT": str(lock_store.port), "RASA_LOCK_REDIS_DB": "0",
            "RASA_LOCK_PREFIX": f"chaos{uuid.uuid4().hex[:8]}",
            "WEB_PORT": str(web_port), "RASA_TIMEOUT_SECONDS": str(RASA_TIMEOUT), "SECRET_KEY": uuid.uuid4().hex,
        })
        subprocess.run([str(APP_PYTHON), "-m", "knowledge", "init-db"], cwd=REPO_ROOT, env={**os.environ, **env},
                       check=True, capture_output=True)
        rasa, other_rasa = rasa_replica(tmp, env, "b"), rasa_replica(tmp, env, "a")
        env["RASA_URL"] = rasa.health_url.split("/status")[0]
        actions = Service(action_server_command(actions_port), f"http://127.0.0.1:{actions_port}/health",
                          tmp / "actions.log", env)
        web = Service([str(APP_PYTHON), "-m", "webapp"], f"http://127.0.0.1:{web_port}/healthz",
                      tmp / "web.log", env)
        services += [actions.launch(), rasa.launch(), other_rasa.launch(), web.launch()]
        for service in services:
            service.ready()
        for replica in (rasa, other_rasa):  # the first message of a fresh replica is slow (lazy set-up)
            RestResident(timeout=180).says("xin chào", replica)
        yield Production(postgres, lock_store, actions, rasa, other_rasa, web)
    finally:
        for service in services:
            service.stop()
        lock_store.kill()
        postgres.remove()


@dataclass
class Answer:
    status: int
    body: dict
    seconds: float

    @property
    def text(self) -> str:
        return "\n".join(m.get("text", "") for m in self.body.get("messages", [])) or self.body.get("error", "")


class WebResident:
    """A resident in the web chat (the JSON API the chat page uses)."""

    def __init__(self, web_url: str) -> None:
        self.url = web_url
        self.session_id = requests.post(f"{web_url}/api/session", timeout=10).json()["session_id"]

    def says(self, text: str) -> Answer:
        started = time.monotonic()
        response = requests.post(f"{self.url}/api/chat", json={"session_id": self.session_id, "message": text},
                                 timeout=REQUEST_TIMEOUT)
        try:
            body = response.json()
        except ValueError:  # an HTML error page
            body = {"error": response.text[:500]}
        return Answer(response.status_code, body, time.monotonic() - started)


class RestResident:
    """A resident whose messages go straight to one Rasa replica or another (REST channel)."""

    def __init__(self, timeout: float = REQUEST_TIMEOUT) -> None:
        self.sender, self.timeout = f"chaos-{uuid.uuid4().hex}", timeout

    def says(self, text: str, replica: Service) -> str:
        response = self.reaches(text, replica)
        assert response.status_code == 200, response.text
        return "\n".join(m.get("text", "") for m in response.json())

    def reaches(self, text: str, replica: Service) -> requests.Response:
        url = replica.health_url.split("/status")[0]
        return requests.post(f"{url}/webhooks/rest/webhook", json={"sender": self.sender, "message": text},
                             timeout=self.timeout)


def a_report_waiting_for_its_location(says) -> None:
    """The report form at its second step: category confirmed, the bot asks where."""
    assert "rác" in says("có người đổ rác bậy đầu hẻm").lower()
    assert "ở đâu" in says("/affirm")


ADDRESS = "45 Lê Văn Quới, phường Bình Trị Đông"
