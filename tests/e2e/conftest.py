"""The real Rasa server (Python 3.10 env) and action server (Python 3.11 env) over HTTP."""

from __future__ import annotations

import os
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from evaluation.servers import APP_PYTHON, MODEL, REPO_ROOT, action_server, free_port, rasa_server, server_env


@dataclass
class Bot:
    rasa_url: str
    actions_url: str
    database_url: str
    media_dir: Path  # the action server's MEDIA_DIR: photos sent in chat are read from here
    actions_token: str = ""  # the secret Rasa sends to the action server (actions/endpoint_auth.py)
    rasa_token: str = ""  # Rasa's HTTP API token (`rasa run --auth-token`)
    server_dir: Path | None = None  # where the servers' stores (tracker, app database) and logs live
    env: dict[str, str] | None = None  # the servers' environment: a second pair on the same stores uses it

    def say(self, text: str, sender: str | None = None, metadata: dict | None = None) -> list[dict]:
        response = requests.post(
            f"{self.rasa_url}/webhooks/rest/webhook",
            json={"sender": sender or f"test-{uuid.uuid4().hex}", "message": text, "metadata": metadata or {}},
            timeout=60,
        )
        assert response.status_code == 200, response.text
        return response.json()

    def text_of(self, text: str, sender: str | None = None) -> str:
        return "\n".join(m.get("text", "") for m in self.say(text, sender))

    def parse(self, text: str) -> dict:
        response = requests.post(f"{self.rasa_url}/model/parse", params={"token": self.rasa_token},
                                 json={"text": text}, timeout=60)
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture(scope="session")
def bot(tmp_path_factory) -> Bot:
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make model` (make test does)")
    tmp = tmp_path_factory.mktemp("servers")
    actions_port, rasa_port = free_port(), free_port()
    env = server_env(tmp, actions_port, {"APP_DATABASE_URL": f"sqlite:///{tmp / 'app.db'}",
                                         "MEDIA_DIR": str(tmp / "media")})
    subprocess.run([str(APP_PYTHON), "-m", "knowledge", "init-db"], cwd=REPO_ROOT, env={**os.environ, **env},
                   check=True, capture_output=True)
    with action_server(tmp, actions_port, env), rasa_server(tmp, rasa_port, env):
        yield Bot(f"http://127.0.0.1:{rasa_port}", f"http://127.0.0.1:{actions_port}", env["APP_DATABASE_URL"],
                  tmp / "media", env["ACTION_SERVER_TOKEN"], env["RASA_AUTH_TOKEN"], tmp, env)
