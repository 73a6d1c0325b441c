"""The chat API's answers to good and bad requests."""

import pytest


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
        ({"session_id": "a" * 32, "message": 42}, "chuỗi"),
        ({"session_id": "a" * 32, "message": "x" * 4001}, "quá dài"),
    ],
)
def test_bad_requests_get_400_with_a_reason(client, body, reason):
    response = client.post("/api/chat", json=body) if body else client.post("/api/chat", data="not json")
    assert response.status_code == 400
    assert reason in response.get_json()["error"]


def test_empty_message_gets_a_polite_prompt(client, session_id):
    response = client.post("/api/chat", json={"session_id": session_id, "message": " \x00 "})
    assert response.status_code == 200
    assert "chưa nhập" in response.get_json()["messages"][0]["text"]


def test_rasa_down_gives_a_polite_503(client, session_id):
    response = client.post("/api/chat", json={"session_id": session_id, "message": "chào"})
    assert response.status_code == 503
    assert "thử lại" in response.get_json()["error"]
