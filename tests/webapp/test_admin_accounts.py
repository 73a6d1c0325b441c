"""Staff accounts in the admin: own password change, admin resets and role changes, sessions, CSRF, language."""

import re

import pytest
from sqlalchemy import select

from staff.accounts import create_user, user_named
from staff.models import AuditEntry, Role
from storage.database import session_scope
from tests.knowledge.conftest import database_url, postgres_url  # noqa: F401 (fixtures used by name)
from tests.staff import conftest as staff_conftest
from webapp import create_app

PASSWORD = "mật khẩu đủ dài"
NEW_PASSWORD = "mật khẩu mới cũng dài"
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')

db_url = staff_conftest.db_url  # a migrated database; the PostgreSQL one loses its accounts after each test


def make_app(db_url, tmp_path, **config):
    return create_app({"TESTING": True, "APP_DATABASE_URL": db_url, "WTF_CSRF_ENABLED": False,
                       "MEDIA_DIR": tmp_path / "media", **config})


@pytest.fixture
def app(db_url, tmp_path):
    with session_scope(db_url) as session:
        create_user(session, "admin", PASSWORD, Role.ADMIN)
        create_user(session, "editor", PASSWORD, Role.EDITOR)
    return make_app(db_url, tmp_path)


def sign_in(app, username, password=PASSWORD):
    client = app.test_client()
    return client, client.post("/admin/login", data={"username": username, "password": password})


def signed_in(app, username):
    client, response = sign_in(app, username)
    assert response.status_code == 302, response.text
    return client


def change_own(client, current, new=NEW_PASSWORD, again=None):
    return client.post("/admin/account", data={"current_password": current, "new_password": new,
                                               "new_password_again": again or new})


def editor_id(db_url):
    with session_scope(db_url) as session:
        return user_named(session, "editor").id


def audit(db_url, action):
    with session_scope(db_url) as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_a_staff_member_changes_their_own_password(app, db_url):
    client = signed_in(app, "editor")
    assert "Mật khẩu hiện tại" in client.get("/admin/account").text
    assert "không khớp" in change_own(client, PASSWORD, again="mật khẩu khác hẳn").text
    assert "ít nhất 12 ký tự" in change_own(client, PASSWORD, "ngắn").text
    wrong = change_own(client, "không phải mật khẩu")
    assert wrong.status_code == 400 and "Mật khẩu hiện tại không đúng" in wrong.text

    changed = change_own(client, PASSWORD)
    assert changed.status_code == 302 and changed.headers["Location"] == "/admin/"
    assert "Đã đổi mật khẩu" in client.get("/admin/").text  # this session goes on

    assert sign_in(app, "editor")[1].status_code == 401
    assert sign_in(app, "editor", NEW_PASSWORD)[1].status_code == 302
    [entry] = audit(db_url, "user.password")
    assert entry.actor == "editor" and NEW_PASSWORD not in str(entry.summary)
    assert [e.actor for e in audit(db_url, "user.password.wrong")] == ["editor"]


def test_a_password_change_signs_out_the_other_sessions(app):
    laptop, phone = signed_in(app, "editor"), signed_in(app, "editor")
    assert change_own(laptop, PASSWORD).status_code == 302
    assert laptop.get("/admin/").status_code == 200
    stale = phone.get("/admin/knowledge")
    assert stale.status_code == 302 and stale.headers["Location"].startswith("/admin/login")
    assert "Vui lòng đăng nhập lại" in phone.get(stale.headers["Location"]).text
    assert phone.get("/admin/").status_code == 302  # signed out for good, not just once


def test_wrong_current_passwords_lock_the_account_and_end_the_session(db_url, tmp_path, app):
    app = make_app(db_url, tmp_path, STAFF_MAX_FAILED_LOGINS=2)
    client = signed_in(app, "editor")
    assert change_own(client, "sai lần một nhé").status_code == 400
    locked = change_own(client, "sai lần hai nhé")
    assert locked.status_code == 302 and locked.headers["Location"] == "/admin/login"
    assert "Tài khoản tạm khóa" in client.get("/admin/login").text
    assert client.get("/admin/").status_code == 302
    assert sign_in(app, "editor")[1].status_code == 401  # the right password waits for the lock to end


def test_an_admin_resets_a_password_the_user_must_then_change(app, db_url):
    admin = signed_in(app, "admin")
    editor_session = signed_in(app, "editor")
    answer = admin.post(f"/admin/users/{editor_id(db_url)}/password", data={"password": ""})
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    temporary = re.search(r'<code class="password">([^<]+)</code>', answer.text).group(1)
    assert "chỉ hiện một lần" in answer.text and temporary not in admin.get("/admin/users").text
    [entry] = audit(db_url, "user.password_reset")
    assert entry.target_id == "editor" and entry.summary["generated"] is True and temporary not in str(entry.summary)

    assert editor_session.get("/admin/").status_code == 302  # the old session is over
    assert sign_in(app, "editor")[1].status_code == 401
    client, response = sign_in(app, "editor", temporary)
    assert response.headers["Location"] == "/admin/account"
    assert client.get("/admin/knowledge").headers["Location"] == "/admin/account"  # nothing else until changed
    assert "mật khẩu tạm" in client.get("/admin/account").text
    assert change_own(client, temporary).status_code == 302
    assert client.get("/admin/knowledge").status_code == 200
    assert sign_in(app, "editor", NEW_PASSWORD)[1].headers["Location"] == "/admin/"


def test_an_admin_may_type_the_temporary_password_but_not_a_short_one(app, db_url):
    admin = signed_in(app, "admin")
    url = f"/admin/users/{editor_id(db_url)}/password"
    assert "ít nhất 12 ký tự" in admin.post(url, data={"password": "ngắn"}, follow_redirects=True).text
    assert sign_in(app, "editor")[1].status_code == 302
    assert "Đã lưu" in admin.post(url, data={"password": "tạm thời đủ dài"}, follow_redirects=True).text
    assert sign_in(app, "editor", "tạm thời đủ dài")[1].headers["Location"] == "/admin/account"
    assert "Chờ đổi mật khẩu tạm" in admin.get("/admin/users").text


def test_a_role_change_takes_effect_on_the_next_request(app, db_url):
    admin, editor = signed_in(app, "admin"), signed_in(app, "editor")
    assert editor.get("/admin/knowledge").status_code == 200
    assert admin.post(f"/admin/users/{editor_id(db_url)}/role", data={"role": "case_officer"}).status_code == 302
    assert editor.get("/admin/knowledge").status_code == 403
    assert editor.get("/admin/reports").status_code == 200
    [entry] = audit(db_url, "user.role")
    assert (entry.actor, entry.target_id, entry.summary["role"]) == ("admin", "editor", "case_officer")


def test_the_last_admin_keeps_the_admin_role(app, db_url):
    admin = signed_in(app, "admin")
    with session_scope(db_url) as session:
        admin_id = user_named(session, "admin").id
    refused = admin.post(f"/admin/users/{admin_id}/role", data={"role": "editor"}, follow_redirects=True)
    assert "Bạn không thể tự bỏ vai trò quản trị của mình" in refused.text
    assert admin.get("/admin/users").status_code == 200 and audit(db_url, "user.role") == []
    assert "Bạn không thể tự khóa" in admin.post(f"/admin/users/{admin_id}/active", follow_redirects=True).text


@pytest.mark.parametrize(("path", "data"), [("role", {"role": "admin"}), ("password", {"password": ""})])
def test_only_admins_reset_passwords_and_change_roles(app, db_url, path, data):
    editor = signed_in(app, "editor")
    assert editor.post(f"/admin/users/{editor_id(db_url)}/{path}", data=data).status_code == 403
    assert editor.get("/admin/account").status_code == 200  # but every role changes its own password
    with session_scope(db_url) as session:
        assert user_named(session, "editor").role == "editor"
    assert sign_in(app, "editor")[1].status_code == 302


def test_account_forms_without_the_csrf_token_are_refused(db_url, tmp_path, app):
    app = make_app(db_url, tmp_path, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    token = TOKEN.search(client.get("/admin/login").text).group(1)
    assert client.post("/admin/login", data={"username": "admin", "password": PASSWORD,
                                             "csrf_token": token}).status_code == 302
    url = f"/admin/users/{editor_id(db_url)}"
    for path, data in (("/admin/account", {"current_password": PASSWORD, "new_password": NEW_PASSWORD,
                                           "new_password_again": NEW_PASSWORD}),
                       (f"{url}/role", {"role": "case_officer"}), (f"{url}/password", {"password": ""})):
        forged = client.post(path, data=data)
        assert forged.status_code == 400 and "Biểu mẫu đã hết hạn" in forged.text
    with session_scope(db_url) as session:
        assert user_named(session, "editor").role == "editor"
    assert sign_in(make_app(db_url, tmp_path), "admin")[1].status_code == 302  # password unchanged
    token = TOKEN.search(client.get("/admin/users").text).group(1)
    assert client.post(f"{url}/role", data={"role": "case_officer", "csrf_token": token}).status_code == 302
    with session_scope(db_url) as session:
        assert user_named(session, "editor").role == "case_officer"


def test_the_language_choice_is_remembered(app):
    client = signed_in(app, "admin")
    assert '<html lang="en">' in client.get("/admin/?lang=en").text
    assert '<html lang="en">' in client.get("/admin/", headers={"Accept-Language": "vi"}).text
    assert '<html lang="vi">' in client.get("/admin/users?lang=vi").text
    assert '<html lang="vi">' in client.get("/admin/", headers={"Accept-Language": "en"}).text
    assert '<html lang="en">' in app.test_client().get("/admin/login", headers={"Accept-Language": "en"}).text


def test_signing_in_keeps_the_language_choice(app):
    client = app.test_client()
    assert '<html lang="en">' in client.get("/admin/login?lang=en").text
    client.post("/admin/login", data={"username": "admin", "password": PASSWORD})
    assert '<html lang="en">' in client.get("/admin/", headers={"Accept-Language": "vi"}).text
