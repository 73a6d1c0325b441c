"""The action server's log lines carry the request id the channel put in the message metadata."""

import json
import os
import subprocess
import sys
import time

import requests

from evaluation.servers import free_port
from observability.context import conversation_hash
from tests.conftest import REPO_ROOT


def action_call(request_id: str) -> dict:
    """What Rasa posts to the action server for one turn: the metadata rides in the tracker's latest message."""
    tracker = {"sender_id": "telegram:84901234567", "slots": {}, "events": [], "paused": False,
               "followup_action": None, "active_loop": {}, "latest_action_name": None,
               "latest_message": {"text": "xin chào", "intent": {"name": "greet"}, "entities": [],
                                  "metadata": {"channel": "telegram", "request_id": request_id}}}
    return {"next_action": "action_greet", "sender_id": "telegram:84901234567", "tracker": tracker, "domain": {},
            "version": "3.6.21"}


def test_the_actions_log_the_turns_request_id(tmp_path):
    port = free_port()
    log = tmp_path / "actions.log"
    env = {**os.environ, "LOG_FORMAT": "json", "LOG_LEVEL": "DEBUG", "SANIC_HOST": "127.0.0.1",
           "ACTION_SERVER_TOKEN": "test-secret"}
    with log.open("w") as stderr:
        server = subprocess.Popen([sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)],
                                  cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                requests.get(f"http://127.0.0.1:{port}/health", timeout=1).raise_for_status()
                break
            except requests.RequestException:
                assert time.monotonic() < deadline and server.poll() is None, log.read_text()[-2000:]
                time.sleep(0.5)
        answer = requests.post(f"http://127.0.0.1:{port}/webhook", json=action_call("req-7c1f0a2b"),
                               headers={"X-Action-Token": "test-secret"}, timeout=30)
        assert answer.status_code == 200 and answer.json()["responses"][0]["text"].startswith("Xin chào")
        time.sleep(0.5)  # the worker's log lines reach the file
    finally:
        server.terminate()
        server.wait(timeout=30)

    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    turn = [line for line in lines if line.get("request_id") == "req-7c1f0a2b"]
    assert any("action_greet" in line["message"] for line in turn)
    assert all(line["process"] == "actions" and line["conversation"] == conversation_hash("telegram:84901234567")
               for line in turn)
    assert "84901234567" not in log.read_text()
