"""kill -9 of the web app while it is answering a Zalo message: after the restart the message is answered, once.

A web app with the Zalo channel on (its own process, on the production profile's PostgreSQL and real
Rasa) queues a resident's message and its worker thread asks Rasa. Rasa is reached through a loopback
relay that holds that first call, so the kill lands while the message is in flight; the relay then
passes calls through. Zalo's send API is the loopback fake (tests/channels/fake_zalo_api.py), which
counts the replies.
"""

from __future__ import annotations

import threading
import time
import uuid

import pytest
import requests
from sqlalchemy import select

from channels.zalo.queue import ZaloInboundEvent
from evaluation.servers import APP_PYTHON, free_port
from storage.database import session_factory
from tests.channels.fake_zalo_api import FakeZaloApi
from tests.channels.loopback import LoopbackServer, Response
from tests.channels.zalo_events import APP_ID, OA_SECRET, signed, user_send_text
from tests.chaos.conftest import Service

pytestmark = [pytest.mark.chaos, pytest.mark.timeout(300, func_only=True)]

LEASE = 5  # ZALO_QUEUE_LEASE_SECONDS: how long the killed process's claim keeps the message


class RasaRelay(LoopbackServer):
    """Forwards calls to Rasa; while `holding`, keeps each call waiting (never forwarded) until released."""

    def __init__(self, rasa_url: str) -> None:
        self.rasa_url, self.holding = rasa_url, True
        self.held, self.release = threading.Event(), threading.Event()
        self.forwarded: list[list[dict]] = []  # Rasa's answer to each forwarded call
        super().__init__(self.respond)

    def respond(self, method: str, path: str, headers: dict, raw: bytes) -> Response | None:
        if self.holding:
            self.held.set()
            self.release.wait(120)
            return None  # the caller was killed meanwhile: nothing to answer
        request_id = {name: value for name, value in headers.items() if name.lower() == "x-request-id"}
        answer = requests.post(f"{self.rasa_url}{path}", data=raw, timeout=60,
                               headers={"Content-Type": "application/json", **request_id})
        if answer.ok:
            self.forwarded.append(answer.json())
        return answer.status_code, {"Content-Type": "application/json"}, answer.content

    def close(self) -> None:
        self.release.set()
        super().close()


def wait_until(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


def queued_row(sessions, msg_id: str) -> ZaloInboundEvent | None:
    with sessions() as session:
        return session.scalar(select(ZaloInboundEvent).where(ZaloInboundEvent.message_id == msg_id))


def test_a_zalo_message_in_flight_when_the_web_app_is_killed_is_answered_once_after_the_restart(
        production, tmp_path):
    zalo_api = FakeZaloApi(access_token="oa-token")
    relay = RasaRelay(production.web.env["RASA_URL"])
    port = free_port()
    env = {**production.web.env, "WEB_PORT": str(port), "RASA_URL": relay.url,
           "ZALO_APP_ID": APP_ID, "ZALO_OA_SECRET_KEY": OA_SECRET, "ZALO_ACCESS_TOKEN": "oa-token",
           "ZALO_API_BASE": zalo_api.url, "ZALO_QUEUE_LEASE_SECONDS": str(LEASE), "ZALO_QUEUE_POLL_SECONDS": "0.2"}
    web = Service([str(APP_PYTHON), "-m", "webapp"], f"http://127.0.0.1:{port}/healthz", tmp_path / "zalo-web.log",
                  env)
    sessions = session_factory(production.postgres.url("app"))
    msg_id = f"chaos-{uuid.uuid4().hex}"
    body, headers = signed(user_send_text("xin chào", msg_id, sender=f"99{uuid.uuid4().int % 10**16}"))
    try:
        web.launch().ready()
        answer = requests.post(f"http://127.0.0.1:{port}/webhooks/zalo", data=body, headers=headers, timeout=10)
        assert answer.json() == {"status": "accepted"}
        assert relay.held.wait(30), "the worker never asked Rasa"
        killed = time.monotonic()
        web.kill()  # SIGKILL while the worker waits for Rasa's answer
        row = queued_row(sessions, msg_id)
        assert (row.status, row.attempts, row.sent_replies) == ("queued", 1, 0) and row.claim_token
        assert zalo_api.sent_texts() == []

        relay.holding = False
        relay.release.set()
        web.launch().ready()  # nothing is posted again: the restarted process finds the message itself
        wait_until(lambda: queued_row(sessions, msg_id).status == "answered", 120, "the answer after the restart")
        recovered = time.monotonic() - killed
        # Zalo delivers the event again (its 200 was long given): it is recognised, not answered twice
        again = requests.post(f"http://127.0.0.1:{port}/webhooks/zalo", data=body, headers=headers, timeout=10)
        assert again.json() == {"status": "duplicate"}
        time.sleep(LEASE + 1)  # time for a stray second answer to show
    finally:
        web.stop()
        relay.close()
        zalo_api.close()

    row = queued_row(sessions, msg_id)
    assert (row.status, row.attempts) == ("answered", 2)
    assert len(relay.forwarded) == 1  # Rasa got the message once (the held call never reached it)
    [rasa_answer] = relay.forwarded
    assert rasa_answer and zalo_api.sent_texts() == [reply.get("text", "") for reply in rasa_answer]
    print(f"\nanswered {recovered:.1f}s after the kill with {len(rasa_answer)} reply(ies), once")
