"""The chat API's answers to good and bad requests."""

import json

import pytest

from tests.channels.fake_rasa import FakeRasa
from webapp import create_app


def test_health(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_chat_page_is_served_in_vietnamese_and_english(client):
    assert "Trợ lý công dân" in client.get("/").get_data(as_text=True)
    assert "Citizen assistant" in client.get("/?lang=en").get_data(as_text=True)


def test_sessions_are_random_and_unguessable(client):
    ids = {client.post("/api/session").get_json()["session_id"] for _ in range(5)}
    assert len(ids) == 5 and all(len(i) > 30 for i in ids)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (None, "JSON"),
        ({"session_id": "alice", "message": "hi"}, "Phiên"),
        ({"session_id": "../../etc/passwd-aaaaaaaaaaaaaaaa", "message": "hi"}, "Phiên"),
        ({"message": 42}, "chuỗi"),
        ({"message": "x" * 4001}, "quá dài"),
        ({"location": {"latitude": 91, "longitude": 106.7}}, "Vị trí"),
        ({"location": {"latitude": "NaN", "longitude": 106.7}}, "Vị trí"),
        ({"location": "ở nhà"}, "Vị trí"),
    ],
)
def test_bad_requests_get_400_with_a_reason(client, session_id, body, reason):
    if body is None:
        response = client.post("/api/chat", data="not json")
    else:
        response = client.post("/api/chat", json={"session_id": session_id, **body})
    assert response.status_code == 400
    assert reason in response.get_json()["error"]


def test_a_session_id_the_server_did_not_issue_is_refused(client, session_id):
    token, signature = session_id.split(".")
    forged = f"{token[:-1]}{'A' if token[-1] != 'A' else 'B'}.{signature}"
    response = client.post("/api/chat", json={"session_id": forged, "message": "chào"})
    assert response.status_code == 400
    assert response.get_json()["code"] == "invalid_session"


def test_widget_script_carries_labels_in_both_languages(client):
    response = client.get("/widget.js")
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    labels_line = next(line for line in response.get_data(as_text=True).splitlines() if "var LABELS" in line)
    labels = json.loads(labels_line.split("=", 1)[1].strip().rstrip(";"))
    assert labels["vi"]["open"] == "Mở trợ lý công dân" and labels["en"]["open"] == "Open the citizen assistant"


def test_kiosk_and_embedded_pages(client):
    assert 'id="kiosk-start"' in client.get("/?kiosk=1").get_data(as_text=True)
    embedded = client.get("/?embed=1&title=<b>Phường</b>").get_data(as_text=True)
    assert 'id="close"' in embedded and "&lt;b&gt;Phường&lt;/b&gt;" in embedded and "<b>Phường" not in embedded


def test_empty_message_gets_a_polite_prompt(client, session_id):
    response = client.post("/api/chat", json={"session_id": session_id, "message": " \x00 "})
    assert response.status_code == 200
    assert "chưa nhập" in response.get_json()["messages"][0]["text"]


def test_rasa_down_gives_a_polite_503(client, session_id):
    response = client.post("/api/chat", json={"session_id": session_id, "message": "chào"})
    assert response.status_code == 503
    assert "thử lại" in response.get_json()["error"]


def test_an_answer_without_replies_from_a_failed_action_server_is_a_polite_503(session_id):
    """Rasa answers [] when its action server is down: the resident is asked to try again, not left waiting."""
    rasa = FakeRasa([])
    try:
        client = create_app({"TESTING": True, "RASA_URL": rasa.url}).test_client()
        response = client.post("/api/chat", json={"session_id": session_id, "message": "làm căn cước cần gì"})
    finally:
        rasa.close()
    assert response.status_code == 503 and "thử lại" in response.get_json()["error"]
