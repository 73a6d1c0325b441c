"""Issue #18: signing out, a password change, an admin's reset or deactivation end every session of the account,
a copied session cookie included."""

import pytest

from staff.accounts import create_user, user_named
from staff.models import Role
from storage.database import session_scope
from tests.knowledge.conftest import database_url, postgres_url  # noqa: F401 (fixtures used by name)
from tests.staff import conftest as staff_conftest
from tests.webapp.test_admin_accounts import NEW_PASSWORD, PASSWORD, make_app

db_url = staff_conftest.db_url  # a migrated database; the PostgreSQL one loses its accounts after each test


@pytest.fixture
def app(db_url, tmp_path):
    with session_scope(db_url) as session:
        create_user(session, "admin", PASSWORD, Role.ADMIN)
        create_user(session, "second-admin", PASSWORD, Role.ADMIN)
        create_user(session, "editor", PASSWORD, Role.EDITOR)
    return make_app(db_url, tmp_path)


def signed_in(app, username, password=PASSWORD):
    client = app.test_client()
    response = client.post("/admin/login", data={"username": username, "password": password})
    assert response.status_code == 302, response.text
    return client


def copy_of(app, client):
    """Another browser holding a copy of `client`'s session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def sent_to_sign_in(client, path="/admin/users") -> bool:
    response = client.get(path)
    return response.status_code == 302 and response.headers["Location"].startswith("/admin/login")


def user_id(db_url, username):
    with session_scope(db_url) as session:
        return user_named(session, username).id


def test_signing_out_ends_the_other_browsers_and_a_copied_cookie(app):
    office, home = signed_in(app, "admin"), signed_in(app, "admin")
    copied = copy_of(app, office)
    assert copied.get("/admin/users").status_code == 200  # the copy works while the session lasts
    assert office.post("/admin/logout").status_code == 302
    assert sent_to_sign_in(office)
    assert sent_to_sign_in(copied)
    assert sent_to_sign_in(home)
    assert "Vui lòng đăng nhập lại" in home.get("/admin/login").text
    assert signed_in(app, "admin").get("/admin/users").status_code == 200  # a new sign-in works


def test_a_sign_out_ends_only_that_accounts_sessions(app):
    admin, other = signed_in(app, "admin"), signed_in(app, "second-admin")
    admin.post("/admin/logout")
    assert other.get("/admin/users").status_code == 200


def test_a_password_change_ends_a_copied_cookie(app):
    editor = signed_in(app, "editor")
    copied = copy_of(app, editor)
    changed = editor.post("/admin/account", data={"current_password": PASSWORD, "new_password": NEW_PASSWORD,
                                                  "new_password_again": NEW_PASSWORD})
    assert changed.status_code == 302
    assert editor.get("/admin/knowledge").status_code == 200  # the session that changed it goes on
    assert sent_to_sign_in(copied, "/admin/knowledge")


def test_an_admins_reset_ends_the_users_sessions(app, db_url):
    admin, editor = signed_in(app, "admin"), signed_in(app, "editor")
    assert admin.post(f"/admin/users/{user_id(db_url, 'editor')}/password", data={"password": ""}).status_code == 200
    assert sent_to_sign_in(editor, "/admin/knowledge")


def test_a_deactivation_ends_the_sessions_for_good(app, db_url):
    admin, other_admin = signed_in(app, "admin"), signed_in(app, "second-admin")
    url = f"/admin/users/{user_id(db_url, 'second-admin')}/active"
    assert admin.post(url).status_code == 302  # deactivated
    assert sent_to_sign_in(other_admin)
    assert admin.post(url).status_code == 302  # active again: the old session stays signed out
    assert sent_to_sign_in(other_admin)
    assert signed_in(app, "second-admin").get("/admin/users").status_code == 200
