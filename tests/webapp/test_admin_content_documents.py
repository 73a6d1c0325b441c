"""Guides, report categories and office settings edited in the admin: roles, preview, publish, errors,
concurrent saves and revert, as staff and residents see them."""

import html
import re

import pytest
from sqlalchemy import select

from knowledge_editing.document_models import ContentDocument
from staff.accounts import create_user
from staff.models import Role
from storage.database import session_scope
from tests.knowledge_editing import conftest as editing_conftest
from tests.knowledge_editing import test_documents
from tests.knowledge_editing.conftest import database_url, postgres_url  # noqa: F401 (fixtures)
from tests.knowledge_editing.test_documents import NEW_TITLE, OFFICE_TEXT, OLD_TITLE
from webapp import create_app

PASSWORD = "mật khẩu đủ dài"
GUIDE_PAGE = "/admin/content/guide/vneid_level2"
db_url = editing_conftest.db_url  # seed procedures and two editors
live = test_documents.live  # the running process reads that database, at every call


@pytest.fixture
def app(live, tmp_path):
    with session_scope(live) as session:
        create_user(session, "boss", PASSWORD, Role.ADMIN)
    return create_app({"TESTING": True, "APP_DATABASE_URL": live, "WTF_CSRF_ENABLED": False,
                       "MEDIA_DIR": tmp_path / "media"})


def signed_in(app, username="editor"):
    client = app.test_client()
    assert client.post("/admin/login", data={"username": username, "password": PASSWORD}).status_code == 302
    return client


def form_of(page: str) -> dict:
    """The edit form's fields as the browser sends them back."""
    fields = dict(re.findall(r'<input[^>]*?name="([^"]+)"[^>]*?value="([^"]*)"', page))
    fields["text"] = html.unescape(re.search(r"<textarea[^>]*>\r?\n?(.*?)</textarea>", page, re.S).group(1))
    return fields


def stored(db_url):
    with session_scope(db_url) as session:
        return session.scalars(select(ContentDocument)).all()


def test_settings_are_for_admins_only(app):
    editor, boss = signed_in(app), signed_in(app, "boss")
    assert editor.get("/admin/content/office/default").status_code == 403
    assert editor.post("/admin/content/office/default", data={"version": "x", "text": OFFICE_TEXT}).status_code == 403
    assert "Cài đặt" not in editor.get("/admin/content").text
    assert "Cài đặt" in boss.get("/admin/content").text
    assert "is_example: true" in boss.get("/admin/content/office/default").text  # the example to start from


def test_a_published_guide_is_printed_for_volunteers_at_once(app, live):
    client = signed_in(app)
    data = form_of(client.get(GUIDE_PAGE).text)
    data["text"] = data["text"].replace(OLD_TITLE, NEW_TITLE)
    preview = client.post(GUIDE_PAGE, data=data | {"action": "preview"})
    assert preview.status_code == 200 and "srcdoc=" in preview.text and NEW_TITLE in html.unescape(preview.text)
    assert stored(live) == []
    published = client.post(GUIDE_PAGE, data=data | {"action": "publish"})
    assert published.status_code == 302
    assert NEW_TITLE in client.get("/guides/vneid_level2").text
    assert "Hoàn tác" in client.get(GUIDE_PAGE).text  # the history, with its diff


def test_an_invalid_guide_is_shown_with_its_place_and_not_saved(app, live):
    client = signed_in(app)
    data = form_of(client.get(GUIDE_PAGE).text)
    data["text"] = data["text"].replace("\n    sources: [", "\n    sources_: [", 1)
    page = client.post(GUIDE_PAGE, data=data | {"action": "publish"})
    assert page.status_code == 400
    assert "Vị trí: steps[1]" in page.text and "Cần ít nhất một nguồn" in page.text
    assert "sources_: [" in html.unescape(page.text)  # the text is kept in the box
    assert stored(live) == []


def test_the_categories_preview_lists_names_and_keywords(app, live):
    client = signed_in(app)
    data = form_of(client.get("/admin/content/report_categories/default").text)
    data["text"] = data["text"].replace("    - do rac bay\n", "    - do rac bay\n    - bãi rác bốc mùi\n")
    page = client.post("/admin/content/report_categories/default", data=data | {"action": "preview"})
    assert page.status_code == 200 and "Rác thải, vệ sinh môi trường" in page.text and "bãi rác bốc mùi" in page.text
    assert stored(live) == []


def test_the_second_editor_is_told_and_keeps_the_text(app, live):
    first, second = signed_in(app), signed_in(app, "editor2")
    stale = form_of(second.get(GUIDE_PAGE).text)
    first.post(GUIDE_PAGE, data=stale | {"text": stale["text"].replace(OLD_TITLE, NEW_TITLE), "action": "publish"})
    mine = stale["text"].replace(OLD_TITLE, "Tiêu đề của người thứ hai")
    page = second.post(GUIDE_PAGE, data=stale | {"text": mine, "action": "publish"})
    assert page.status_code == 409 and "Người khác vừa lưu" in page.text
    assert form_of(page.text)["text"].strip() == mine.strip()
    assert NEW_TITLE in stored(live)[0].text
    again = second.post(GUIDE_PAGE, data=form_of(page.text) | {"action": "publish"})  # knowingly, over it
    assert again.status_code == 302 and "Tiêu đề của người thứ hai" in stored(live)[0].text


def test_office_hours_published_by_an_admin_then_reverted(app, live):
    from urban_reports.settings import office_settings

    boss = signed_in(app, "boss")
    data = form_of(boss.get("/admin/content/office/default").text) | {"text": OFFICE_TEXT}
    preview = boss.post("/admin/content/office/default", data=data | {"action": "preview"}).text
    assert "UBND Phường Thử Nghiệm" in preview and "2027-02-19" in preview and office_settings() == {}
    assert boss.post("/admin/content/office/default", data=data | {"action": "publish"}).status_code == 302
    assert office_settings()["hours"]["saturday"] == ["07:30-11:30"]
    page = boss.get("/admin/content/office/default").text
    revision_id = re.search(r"/admin/content/revisions/(\d+)/revert", page).group(1)
    assert boss.post(f"/admin/content/revisions/{revision_id}/revert").status_code == 302
    assert office_settings() == {}
    assert signed_in(app).post(f"/admin/content/revisions/{revision_id}/revert").status_code == 403
