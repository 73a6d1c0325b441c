"""Start the real Rasa and action servers as subprocesses on free ports (tests and benchmarks)."""

from __future__ import annotations

import os
import secrets
import socket
import sqlite3
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

REPO_ROOT = Path(__file__).resolve().parent.parent
APP_PYTHON = REPO_ROOT / ".venv" / "bin" / "python"
RASA = REPO_ROOT / ".venv-rasa" / "bin" / "rasa"
MODEL = REPO_ROOT / "var" / "models" / "assistant.tar.gz"
APP_DB = REPO_ROOT / "var" / "app.db"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def listening_addresses(ports: set[int]) -> set[str]:
    """The local addresses of the listening TCP sockets on these ports, as `ss -ltn` shows them."""
    lines = subprocess.run(["ss", "-ltnH"], capture_output=True, text=True, check=True).stdout.splitlines()
    local = [line.split()[3] for line in lines]
    return {address.rsplit(":", 1)[0] for address in local if int(address.rsplit(":", 1)[1]) in ports}


def wait_for(url: str, process: subprocess.Popen, log: Path, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited early:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"{url} did not come up:\n{log.read_text()[-3000:]}")


def launch(command: list[str], log: Path, env: dict[str, str]) -> subprocess.Popen:
    """Start without waiting (several servers then boot in parallel); the log is appended to across restarts."""
    with open(log, "ab") as out:
        return subprocess.Popen(command, cwd=REPO_ROOT, stdout=out, stderr=subprocess.STDOUT,
                                env={**os.environ, **env})


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def running(command: list[str], health_url: str, log: Path, env: dict[str, str]) -> Iterator[subprocess.Popen]:
    process = launch(command, log, env)
    try:
        wait_for(health_url, process, log)
        yield process
    finally:
        stop(process)


def server_env(tmp: Path, actions_port: int, extra: dict[str, str] | None = None) -> dict[str, str]:
    return {
        "ACTION_SERVER_TOKEN": os.environ.get("ACTION_SERVER_TOKEN") or secrets.token_urlsafe(32),
        "RASA_AUTH_TOKEN": os.environ.get("RASA_AUTH_TOKEN") or secrets.token_urlsafe(32),
        "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{actions_port}/webhook",
        "RASA_TRACKER_DB": str(tmp / "tracker.db"),
        "RASA_TELEMETRY_ENABLED": "false",
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "HF_HUB_OFFLINE": "1",
        "SEARCH_INDEX_DIR": str(REPO_ROOT / "var" / "search"),
        **(extra or {}),
    }


def action_server_command(port: int) -> list[str]:
    return ["env", "SANIC_HOST=127.0.0.1", str(APP_PYTHON), "-m", "rasa_sdk", "--actions", "actions", "--port",
            str(port)]


def rasa_command(port: int, env: dict[str, str], endpoints: str = "bot/endpoints.yml") -> list[str]:
    """`endpoints`: bot/endpoints.prod.yml for the production profile (PostgreSQL tracker, Redis lock store).
    The HTTP API wants `?token=` with env's RASA_AUTH_TOKEN (`rasa_status_url`)."""
    return [str(RASA), "run", "--enable-api", "--model", str(MODEL), "--endpoints", endpoints,
            "--credentials", "bot/credentials.yml", "--port", str(port), "--interface", "127.0.0.1",
            f"--auth-token={env['RASA_AUTH_TOKEN']}"]  # one argument: a token may start with "-"


def rasa_status_url(port: int, env: dict[str, str]) -> str:
    """Rasa's /status (200 once a model is loaded), authenticated."""
    return f"http://127.0.0.1:{port}/status?token={env['RASA_AUTH_TOKEN']}"


@contextmanager
def action_server(tmp: Path, port: int, env: dict[str, str]) -> Iterator[subprocess.Popen]:
    with running(action_server_command(port), f"http://127.0.0.1:{port}/health", tmp / f"actions-{port}.log",
                 env) as process:
        yield process


@contextmanager
def rasa_server(tmp: Path, port: int, env: dict[str, str],
                endpoints: str = "bot/endpoints.yml") -> Iterator[subprocess.Popen]:
    with running(rasa_command(port, env, endpoints), rasa_status_url(port, env), tmp / f"rasa-{port}.log",
                 env) as process:
        yield process


def copy_database(source: Path, target: Path) -> Path:
    """A copy of the app database for one evaluation run: what the run writes (taps that teach the search's example
    memory, reports, handoffs) never reaches `var/app.db`, so runs do not depend on each other."""
    with sqlite3.connect(source) as original, sqlite3.connect(target) as copy:
        original.backup(copy)
    return target
