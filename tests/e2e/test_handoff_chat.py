"""A handoff from end to end: the web chat, the real Rasa and action servers, and a case officer in the admin."""

from __future__ import annotations

import uuid

import pytest

from feedback.service import HANDOFF, case_scores
from handoff.service import open_handoff_of
from staff.accounts import create_user
from staff.models import Role
from storage.database import session_scope
from webapp import create_app

pytestmark = pytest.mark.e2e
PASSWORD = "mật khẩu đủ dài"


class Resident:
    """The web chat page's calls: its messages to /api/chat, and polling /api/chat/updates."""

    def __init__(self, app) -> None:
        self.client = app.test_client()
        self.session_id = self.client.post("/api/session").get_json()["session_id"]

    def says(self, text: str) -> dict:
        response = self.client.post("/api/chat", json={"session_id": self.session_id, "message": text})
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json()

    def updates(self) -> list[dict]:
        """The page's poll, then its acknowledgement of what it displayed; the messages without their ids."""
        messages = self.client.get(f"/api/chat/updates?session_id={self.session_id}").get_json()["messages"]
        ids = [message.pop("id") for message in messages]
        if ids:
            assert self.client.post("/api/chat/updates/ack", json={"session_id": self.session_id, "ids": ids}
                                    ).get_json() == {"acknowledged": len(ids)}
        return messages


@pytest.fixture
def app(bot, tmp_path):
    """The web app on the action server's database, so that the chat sees the handoff the bot opened."""
    return create_app({"TESTING": True, "RASA_URL": bot.rasa_url, "APP_DATABASE_URL": bot.database_url,
                       "WTF_CSRF_ENABLED": False, "MEDIA_DIR": tmp_path})


@pytest.fixture
def officer(app, bot):
    username = f"can-bo-{uuid.uuid4().hex[:8]}"
    with session_scope(bot.database_url) as session:
        create_user(session, username, PASSWORD, Role.CASE_OFFICER)
    client = app.test_client()
    assert client.post("/admin/login", data={"username": username, "password": PASSWORD}).status_code == 302
    return client


def test_a_resident_talks_to_staff_rates_them_and_gets_the_bot_back(app, bot, officer):
    resident = Resident(app)
    handed_over = resident.says("tôi muốn nói chuyện với cán bộ")["messages"]
    assert "Tôi đã chuyển cuộc trò chuyện cho cán bộ" in handed_over[0]["text"]

    held = resident.says("Cho tôi hỏi đăng ký tạm trú cần giấy gì?")
    assert held["handoff"] is True and held["messages"][0]["text"].startswith("Cán bộ đã nhận tin nhắn của bạn.")
    with session_scope(bot.database_url) as session:
        handoff_id = open_handoff_of(session, f"web:{resident.session_id}").id
    case = f"HT-{handoff_id}"
    inbox = officer.get("/admin/handoffs").get_data(as_text=True)
    assert case in inbox
    assert "Cho tôi hỏi đăng ký tạm trú cần giấy gì?" in officer.get(f"/admin/handoffs/{handoff_id}").get_data(
        as_text=True)

    assert officer.post(f"/admin/handoffs/{handoff_id}/reply", data={"text": "Chào bạn, cán bộ phường đây."}
                        ).status_code == 302
    assert resident.updates() == [{"text": "Chào bạn, cán bộ phường đây."}]

    assert officer.post(f"/admin/handoffs/{handoff_id}/close").status_code == 302
    closed, question = resident.updates()
    assert closed["text"].startswith("Cán bộ đã kết thúc cuộc trò chuyện. Trợ lý tự động tiếp tục hỗ trợ bạn")
    assert question["text"] == "Bạn chấm điểm sự hỗ trợ của cán bộ (1-5 ⭐):"
    five = question["buttons"][-1]
    assert five["title"] == "5 ⭐"

    thanks = resident.says(five["payload"])["messages"]
    assert [message["text"] for message in thanks] == [
        "Cảm ơn bạn đã góp ý! Ý kiến của bạn giúp chúng tôi trả lời tốt hơn."]
    with session_scope(bot.database_url) as session:
        assert case_scores(session, HANDOFF, [case]) == {case: 5}
    assert "5/5 ⭐" in officer.get(f"/admin/handoffs/{handoff_id}").get_data(as_text=True)

    greeting = resident.says("xin chào")["messages"]
    assert "Xin chào" in greeting[0]["text"]


@pytest.mark.parametrize("request_for_staff, back", [
    ("Kính đề nghị chuyển nội dung này đến cán bộ phụ trách.", "quay lai tro ly ao"),
    ("cho gap nguoi that di", "/back_to_bot"),  # the button under the handoff message
    ("chuyển qua nhân viên đi bot ơi", "thôi cảm ơn, em hỏi bot tiếp"),  # asking the bot while talking to staff
])
def test_a_resident_asks_for_staff_in_any_phrasing_and_comes_back_to_the_bot(app, bot, request_for_staff, back):
    resident = Resident(app)
    handed_over = resident.says(request_for_staff)["messages"]
    assert "Tôi đã chuyển cuộc trò chuyện cho cán bộ" in handed_over[0]["text"]
    assert {"title": "Quay lại trợ lý tự động", "payload": "/back_to_bot"} in handed_over[0]["buttons"]
    assert resident.says("alo")["handoff"] is True

    greeting = resident.says(back)
    assert "handoff" not in greeting and "Xin chào" in greeting["messages"][0]["text"]
    with session_scope(bot.database_url) as session:
        assert open_handoff_of(session, f"web:{resident.session_id}") is None
    answer = resident.says("đăng ký tạm trú cần giấy tờ gì")["messages"]
    assert "tạm trú" in answer[0]["text"].lower()  # the bot answers again
