"""The handoff inbox: a case officer reads, replies on the resident's channel and closes; the bot stays quiet."""

import re

import pytest
from sqlalchemy import select, text

from evaluation.servers import free_port
from feedback.service import rate_case
from handoff.models import HandoffReason
from handoff.service import open_handoff
from staff.models import AuditEntry
from storage.database import make_engine, session_scope
from tests.handoff import conftest as handoff_conftest
from tests.handoff.conftest import database_url, postgres_url  # noqa: F401 (fixtures used by name)
from tests.webapp import test_admin
from webapp import create_app

PASSWORD, signed_in = test_admin.PASSWORD, test_admin.signed_in
db_url = handoff_conftest.db_url  # handoffs, accounts and pending messages are emptied after each test
accounts = test_admin.accounts  # one account per role


@pytest.fixture
def app(db_url, tmp_path):
    # Nothing listens on RASA_URL: a message that reached Rasa would get the 503.
    return create_app({"TESTING": True, "APP_DATABASE_URL": db_url, "WTF_CSRF_ENABLED": False,
                       "MEDIA_DIR": tmp_path, "RASA_URL": f"http://127.0.0.1:{free_port()}",
                       "RASA_TIMEOUT_SECONDS": 2})


@pytest.fixture
def ratings(db_url):
    """The case ratings of the test; the PostgreSQL database is shared, so they go afterwards."""
    yield
    if db_url.startswith("postgresql"):
        with make_engine(db_url).begin() as connection:
            connection.execute(text("TRUNCATE case_ratings"))


def hand_over(db_url, session_id, channel="web"):
    with session_scope(db_url) as session:
        return open_handoff(session, f"{channel}:{session_id}", HandoffReason.ASKED,
                            "Câu hỏi gần đây:\n- sđt 0912345678").id


def closed_section(page):
    return page.split("Đã trả lại cho trợ lý gần đây", 1)[1]


def test_while_handed_over_the_chat_api_does_not_ask_rasa_and_staff_reply_from_the_admin(app, db_url, accounts):
    resident = app.test_client()
    session_id = resident.post("/api/session").get_json()["session_id"]
    assert resident.post("/api/chat", json={"session_id": session_id, "message": "chào"}).status_code == 503
    handoff_id = hand_over(db_url, session_id)

    response = resident.post("/api/chat", json={"session_id": session_id, "message": "Tôi cần hỏi về hộ khẩu"})
    assert response.status_code == 200 and response.get_json()["handoff"] is True
    [received] = response.get_json()["messages"]  # the page shows the message reached staff, and when they answer
    assert received["held"] and received["text"].startswith("Cán bộ đã nhận tin nhắn của bạn.")
    assert "giờ làm việc" in received["text"]

    officer = signed_in(app, "case-officer")
    listing = officer.get("/admin/handoffs").get_data(as_text=True)
    assert f"/admin/handoffs/{handoff_id}" in listing
    page = officer.get(f"/admin/handoffs/{handoff_id}").get_data(as_text=True)
    assert "Tôi cần hỏi về hộ khẩu" in page and "[số điện thoại]" in page and "0912345678" not in page

    response = officer.post(f"/admin/handoffs/{handoff_id}/reply", data={"text": "Chào bạn, cán bộ phường đây."})
    assert response.status_code == 302
    [update] = resident.get(f"/api/chat/updates?session_id={session_id}").get_json()["messages"]
    assert update == {"id": update["id"], "text": "Chào bạn, cán bộ phường đây."}
    assert officer.post(f"/admin/handoffs/{handoff_id}/reply", data={"text": ""}).status_code == 400

    assert officer.post(f"/admin/handoffs/{handoff_id}/close").status_code == 302
    listing = officer.get("/admin/handoffs").get_data(as_text=True)
    assert "Không có cuộc trò chuyện nào đang chờ cán bộ." in listing
    assert f"/admin/handoffs/{handoff_id}" in closed_section(listing)
    assert resident.post("/api/chat", json={"session_id": session_id, "message": "chào"}).status_code == 503
    closed = officer.post(f"/admin/handoffs/{handoff_id}/reply", data={"text": "muộn"})
    assert closed.status_code == 409
    with session_scope(db_url) as session:
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.target_type == "handoff")).all()
    assert sorted(actions) == ["handoff.close", "handoff.reply"]


def test_closing_tells_the_resident_and_the_rating_shows_on_the_closed_handoff(app, db_url, accounts, ratings):
    resident = app.test_client()
    session_id = resident.post("/api/session").get_json()["session_id"]
    handoff_id = hand_over(db_url, session_id)
    case = f"HT-{handoff_id}"
    officer = signed_in(app, "case-officer")
    assert case in officer.get("/admin/handoffs").get_data(as_text=True)

    listing = officer.post(f"/admin/handoffs/{handoff_id}/close", follow_redirects=True).get_data(as_text=True)
    assert "người dân sẽ nhận được thông báo khi mở lại cuộc trò chuyện" in listing
    assert case in closed_section(listing) and "chưa chấm" in closed_section(listing)
    closed, question = resident.get(f"/api/chat/updates?session_id={session_id}").get_json()["messages"]
    assert closed["text"].startswith("Cán bộ đã kết thúc cuộc trò chuyện.")
    assert question["text"] == "Bạn chấm điểm sự hỗ trợ của cán bộ (1-5 ⭐):"
    assert question["buttons"][4] == {"title": "5 ⭐", "payload": f'/rate_answer{{"rating": "5", "case": "{case}"}}'}
    displayed = {"session_id": session_id, "ids": [closed["id"], question["id"]]}
    assert resident.post("/api/chat/updates/ack", json=displayed).get_json() == {"acknowledged": 2}

    again = officer.post(f"/admin/handoffs/{handoff_id}/close", follow_redirects=True).get_data(as_text=True)
    assert "đã được trả lại cho trợ lý trước đó" in again
    assert resident.get(f"/api/chat/updates?session_id={session_id}").get_json()["messages"] == []

    page = officer.get(f"/admin/handoffs/{handoff_id}").get_data(as_text=True)
    assert case in page and "chưa chấm" in page and "Gửi</button>" not in page
    with session_scope(db_url) as session:
        assert rate_case(session, f"web:{session_id}", case, "4")
    assert "4/5 ⭐" in officer.get(f"/admin/handoffs/{handoff_id}").get_data(as_text=True)
    assert "4/5 ⭐" in closed_section(officer.get("/admin/handoffs").get_data(as_text=True))
    with session_scope(db_url) as session:
        closes = session.scalars(select(AuditEntry).where(AuditEntry.action == "handoff.close")).all()
    assert len(closes) == 1


def test_staff_see_when_the_resident_could_not_be_told(app, db_url, accounts, monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:ABC")
    monkeypatch.setenv("TELEGRAM_API_BASE", f"http://127.0.0.1:{free_port()}/bot")  # Telegram is unreachable
    handoff_id = hand_over(db_url, "4242", channel="telegram")
    officer = signed_in(app, "case-officer")
    listing = officer.post(f"/admin/handoffs/{handoff_id}/close", follow_redirects=True).get_data(as_text=True)
    assert "chưa báo được cho người dân" in listing and "telegram_unavailable" in listing
    assert "Không có cuộc trò chuyện nào đang chờ cán bộ." in listing and f"HT-{handoff_id}" in closed_section(listing)


@pytest.mark.parametrize(("username", "status"), [("case-officer", 200), ("admin", 200), ("editor", 403)])
def test_only_case_officers_and_admins_open_the_inbox(app, accounts, username, status):
    client = signed_in(app, username)
    assert client.get("/admin/handoffs").status_code == status
    nav = client.get("/admin/").get_data(as_text=True)
    assert ('href="/admin/handoffs"' in nav) == (status == 200)


def test_the_reply_form_needs_its_csrf_token(db_url, tmp_path, accounts):
    app = create_app({"TESTING": True, "APP_DATABASE_URL": db_url, "MEDIA_DIR": tmp_path})
    client = app.test_client()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/admin/login").text).group(1)
    client.post("/admin/login", data={"username": "case-officer", "password": PASSWORD, "csrf_token": token})
    handoff_id = hand_over(db_url, "abc")
    assert client.post(f"/admin/handoffs/{handoff_id}/reply", data={"text": "x"}).status_code == 400
    page = client.get(f"/admin/handoffs/{handoff_id}").get_data(as_text=True)
    form_token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(f"/admin/handoffs/{handoff_id}/reply", data={"text": "x", "csrf_token": form_token})
    assert response.status_code == 302
