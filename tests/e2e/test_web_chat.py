"""The web app's chat API in front of the real Rasa and action servers."""

import pytest

from webapp import create_app

pytestmark = pytest.mark.e2e


def test_a_question_through_the_web_app_reaches_the_bot(bot):
    client = create_app({"TESTING": True, "RASA_URL": bot.rasa_url}).test_client()
    session_id = client.post("/api/session").get_json()["session_id"]
    response = client.post("/api/chat", json={"session_id": session_id, "message": "xin chào"})
    assert response.status_code == 200
    messages = response.get_json()["messages"]
    assert "Xin chào" in messages[0]["text"] and messages[0]["buttons"]
