"""Knowledge editing in the admin: roles, preview, publish, concurrent saves, verify, revert, unanswered queue."""

import re

import pytest

from knowledge.models import FaqEntry, Procedure, UnansweredQuestion
from staff.accounts import create_user
from staff.models import Role
from storage.database import session_scope
from tests.knowledge_editing import conftest as editing_conftest
from tests.knowledge_editing.conftest import CAN_CUOC, TAM_TRU, database_url, postgres_url  # noqa: F401 (fixtures)
from webapp import create_app

PASSWORD = "mật khẩu đủ dài"
db_url = editing_conftest.db_url  # a few seed procedures and two editors


@pytest.fixture
def app(db_url, tmp_path):
    with session_scope(db_url) as session:
        create_user(session, "case-officer", PASSWORD, Role.CASE_OFFICER)
    return create_app({"TESTING": True, "APP_DATABASE_URL": db_url, "WTF_CSRF_ENABLED": False,
                       "MEDIA_DIR": tmp_path / "media"})


def signed_in(app, username="editor"):
    client = app.test_client()
    assert client.post("/admin/login", data={"username": username, "password": PASSWORD}).status_code == 302
    return client


def form_of(page: str) -> dict:
    """The edit form's fields as the browser would send them back."""
    fields = dict(re.findall(r'<input[^>]*?name="([^"]+)"[^>]*?value="([^"]*)"', page))
    fields.update(re.findall(r'<textarea[^>]*?name="([^"]+)"[^>]*>\s*([^<]*)</textarea>', page))
    return {name: value.replace("&#34;", '"').replace("&amp;", "&") for name, value in fields.items()}


def fee_of(db_url, code=TAM_TRU):
    with session_scope(db_url) as session:
        return session.get(Procedure, code).channels[0].fee_vnd


@pytest.mark.parametrize(("username", "status"), [("editor", 200), ("case-officer", 403)])
def test_only_editors_and_admins_edit_knowledge(app, username, status):
    client = signed_in(app, username)
    for path in ("/admin/knowledge?q=tam tru", f"/admin/knowledge/procedures/{TAM_TRU}", "/admin/unanswered"):
        assert client.get(path).status_code == status
    assert client.post(f"/admin/knowledge/procedures/{TAM_TRU}/verify").status_code in (302, status)


def test_the_list_finds_procedures_without_accents(app):
    page = signed_in(app).get("/admin/knowledge?q=dang ky tam tru").text
    assert TAM_TRU in page and CAN_CUOC not in page


def test_preview_shows_the_answer_and_saves_nothing_then_publish_saves(app, db_url):
    client = signed_in(app)
    data = form_of(client.get(f"/admin/knowledge/procedures/{TAM_TRU}").text) | {"fees-0-amount": "25000",
                                                                               "fees-0-note": ""}
    preview = client.post(f"/admin/knowledge/procedures/{TAM_TRU}", data=data | {"action": "preview"})
    assert preview.status_code == 200 and "25.000 đồng" in preview.text and fee_of(db_url) == 7000
    published = client.post(f"/admin/knowledge/procedures/{TAM_TRU}", data=data | {"action": "publish"})
    assert published.status_code == 302 and fee_of(db_url) == 25000
    assert "25.000 đồng" in client.get(published.location).text  # in the history


def test_an_invalid_fee_is_shown_and_not_saved(app, db_url):
    client = signed_in(app)
    data = form_of(client.get(f"/admin/knowledge/procedures/{TAM_TRU}").text) | {"fees-0-amount": "-3"}
    page = client.post(f"/admin/knowledge/procedures/{TAM_TRU}", data=data | {"action": "publish"})
    assert page.status_code == 400 and "không âm" in page.text and fee_of(db_url) == 7000


def test_the_second_editor_is_told_and_keeps_the_input(app, db_url):
    first, second = signed_in(app), signed_in(app, "editor2")
    stale = form_of(second.get(f"/admin/knowledge/procedures/{TAM_TRU}").text)
    first.post(f"/admin/knowledge/procedures/{TAM_TRU}",
               data=stale | {"fees-0-amount": "20000", "fees-0-note": "", "action": "publish"})
    page = second.post(f"/admin/knowledge/procedures/{TAM_TRU}",
                       data=stale | {"fees-0-amount": "30000", "fees-0-note": "", "action": "publish"})
    assert page.status_code == 409 and "Người khác vừa lưu" in page.text and 'value="30000"' in page.text
    assert fee_of(db_url) == 20000


def test_verify_and_revert(app, db_url):
    client = signed_in(app)
    data = form_of(client.get(f"/admin/knowledge/procedures/{TAM_TRU}").text) | {"fees-0-amount": "1000"}
    client.post(f"/admin/knowledge/procedures/{TAM_TRU}", data=data | {"action": "publish"})
    client.post(f"/admin/knowledge/procedures/{TAM_TRU}/verify")
    page = client.get(f"/admin/knowledge/procedures/{TAM_TRU}").text
    assert "Kiểm tra với nguồn lần cuối" in page
    edit_id = min(map(int, re.findall(r"/admin/knowledge/revisions/(\d+)/revert", page)))
    assert client.post(f"/admin/knowledge/revisions/{edit_id}/revert").status_code == 302
    assert fee_of(db_url) == 7000


def test_attach_a_group_and_create_an_faq_from_another(app, db_url):
    with session_scope(db_url) as session:
        session.add_all(UnansweredQuestion(text=text, match_key=text, channel="web") for text in
                        ["làm căn cước gắn chip", "lam can cuoc gan chip o dau", "giờ làm việc của phường"])
    client = signed_in(app)
    page = client.get("/admin/unanswered").text
    assert "2 lần hỏi" in page and "1 lần hỏi" in page
    groups = re.findall(r'name="ids" value="([^"]+)"', page)
    assert client.post("/admin/unanswered/attach", data={"ids": groups[0], "code": CAN_CUOC}).status_code == 302
    response = client.post("/admin/unanswered/faq", data={"ids": groups[2], "question": "Giờ làm việc?",
                                                           "answer": "7g30 đến 17g"})
    assert response.status_code == 302
    again = client.post("/admin/unanswered/attach", data={"ids": groups[0], "code": CAN_CUOC}, follow_redirects=True)
    assert "đã được người khác xử lý" in again.text and "Không còn câu hỏi nào" in again.text
    with session_scope(db_url) as session:
        assert "căn cước gắn chip" in {alias.alias for alias in session.get(Procedure, CAN_CUOC).aliases}
        assert session.get(FaqEntry, "gio-lam-viec").answer == "7g30 đến 17g"


def test_forms_without_the_csrf_token_are_refused(app):
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/admin/login").text).group(1)
    client.post("/admin/login", data={"username": "editor", "password": PASSWORD, "csrf_token": token})
    assert client.post(f"/admin/knowledge/procedures/{TAM_TRU}/verify").status_code == 400
