"""Issue #18: the sign-in page tells nobody whether a username exists or is locked, and wrong passwords typed
from one address cannot lock the staff out from theirs."""

import re

import pytest
from sqlalchemy import select

from staff.accounts import create_user, user_named
from staff.models import AuditEntry, Role
from storage.database import session_scope
from tests.knowledge.conftest import database_url, postgres_url  # noqa: F401 (fixtures used by name)
from tests.staff import conftest as staff_conftest
from tests.webapp.test_admin_accounts import NEW_PASSWORD, PASSWORD, make_app

ATTACKER, OFFICE = "203.0.113.66", "198.51.100.7"
ERROR = re.compile(r'<p class="error" role="alert">([^<]*)</p>')

db_url = staff_conftest.db_url  # a migrated database; the PostgreSQL one loses its accounts after each test


@pytest.fixture
def app(db_url, tmp_path):
    with session_scope(db_url) as session:
        create_user(session, "admin", PASSWORD, Role.ADMIN)
        create_user(session, "editor", PASSWORD, Role.EDITOR)
        create_user(session, "retired", PASSWORD, Role.EDITOR).active = False
    return make_app(db_url, tmp_path)


def browser(app, address):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def sign_in(client, username, password=PASSWORD):
    return client.post("/admin/login", data={"username": username, "password": password})


def refusal(response) -> tuple[int, str]:
    return response.status_code, ERROR.search(response.text).group(1)


def test_every_refused_sign_in_gets_the_same_answer(app):
    attacker = browser(app, ATTACKER)
    for n in range(5):
        sign_in(attacker, "editor", f"sai {n}")
    answers = {
        "unknown username": refusal(sign_in(attacker, "khong-co-ai")),
        "wrong password": refusal(sign_in(attacker, "admin", "không phải mật khẩu")),
        "locked": refusal(sign_in(attacker, "editor")),  # the right password, from the locked address
        "deactivated": refusal(sign_in(attacker, "retired")),
    }
    assert set(answers.values()) == {
        (401, "Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đang tạm khóa.")}, answers


def test_an_attackers_wrong_passwords_do_not_lock_the_staff_out(app, db_url):
    attacker, office = browser(app, ATTACKER), browser(app, OFFICE)
    assert [sign_in(attacker, "admin", f"sai {n}").status_code for n in range(6)] == [401] * 6
    assert sign_in(attacker, "admin").status_code == 401  # locked out: even the right password
    answer = sign_in(office, "admin")
    assert answer.status_code == 302 and answer.headers["Location"] == "/admin/"
    assert office.get("/admin/users").status_code == 200
    with session_scope(db_url) as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.target_id == "admin")
                                  .order_by(AuditEntry.id)).all()
    assert [(entry.action, entry.summary["address"]) for entry in entries] == (
        [("login.wrong", ATTACKER)] * 4 + [("login.just_locked", ATTACKER)] + [("login.locked", ATTACKER)] * 2
        + [("login.ok", OFFICE)])


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_one_locked(db_url, tmp_path, app):
    proxied = make_app(db_url, tmp_path, TRUST_PROXY_HEADERS=1, STAFF_MAX_FAILED_LOGINS=2).test_client()
    for n in range(2):
        proxied.post("/admin/login", data={"username": "editor", "password": f"sai {n}"},
                     headers={"X-Forwarded-For": ATTACKER})
    locked = proxied.post("/admin/login", data={"username": "editor", "password": PASSWORD},
                          headers={"X-Forwarded-For": ATTACKER})
    assert locked.status_code == 401
    fine = proxied.post("/admin/login", data={"username": "editor", "password": PASSWORD},
                        headers={"X-Forwarded-For": OFFICE})
    assert fine.status_code == 302


def test_an_unattended_session_locks_only_its_own_address(db_url, tmp_path, app):
    app = make_app(db_url, tmp_path, STAFF_MAX_FAILED_LOGINS=2)
    unattended = browser(app, ATTACKER)
    assert sign_in(unattended, "editor").status_code == 302
    for n in range(2):
        unattended.post("/admin/account", data={"current_password": f"sai {n}", "new_password": NEW_PASSWORD,
                                                "new_password_again": NEW_PASSWORD})
    assert unattended.get("/admin/").status_code == 302  # signed out by the lock
    assert sign_in(unattended, "editor").status_code == 401
    assert sign_in(browser(app, OFFICE), "editor").status_code == 302


def test_the_admin_sees_the_lock_and_lifts_it(app, db_url):
    attacker = browser(app, ATTACKER)
    for n in range(5):
        sign_in(attacker, "editor", f"sai {n}")
    admin = browser(app, OFFICE)
    assert sign_in(admin, "admin").status_code == 302
    assert "Tạm khóa" in admin.get("/admin/users").text
    with session_scope(db_url) as session:
        editor_id = user_named(session, "editor").id
    assert admin.post(f"/admin/users/{editor_id}/unlock").status_code == 302
    assert sign_in(attacker, "editor").status_code == 302
