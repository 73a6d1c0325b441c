"""The Zalo inbound queue: kept before the 200, answered once by a worker that survives restarts, retried with a
"busy" reply when Rasa fails, failed (and kept) after the last attempt."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from dataclasses import replace

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import delete, select, update

from channels.__main__ import main as channels_main
from channels.messages import InboundMessage
from channels.zalo import queue
from channels.zalo.queue import ZaloInboundEvent
from channels.zalo.settings import ZaloSettings
from channels.zalo.worker import BUSY, GAVE_UP, Bot, InboundWorker, QueueSettings
from evaluation.servers import free_port
from storage.database import Base, make_engine, session_factory, utcnow
from tests.channels.loopback import LoopbackServer, Response, json_response
from tests.channels.zalo_events import APP_ID, OA_SECRET, signed, user_send_text
from webapp import create_app

USER, OTHER = "5510185758261927916", "8309393969855402319"
ANSWER = [{"text": "Chào bạn, tôi có thể giúp gì?"}, {"text": "Bạn chọn một mục bên dưới."}]
FAST = QueueSettings(backoff_base=0, lease=60, max_attempts=3, poll=0.05)


class FlakyRasa(LoopbackServer):
    """Rasa's REST channel on loopback: answers ANSWER, or fails with `status` (5xx) while that is set."""

    def __init__(self) -> None:
        self.status: int | None = None
        self.messages: list[dict] = []
        super().__init__(self.respond)

    def respond(self, method: str, path: str, headers: dict, raw: bytes) -> Response:
        self.messages.append(json.loads(raw))
        return json_response({}, self.status) if self.status else json_response(ANSWER)


@pytest.fixture
def db(database_url):
    """The channel tests' database (SQLite, and PostgreSQL when marked), with an empty queue."""
    with session_factory(database_url).begin() as session:
        session.execute(delete(ZaloInboundEvent))
    yield database_url
    with session_factory(database_url).begin() as session:
        session.execute(delete(ZaloInboundEvent))


@pytest.fixture
def rasa():
    server = FlakyRasa()
    yield server
    server.close()


@pytest.fixture
def settings(api):
    return replace(ZaloSettings(app_id=APP_ID, signing_secret=OA_SECRET, access_token="oa-token"), api_base=api.url)


def worker(db, settings, rasa_url, queue_settings=FAST) -> InboundWorker:
    return InboundWorker(session_factory(db), settings, Bot(rasa_url, 5), queue_settings)


def app_without_worker(db, settings, rasa_url):
    """The web app with its worker thread off: what it queued stays for the worker the test starts."""
    return create_app({"TESTING": True, "ZALO": settings, "APP_DATABASE_URL": db, "RASA_URL": rasa_url,
                       "RASA_TIMEOUT_SECONDS": 5, "ZALO_WORKER_IN_WEB": False})


def post(client, text, msg_id, sender=USER):
    body, headers = signed(user_send_text(text, msg_id, sender=sender))
    return client.post("/webhooks/zalo", data=body, headers=headers).get_json()


def rows(db) -> list[ZaloInboundEvent]:
    with session_factory(db)() as session:
        return list(session.scalars(select(ZaloInboundEvent).order_by(ZaloInboundEvent.id)))


def make_due(db) -> None:
    with session_factory(db).begin() as session:
        session.execute(update(ZaloInboundEvent).values(next_attempt_at=utcnow() - dt.timedelta(seconds=1)))


def test_the_migration_creates_the_table_the_model_describes(sqlite_url):
    with make_engine(sqlite_url).connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert [d for d in differences if "zalo_inbound" in repr(d)] == []


def test_the_message_is_kept_before_the_200_once_and_answered_by_a_worker_started_later(db, settings, api, rasa):
    client = app_without_worker(db, settings, rasa.url).test_client()
    assert post(client, "chào", "msg-1") == {"status": "accepted"}
    assert post(client, "chào", "msg-1") == {"status": "duplicate"}  # Zalo delivered it again
    [row] = rows(db)
    assert (row.status, row.message_id, row.sender, row.message["text"]) == ("queued", "msg-1", USER, "chào")
    assert api.calls == [] and rasa.messages == []  # nothing answered it in the web app

    assert worker(db, settings, rasa.url).run_once() == 1  # e.g. the web app restarted
    assert worker(db, settings, rasa.url).run_once() == 0
    assert api.sent_texts() == [reply["text"] for reply in ANSWER]
    assert [m["message"] for m in rasa.messages] == ["chào"] and rasa.messages[0]["sender"] == f"zalo:{USER}"
    [row] = rows(db)
    assert row.status == "answered" and row.attempts == 1 and row.sent_replies == 2
    assert row.message is None and row.replies is None  # the resident's text is not kept once answered


def test_the_web_apps_own_worker_answers_and_picks_up_what_a_previous_process_left(db, settings, api, rasa):
    app_without_worker(db, settings, rasa.url)  # a process that queued and died
    with session_factory(db).begin() as session:
        queue.enqueue(session, InboundMessage("zalo", USER, "còn chờ", message_id="left-over"))
    create_app({"TESTING": True, "ZALO": settings, "APP_DATABASE_URL": db, "RASA_URL": rasa.url,
                "RASA_TIMEOUT_SECONDS": 5, "ZALO_QUEUE": FAST})  # starting is enough: no new message needed
    deadline = time.monotonic() + 20
    while rows(db)[0].status != "answered" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert rows(db)[0].status == "answered"
    assert api.sent_texts() == [reply["text"] for reply in ANSWER]


@pytest.mark.parametrize("failure", ["down", "5xx"])
def test_when_rasa_fails_the_resident_is_told_once_and_the_message_is_retried_until_answered(
        db, settings, api, rasa, failure):
    rasa_url = f"http://127.0.0.1:{free_port()}" if failure == "down" else rasa.url
    rasa.status = 503
    client = app_without_worker(db, settings, rasa.url).test_client()
    post(client, "thủ tục khai sinh", "msg-2")
    slow = replace(FAST, backoff_base=30)
    assert worker(db, settings, rasa_url, slow).run_once() == 1
    [row] = rows(db)
    assert row.status == "queued" and row.attempts == 1 and row.busy_sent_at is not None
    assert row.next_attempt_at > utcnow() + dt.timedelta(seconds=25)  # backed off, not retried at once
    assert row.last_error.startswith("rasa_unavailable")
    assert worker(db, settings, rasa_url, slow).run_once() == 0  # not due yet

    make_due(db)
    assert worker(db, settings, rasa_url, slow).run_once() == 1  # fails again: no second busy reply
    assert api.sent_texts() == [BUSY]
    assert rows(db)[0].next_attempt_at > utcnow() + dt.timedelta(seconds=55)  # 30 s doubled

    rasa.status = None
    make_due(db)
    assert worker(db, settings, rasa.url, slow).run_once() == 1
    assert api.sent_texts() == [BUSY, *(reply["text"] for reply in ANSWER)]
    assert rows(db)[0].status == "answered" and rows(db)[0].attempts == 3


def test_after_the_last_attempt_the_message_is_failed_kept_and_counted(db, settings, api, capsys, monkeypatch):
    client = app_without_worker(db, settings, f"http://127.0.0.1:{free_port()}").test_client()
    post(client, "chào", "msg-3")
    down = worker(db, settings, f"http://127.0.0.1:{free_port()}")
    for _ in range(FAST.max_attempts):
        assert down.run_once() == 1
    assert down.run_once() == 0
    [row] = rows(db)
    assert (row.status, row.attempts, row.message["text"]) == ("failed", 3, "chào")
    assert row.last_error.startswith("rasa_unavailable")
    assert api.sent_texts() == [BUSY, GAVE_UP]  # told once to wait, then once to write again
    with session_factory(db)() as session:
        assert queue.counts(session) == {"failed": 1}

    monkeypatch.setenv("APP_DATABASE_URL", db)
    channels_main(["zalo-queue", "--failed"])
    printed = capsys.readouterr().out
    assert "failed: 1" in printed and "3 lần thử" in printed and USER not in printed and USER[-4:] in printed


def test_a_message_claimed_by_a_worker_that_died_is_answered_once_its_lease_ends(db, settings, api, rasa):
    client = app_without_worker(db, settings, rasa.url).test_client()
    post(client, "chào", "msg-4")
    dead = queue.claim(session_factory(db), 4, dt.timedelta(seconds=60))  # claimed, then the worker was killed
    assert len(dead) == 1
    assert worker(db, settings, rasa.url).run_once() == 0  # its lease is still running
    make_due(db)  # the lease ended
    assert worker(db, settings, rasa.url).run_once() == 1
    assert api.sent_texts() == [reply["text"] for reply in ANSWER]
    # the dead worker's claim is void: whatever it would still write is refused
    with session_factory(db).begin() as session:
        assert not queue.update_claimed(session, dead[0], sent_replies=0)
    assert rows(db)[0].status == "answered"


def test_a_worker_killed_between_two_replies_sends_the_rest_without_asking_rasa_again(db, settings, api, rasa):
    client = app_without_worker(db, settings, rasa.url).test_client()
    post(client, "chào", "msg-5")
    first = worker(db, settings, rasa.url)
    sent = []
    real_send = first._adapter.send

    def send_then_die(recipient, reply):
        if sent:
            raise SystemExit("killed")  # not an error the worker handles: it stops like a killed process
        real_send(recipient, reply)
        sent.append(reply)

    first._adapter.send = send_then_die
    [claimed] = queue.claim(session_factory(db), 1, dt.timedelta(seconds=60))
    with pytest.raises(SystemExit):
        first._answer(claimed)
    assert rows(db)[0].sent_replies == 1 and len(rasa.messages) == 1

    make_due(db)
    assert worker(db, settings, rasa.url).run_once() == 1
    assert api.sent_texts() == [reply["text"] for reply in ANSWER]  # each reply once
    assert len(rasa.messages) == 1


def test_a_residents_messages_are_answered_in_order_and_one_waiting_holds_back_the_next(db, settings, api, rasa):
    client = app_without_worker(db, settings, rasa.url).test_client()
    for index in range(3):
        post(client, f"tin {index}", f"msg-order-{index}")
    post(client, "người khác", "msg-other", sender=OTHER)
    rasa.status = 502
    slow = replace(FAST, backoff_base=30)
    assert worker(db, settings, rasa.url, slow).run_once() == 2  # USER's first and OTHER's, not USER's next
    assert sorted(m["message"] for m in rasa.messages) == ["người khác", "tin 0"]
    assert worker(db, settings, rasa.url, slow).run_once() == 0  # USER's next wait behind the first's retry

    rasa.status = None
    make_due(db)
    busy = api.sent_texts()
    for _ in range(4):
        worker(db, settings, rasa.url, replace(FAST, threads=1)).run_once()
    assert [m["message"] for m in rasa.messages[2:]] in (["người khác", "tin 0", "tin 1", "tin 2"],
                                                        ["tin 0", "người khác", "tin 1", "tin 2"],
                                                        ["tin 0", "tin 1", "người khác", "tin 2"],
                                                        ["tin 0", "tin 1", "tin 2", "người khác"])
    assert busy == [BUSY, BUSY]  # once per resident
    assert {row.status for row in rows(db)} == {"answered"}


def test_concurrent_workers_never_claim_the_same_message(db):
    sessions = session_factory(db)
    with sessions.begin() as session:
        for index in range(60):
            queue.enqueue(session, InboundMessage("zalo", f"user-{index}", "chào", message_id=f"m-{index}"))
    claimed: list[int] = []
    lock = threading.Lock()

    def claimer():
        while True:
            batch = queue.claim(sessions, 3, dt.timedelta(seconds=60))
            if not batch:
                return
            with lock:
                claimed.extend(one.id for one in batch)

    threads = [threading.Thread(target=claimer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(claimed) == 60 and len(set(claimed)) == 60
