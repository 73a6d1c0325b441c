"""Residents chatting through the web chat API, for locust (started by `python -m evaluation.load.run`).

One user class per scenario of scenarios.yml, weighted as it says (locust shares the users among the
classes by weight). Each run of a task is one resident: a new session, the page's greeting, then the
scenario's turns as the browser sends them (webapp/static/chat.js), with the think time of scenarios.yml
(1-3 s) before each typed turn and between residents. A turn is a POST /api/chat or /api/upload; it
is an error when the status is not 200 or the reply holds no message. Every turn is also written to
LOAD_SAMPLES (JSON) when locust quits, so the runner computes exact percentiles per scenario;
LOAD_RECEIPTS lists the seeded dossiers to look up.
"""

from __future__ import annotations

import io
import json
import os
import random
import time
from pathlib import Path

import yaml
from locust import HttpUser, between, events, task
from PIL import Image

SCENARIOS = yaml.safe_load((Path(__file__).with_name("scenarios.yml")).read_text(encoding="utf-8"))
# Share of the simulated residents in each scenario; LOAD_WEIGHTS (JSON) overrides some.
WEIGHTS = {**SCENARIOS["weights"], **json.loads(os.environ.get("LOAD_WEIGHTS") or "{}")}
TIMEOUT_SECONDS = (5, 60)  # connect, read: a turn that takes longer is a failed turn
MAX_REPORT_TURNS = 10
# What the report form asks (actions/report_text.py) -> what the resident answers ("": the report is filed).
REPORT_ANSWERS = (
    ("Đã gửi phản ánh", ""),  # filed: done
    ("Đã có phản ánh tương tự", "/deny"),  # send a new one anyway
    ("đúng không", "/affirm"),  # the category it guessed
    ("Việc này ở đâu", "{address}"),
    ("Bạn kiểm tra lại phản ánh", "/affirm"),
    ("số điện thoại", "ẩn danh"),
    ("ảnh hiện trường", "/deny"),  # the photo is already there
    ("Bạn muốn phản ánh việc gì", "{description}"),
    ("mô tả", "{description}"),
)
REPORT_SCRIPT = ("{description}", "/affirm", "{address}", "ẩn danh", "/affirm")  # when no question is recognised

SESSION = "session"  # not a turn: the runner counts new sessions apart
samples: list[list] = []  # [scenario, start (epoch s), milliseconds, error reason or None]
clock = {"started": None, "stopped": None}


def receipts() -> list[dict]:
    path = os.environ.get("LOAD_RECEIPTS")
    return json.loads(Path(path).read_text(encoding="utf-8")) if path else [
        {"receipt": "999.99.99.H29-261101-0001", "last4": "0001"}]


def a_photo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 130, 110)).save(buffer, "JPEG")
    return buffer.getvalue()


RECEIPTS, PHOTO = receipts(), a_photo()


def problem(response) -> str | None:
    """Why this turn failed, or None."""
    if response.status_code != 200:
        return f"HTTP {response.status_code}"
    try:
        messages = response.json().get("messages") or []
    except ValueError:
        return "not JSON"
    if not any(m.get("text") or m.get("buttons") or m.get("image") for m in messages):
        return "empty reply"
    return None


def reply_text(response) -> str:
    try:
        return "\n".join(m.get("text") or "" for m in response.json().get("messages") or [])
    except ValueError:
        return ""


class Resident(HttpUser):
    """One simulated resident after another: each run of the task opens a new chat."""

    abstract = True
    wait_time = between(*SCENARIOS["think_time_seconds"])
    kind = ""  # the scenario, a key of scenarios.yml

    def open_chat(self) -> bool:
        response = self.client.post("/api/session", name="session", timeout=TIMEOUT_SECONDS,
                                    context={"scenario": SESSION})
        if response.status_code != 200:
            return False
        self.session_id = response.json()["session_id"]
        return self.say("/greet", think=False) is not None

    def say(self, message: str, think: bool = True) -> str | None:
        """One turn; the bot's reply text, or None when the turn failed."""
        return self._turn("/api/chat", think, json={"session_id": self.session_id, "message": message})

    def send_photo(self) -> str | None:
        return self._turn("/api/upload", True, data={"session_id": self.session_id},
                          files={"photo": ("hien-truong.jpg", PHOTO, "image/jpeg")})

    def _turn(self, path: str, think: bool, **body) -> str | None:
        if think:
            self.wait()
        with self.client.post(path, name=f"{self.kind} {path}", catch_response=True, timeout=TIMEOUT_SECONDS,
                              context={"scenario": self.kind}, **body) as response:
            reason = problem(response)
            if reason:
                response.failure(reason)
                return None
            response.success()
            return reply_text(response)

    def talk(self, turns: list[str]) -> None:
        if not self.open_chat():
            return
        for turn in turns:
            if self.say(turn) is None:
                return


class ProcedureResident(Resident):
    kind, weight = "procedure", WEIGHTS["procedure"]

    @task
    def ask_procedure(self) -> None:
        self.talk(random.choice(SCENARIOS["procedure"]))


class DossierResident(Resident):
    kind, weight = "dossier", WEIGHTS["dossier"]

    @task
    def look_up_dossier(self) -> None:
        dossier = random.choice(RECEIPTS)
        self.talk([turn.format(**dossier) for turn in random.choice(SCENARIOS["dossier"])])


class GuideResident(Resident):
    kind, weight = "guide", WEIGHTS["guide"]

    @task
    def follow_guide(self) -> None:
        self.talk(random.choice(SCENARIOS["guide"]))


class ReportResident(Resident):
    kind, weight = "report", WEIGHTS["report"]

    @task
    def report_with_photo(self) -> None:
        """Photo first, then answer each question the report form asks until the report is filed."""
        if not self.open_chat():
            return
        report = SCENARIOS["report"]
        values = {"description": random.choice(report["descriptions"]), "address": random.choice(report["addresses"])}
        script = iter(REPORT_SCRIPT)
        reply = self.send_photo()
        for _ in range(MAX_REPORT_TURNS):
            if reply is None:
                return
            answer = next((a for asked, a in REPORT_ANSWERS if asked in reply), None)
            if answer is None:
                answer = next(script, "")
            if not answer:
                return
            reply = self.say(answer.format(**values))


@events.test_start.add_listener
def _started(**_kwargs) -> None:
    clock["started"] = time.time()


@events.request.add_listener
def _record(name, response_time, exception, context, start_time=None, **_kwargs) -> None:
    if context and "scenario" in context:
        samples.append([context["scenario"], start_time, response_time, str(exception) if exception else None])


@events.quitting.add_listener
def _write(**_kwargs) -> None:
    clock["stopped"] = clock["stopped"] or time.time()
    path = os.environ.get("LOAD_SAMPLES")
    if path:
        Path(path).write_text(json.dumps({**clock, "samples": samples}), encoding="utf-8")


@events.test_stop.add_listener
def _stopped(**_kwargs) -> None:
    clock["stopped"] = time.time()
