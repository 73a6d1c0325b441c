"""Messages held for the web chat page are marked delivered only when the page acknowledges them (issue #18).

`GET /api/chat/updates` returns them with their ids and leaves them pending; `POST /api/chat/updates/ack`
with the ids the page displayed marks those delivered. A page reloaded (or a poll whose answer was lost)
before the acknowledgement gets them again; an acknowledged message never comes back.
"""

import threading

import pytest
from sqlalchemy import select

from channels.messages import Button, Reply
from channels.outbound import WebAdapter
from channels.pending import PendingMessage, acknowledge, keep, peek_pending
from evaluation.servers import free_port
from storage.database import session_factory, upgrade
from webapp import create_app

NOTICE = [Reply("Hồ sơ 000.00.31.H29-251103-0042 đã có kết quả.", (Button("Tra cứu hồ sơ", "/check_dossier"),)),
          Reply("Mời bạn đến Bộ phận một cửa nhận kết quả.")]


@pytest.fixture
def db_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'app.db'}"
    upgrade(url)
    return url


@pytest.fixture
def sessions(db_url):
    return session_factory(db_url)


@pytest.fixture
def client(db_url):
    app = create_app({"TESTING": True, "APP_DATABASE_URL": db_url, "RATELIMIT_ENABLED": False,
                      "RASA_URL": f"http://127.0.0.1:{free_port()}", "RASA_TIMEOUT_SECONDS": 2})
    return app.test_client()


def new_session(client) -> str:
    return client.post("/api/session").get_json()["session_id"]


def poll(client, session_id) -> list[dict]:
    response = client.get(f"/api/chat/updates?session_id={session_id}")
    assert response.status_code == 200
    return response.get_json()["messages"]


def ack(client, session_id, ids):
    return client.post("/api/chat/updates/ack", json={"session_id": session_id, "ids": ids})


def delivered(sessions) -> dict[int, bool]:
    with sessions() as session:
        return {row.id: row.delivered_at is not None for row in session.scalars(select(PendingMessage))}


def test_a_poll_returns_the_messages_with_ids_and_keeps_them_pending(client, sessions):
    session_id = new_session(client)
    WebAdapter(sessions).push(session_id, NOTICE, "dossier-status:1:1")
    first = poll(client, session_id)
    assert [{key: value for key, value in m.items() if key != "id"} for m in first] == [r.as_json() for r in NOTICE]
    assert all(isinstance(m["id"], int) for m in first) and first[0]["id"] < first[1]["id"]
    assert not any(delivered(sessions).values())  # nothing is delivered before the page says so
    assert poll(client, session_id) == first  # a reload before the acknowledgement: the same messages again


def test_an_acknowledged_message_is_delivered_and_never_returned_again(client, sessions):
    session_id = new_session(client)
    WebAdapter(sessions).push(session_id, NOTICE, "dossier-status:1:1")
    first, second = poll(client, session_id)

    response = ack(client, session_id, [first["id"]])  # the page displayed only the first so far
    assert response.status_code == 200 and response.get_json() == {"acknowledged": 1}
    assert delivered(sessions) == {first["id"]: True, second["id"]: False}
    assert poll(client, session_id) == [second]

    assert ack(client, session_id, [first["id"], second["id"]]).get_json() == {"acknowledged": 1}
    assert poll(client, session_id) == []
    assert ack(client, session_id, [first["id"], second["id"]]).get_json() == {"acknowledged": 0}  # a retried ack


def test_a_page_cannot_acknowledge_another_conversations_messages(client, sessions):
    mine, theirs = new_session(client), new_session(client)
    WebAdapter(sessions).push(theirs, NOTICE[:1])
    [message] = poll(client, theirs)
    assert ack(client, mine, [message["id"], 999_999]).get_json() == {"acknowledged": 0}
    assert poll(client, theirs) == [message]
    assert poll(client, mine) == []


def test_messages_held_for_other_channels_are_neither_shown_nor_acknowledged(client, sessions):
    session_id = new_session(client)
    with sessions.begin() as session:
        keep(session, "zalo", session_id, NOTICE[:1], "outside_zalo_window")
    assert poll(client, session_id) == []
    [zalo_id] = delivered(sessions)
    assert ack(client, session_id, [zalo_id]).get_json() == {"acknowledged": 0}
    assert delivered(sessions) == {zalo_id: False}


def test_a_notification_pushed_again_is_shown_once(client, sessions):
    """The dispatcher may push the same notification twice (a kill between its push and its commit)."""
    session_id = new_session(client)
    WebAdapter(sessions).push(session_id, NOTICE, "dossier-status:1:1")
    WebAdapter(sessions).push(session_id, NOTICE, "dossier-status:1:1")
    messages = poll(client, session_id)
    assert len(messages) == 2
    ack(client, session_id, [m["id"] for m in messages])
    WebAdapter(sessions).push(session_id, NOTICE, "dossier-status:1:1")  # and again after the acknowledgement
    assert poll(client, session_id) == []


@pytest.mark.parametrize("body", [
    None,
    {"session_id": "made-up", "ids": [1]},
    {"ids": "1,2"},
    {"ids": [1, "2"]},
    {"ids": [True]},
    {"ids": [0]},
    {"ids": [-3]},
    {"ids": [2**70]},
    {"ids": [1.5]},
    {"ids": list(range(1, 102))},
])
def test_bad_acknowledgements_get_400_with_a_reason(client, body):
    session_id = new_session(client)
    if body is None:
        response = client.post("/api/chat/updates/ack", data="not json")
    else:
        response = client.post("/api/chat/updates/ack", json={"session_id": session_id, **body})
    assert response.status_code == 400 and response.get_json()["error"]
    assert ("code" in response.get_json()) == (body is not None and "session_id" in body)  # invalid_session


def test_an_acknowledgement_without_a_session_is_an_invalid_session(client):
    response = client.post("/api/chat/updates/ack", json={"ids": [1]})
    assert response.status_code == 400 and response.get_json()["code"] == "invalid_session"


def test_peek_and_acknowledge_on_their_own(sessions):
    with sessions.begin() as session:
        keep(session, "web", "s", NOTICE, "awaiting_web_poll")
        keep(session, "web", "other", NOTICE[:1], "awaiting_web_poll")
    with sessions.begin() as session:
        peeked = peek_pending(session, "web", "s")
        assert [reply for _, reply in peeked] == NOTICE
        assert peek_pending(session, "web", "s", limit=1) == peeked[:1]
    with sessions.begin() as session:
        assert acknowledge(session, "web", "s", []) == 0
        assert acknowledge(session, "web", "s", [peeked[0][0], peeked[0][0]]) == 1
    with sessions.begin() as session:
        assert peek_pending(session, "web", "s") == peeked[1:]
        assert len(peek_pending(session, "web", "other")) == 1


def test_concurrent_acknowledgements_count_each_message_once(db_url, sessions):
    """Two tabs of the same conversation acknowledge the same poll at once."""
    with sessions.begin() as session:
        keep(session, "web", "s", NOTICE, "awaiting_web_poll")
    with sessions() as session:
        ids = [message_id for message_id, _ in peek_pending(session, "web", "s")]
    counts, barrier = [], threading.Barrier(4)

    def acknowledge_all():
        barrier.wait()
        with sessions.begin() as session:
            counts.append(acknowledge(session, "web", "s", ids))

    threads = [threading.Thread(target=acknowledge_all) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(counts) == len(ids) and all(delivered(sessions).values())
