"""The production profile: its rendered files, and the whole topology serving residents through nginx while a
Rasa replica is killed (real PostgreSQL, Redis, nginx, gunicorn, two Rasa replicas, two action servers)."""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import signal
import subprocess
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
import requests

from deployment.topology import Database, Topology, write_files
from evaluation.servers import APP_PYTHON, MODEL, REPO_ROOT, free_port, listening_addresses

NGINX = shutil.which("nginx")


def test_the_rendered_files_describe_the_scaled_topology(tmp_path):
    topology = Topology(rasa_replicas=3, action_servers=2, dispatchers=2, web_port=9100, rasa_port=9101,
                        actions_port=9102, backend_base_port=21000)
    procfile = write_files(topology, tmp_path, env={"TELEGRAM_BOT_TOKEN": "", "APP_DB_NAME": "ward_app"})
    names = [line.split(":", 1)[0] for line in procfile.read_text().splitlines()]
    assert names == ["nginx", "web", "rasa1", "rasa2", "rasa3", "actions1", "actions2", "notify1", "notify2"]
    conf = (tmp_path / "nginx" / "nginx.conf").read_text()
    assert all(f"127.0.0.1:{port}" in conf for port in (21010, 21011, 21012, 21020, 21021, 21000, 9100, 9101, 9102))
    env = dict(line.split("=", 1) for line in (tmp_path / "env").read_text().splitlines())
    assert env["APP_DATABASE_URL"] == "postgresql+psycopg://postgres@127.0.0.1:5432/ward_app"
    assert env["ACTION_ENDPOINT_URL"] == "http://127.0.0.1:9102/webhook" and env["RASA_URL"] == "http://127.0.0.1:9101"
    assert env["RATELIMIT_STORAGE_URI"].startswith("redis://") and env["TRUST_PROXY_HEADERS"] == "1"
    assert len(env["RASA_AUTH_TOKEN"]) >= 32 and len(env["ACTION_SERVER_TOKEN"]) >= 32
    assert "--auth-token=$RASA_AUTH_TOKEN" in procfile.read_text()
    if NGINX:
        check = subprocess.run([NGINX, "-t", "-e", "stderr", "-p", str(tmp_path / "nginx"), "-c",
                                str(tmp_path / "nginx" / "nginx.conf")], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr


def test_the_single_process_settings_that_make_exports_do_not_leak_into_the_profile(tmp_path):
    """`make run-prod` runs with make run's RASA_URL, RASA_TRACKER_DB… in the environment."""
    settings = Topology(rasa_port=9101, actions_port=9102).environment(
        {"RASA_URL": "http://127.0.0.1:5005", "RASA_TRACKER_DB": "var/rasa_tracker.db",
         "ACTION_ENDPOINT_URL": "http://127.0.0.1:5055/webhook", "RATELIMIT_STORAGE_URI": "redis://cache:6379/5"},
        tmp_path)
    assert settings["RASA_URL"] == "http://127.0.0.1:9101"
    assert settings["ACTION_ENDPOINT_URL"] == "http://127.0.0.1:9102/webhook"
    assert settings["RASA_TRACKER_DB"] == "citizen_assistant_tracker"
    assert settings["RATELIMIT_STORAGE_URI"] == "redis://cache:6379/5"  # an operator's choice is kept


def test_a_replica_count_out_of_range_is_refused():
    with pytest.raises(ValueError):
        Topology(rasa_replicas=0)


@pytest.fixture
def production(tmp_path):
    """`python -m deployment prepare` and the rendered Procfile's processes, on throwaway databases and ports."""
    if NGINX is None:
        pytest.fail("nginx is not installed: run `make nginx`")
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make model`")
    suffix = uuid.uuid4().hex[:8]
    env = {**os.environ, "APP_DB_NAME": f"prod_app_{suffix}", "TRACKER_DB_NAME": f"prod_tracker_{suffix}",
           "RASA_REPLICAS": "2", "ACTION_SERVERS": "2", "DISPATCHERS": "1", "WEB_WORKERS": "1",
           "WEB_PORT": str(free_port()), "RASA_PORT": str(free_port()), "ACTIONS_PORT": str(free_port()),
           "BACKEND_BASE_PORT": str(30000 + int(suffix, 16) % 300 * 100), "RASA_LOCK_PREFIX": f"lock{suffix}",
           "RATELIMIT_ENABLED": "0", "TELEGRAM_BOT_TOKEN": ""}
    topology = Topology.from_env(env)
    subprocess.run([str(APP_PYTHON), "-m", "deployment", "prepare"], cwd=REPO_ROOT, env=env, check=True,
                   capture_output=True, timeout=600)
    procfile = write_files(topology, tmp_path, env)
    settings = {name: shlex.split(value)[0] if value else "" for name, value in
                (line.split("=", 1) for line in (tmp_path / "env").read_text().splitlines())}
    # Each line of the Procfile on its own (honcho would stop them all when the killed replica exits; a
    # server runs them as separate systemd units).
    processes = []
    with open(tmp_path / "processes.log", "wb") as log:
        for line in procfile.read_text().splitlines():
            command = line.split(": ", 1)[1]
            processes.append(subprocess.Popen(command, shell=True, cwd=REPO_ROOT, env={**env, **settings},
                                              stdout=log, stderr=subprocess.STDOUT, start_new_session=True))
    try:
        yield topology, tmp_path / "processes.log", settings
    finally:
        for process in processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        database = Database.from_env(env)
        with psycopg.connect(host=database.host, port=database.port, user=database.user, dbname="postgres",
                             autocommit=True) as connection:
            for name in (database.app_db, database.tracker_db):
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def chat(base: str, session_id: str, message: str) -> requests.Response:
    return requests.post(f"{base}/api/chat", json={"session_id": session_id, "message": message}, timeout=90)


@pytest.mark.e2e
def test_the_scaled_topology_answers_through_nginx_and_survives_a_killed_replica(production):
    topology, log, settings = production
    base = f"http://127.0.0.1:{topology.web_port}"
    deadline = time.monotonic() + 300  # two Rasa replicas load their models side by side
    while True:
        try:
            session_id = requests.post(f"{base}/api/session", timeout=5).json()["session_id"]
            statuses = {requests.get(f"http://127.0.0.1:{port}/status", timeout=5,
                                     params={"token": settings["RASA_AUTH_TOKEN"]}).status_code
                        for port in topology.rasa_backend_ports}
            if statuses == {200} and chat(base, session_id, "xin chào").status_code == 200:
                break
        except (requests.RequestException, ValueError):
            pass
        assert time.monotonic() < deadline, log.read_text()[-3000:]
        time.sleep(3)

    ports = {topology.web_port, topology.rasa_port, topology.actions_port, topology.web_backend_port,
             *topology.rasa_backend_ports, *topology.action_backend_ports}
    assert listening_addresses(ports) == {"127.0.0.1"}, "a port of the profile listens beyond this machine"

    answer = chat(base, session_id, "lam cccd can giay to gi")
    assert answer.status_code == 200, answer.text[:300]
    assert "căn cước" in " ".join(message.get("text", "") for message in answer.json()["messages"])

    # Two messages of one resident at once: one replica takes both (nginx hashes the conversation id), one
    # after the other, so the tracker holds each message followed by its own answer.
    with ThreadPoolExecutor(2) as pool:
        both = list(pool.map(lambda text: chat(base, session_id, text), ["le phi bao nhieu", "menu"]))
    assert [response.status_code for response in both] == [200, 200] and all(r.json()["messages"] for r in both)
    tracker = requests.get(f"http://127.0.0.1:{topology.rasa_port}/conversations/web:{session_id}/tracker",
                           params={"token": settings["RASA_AUTH_TOKEN"]}, timeout=10).json()
    turns = [event["event"] for event in tracker["events"] if event["event"] in ("user", "bot")]
    first, second = [index for index, kind in enumerate(turns) if kind == "user"][-2:]
    assert turns[first + 1] == "bot" and second > first + 1 and turns[-1] == "bot", turns[first:]  # not interleaved

    replica = subprocess.run(["pgrep", "-f", "--", f"--port {topology.rasa_backend_ports[0]} "], capture_output=True,
                             text=True).stdout.split()
    assert replica, "the first Rasa replica is not running"
    for pid in replica:
        os.kill(int(pid), signal.SIGKILL)
    for question in ("le phi lam ho chieu", "đăng ký khai sinh cần giấy tờ gì", "menu"):
        response = chat(base, session_id, question)
        assert response.status_code == 200 and response.json()["messages"], (question, response.text[:300])


@pytest.mark.parametrize("procfile", ["make run", "make run-prod"])
def test_every_server_binds_loopback_and_rasa_wants_its_token(tmp_path, procfile):
    text = ((REPO_ROOT / "Procfile").read_text() if procfile == "make run"
            else Topology().procfile(tmp_path))
    lines = dict(line.split(": ", 1) for line in text.splitlines() if line.strip())
    rasa = [command for name, command in lines.items() if name.startswith("rasa")]
    actions = [command for name, command in lines.items() if name.startswith("actions")]
    assert rasa and all("--interface 127.0.0.1" in c and "--auth-token=$RASA_AUTH_TOKEN" in c for c in rasa)
    assert actions and all(c.startswith("SANIC_HOST=127.0.0.1 ") for c in actions)
