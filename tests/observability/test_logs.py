"""With LOG_FORMAT=json every process writes one JSON object per line, with the turn's request id and a hash of
the conversation, never the sender id itself."""

import io
import json
import logging
import os
import subprocess
import sys

from channels.messages import Reply
from evaluation.servers import free_port
from notifications.outbox import enqueue
from observability.context import bound, conversation_hash
from observability.logs import ContextFilter, JsonFormatter
from storage.database import session_scope
from tests.conftest import REPO_ROOT


def run_python(*args: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "LOG_FORMAT": "json", **env})


def json_lines(stderr: str) -> list[dict]:
    return [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]


def test_a_line_carries_the_request_id_and_a_hash_of_the_conversation():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter("telegram"))
    handler.addFilter(ContextFilter())
    logger = logging.getLogger("tests.observability.a_line")
    logger.addHandler(handler)
    try:
        with bound("req-abcdef12", "telegram:84901234567"):
            logger.warning("Rasa đang bận")
        logger.warning("after the turn")
    finally:
        logger.removeHandler(handler)

    during, after = (json.loads(line) for line in stream.getvalue().splitlines())
    assert during["message"] == "Rasa đang bận" and during["level"] == "WARNING"
    assert during["process"] == "telegram" and during["logger"] == "tests.observability.a_line"
    assert during["request_id"] == "req-abcdef12"
    assert during["conversation"] == conversation_hash("telegram:84901234567")
    assert "84901234567" not in stream.getvalue()
    assert "request_id" not in after and "conversation" not in after


def test_the_web_app_logs_json_with_the_request_id(sqlite_url):
    code = f"""
from webapp import create_app
client = create_app({{"TESTING": True, "RASA_URL": "http://127.0.0.1:{free_port()}"}}).test_client()
session_id = client.post("/api/session").get_json()["session_id"]
answer = client.post("/api/chat", json={{"session_id": session_id, "message": "hi"}},
                     headers={{"X-Request-ID": "req-0123456789"}})
print(answer.status_code, session_id)
"""
    done = run_python("-c", code, APP_DATABASE_URL=sqlite_url)

    status, session_id = done.stdout.split()
    assert status == "503"
    lines = json_lines(done.stderr)
    assert lines and all(line["process"] == "web" for line in lines)
    assert any(line.get("request_id") == "req-0123456789" and line["level"] == "WARNING" for line in lines)
    assert session_id not in done.stderr


def test_the_dispatcher_logs_json(sqlite_url):
    with session_scope(sqlite_url) as session:
        enqueue(session, "fax:0901234567", [Reply(text="Hồ sơ đã có kết quả")], "dossier:1:fax", "dossier_status")

    done = run_python("-m", "notifications", "dispatch", "--once", APP_DATABASE_URL=sqlite_url)

    dead = [line for line in json_lines(done.stderr) if "dead after" in line["message"]]
    assert done.returncode == 0 and len(dead) == 1
    assert dead[0]["process"] == "notify" and dead[0]["level"] == "WARNING"
