"""Password changes, resets and role rules in staff.accounts, on SQLite and PostgreSQL."""

import datetime as dt

import pytest
from sqlalchemy import inspect
from werkzeug.security import check_password_hash

from staff.accounts import (
    GENERATED_ALPHABET,
    PASSWORD_RESET,
    AccountError,
    LockoutPolicy,
    Outcome,
    authenticate,
    change_password,
    change_role,
    create_user,
    generate_password,
    reset_password,
    set_active,
    user_named,
)
from staff.audit import record
from staff.models import Role, StaffUser
from storage.database import make_engine

NOW = dt.datetime(2026, 12, 1, 2, 0)
PASSWORD = "một mật khẩu dài"
NEW_PASSWORD = "mật khẩu mới cũng dài"


def test_the_migration_adds_the_columns_the_model_describes(db_url):
    columns = {column["name"]: column for column in inspect(make_engine(db_url)).get_columns("staff_users")}
    assert set(columns) == set(StaffUser.__table__.columns.keys())
    assert not columns["must_change_password"]["nullable"] and not columns["session_version"]["nullable"]


def test_an_own_change_needs_the_current_password_and_ends_older_sessions(sessions):
    with sessions.begin() as session:
        user = create_user(session, "lan", PASSWORD, Role.EDITOR)
        assert change_password(session, "lan", "sai mật khẩu", NEW_PASSWORD, now=NOW).outcome is Outcome.WRONG
        assert user.failed_logins == 1 and user.session_version == 0
        assert change_password(session, "lan", PASSWORD, NEW_PASSWORD, now=NOW).outcome is Outcome.OK
        assert (user.failed_logins, user.session_version) == (0, 1)
        assert authenticate(session, "lan", PASSWORD, now=NOW).outcome is Outcome.WRONG
        assert authenticate(session, "lan", NEW_PASSWORD, now=NOW).outcome is Outcome.OK


@pytest.mark.parametrize(("new", "message"), [("ngắn", "ít nhất 12"), (PASSWORD, "phải khác")])
def test_a_short_or_unchanged_new_password_is_refused_before_anything_counts(sessions, new, message):
    with sessions.begin() as session:
        user = create_user(session, "lan", PASSWORD, Role.EDITOR)
        with pytest.raises(AccountError, match=message):
            change_password(session, "lan", PASSWORD, new, now=NOW)
        assert (user.failed_logins, user.session_version) == (0, 0)


def test_wrong_current_passwords_lock_the_account_like_wrong_sign_ins(sessions):
    policy = LockoutPolicy(max_failures=2, lock_minutes=10)
    with sessions.begin() as session:
        create_user(session, "lan", PASSWORD, Role.EDITOR)
        outcomes = [change_password(session, "lan", f"sai {n}", NEW_PASSWORD, policy, NOW).outcome for n in range(2)]
        assert outcomes == [Outcome.WRONG, Outcome.JUST_LOCKED]
        assert change_password(session, "lan", PASSWORD, NEW_PASSWORD, policy, NOW).outcome is Outcome.LOCKED
        assert check_password_hash(user_named(session, "lan").password_hash, PASSWORD)


def test_a_reset_sets_a_temporary_password_and_lifts_the_lock(sessions):
    with sessions.begin() as session:
        user = create_user(session, "lan", PASSWORD, Role.EDITOR)
        for n in range(5):
            authenticate(session, "lan", f"sai {n}", now=NOW)
        assert user.locked_until is not None
        reset_password(user, "mật khẩu tạm thời")
        record(session, "admin", PASSWORD_RESET, "staff_user", "lan", now=NOW)  # as the admin's view audits it
        assert (user.must_change_password, user.session_version, user.locked_until) == (True, 1, None)
        assert authenticate(session, "lan", "mật khẩu tạm thời", now=NOW).outcome is Outcome.OK
        change_password(session, "lan", "mật khẩu tạm thời", NEW_PASSWORD, now=NOW)
        assert (user.must_change_password, user.session_version) == (False, 2)


def test_generated_passwords_are_long_random_and_unambiguous():
    passwords = {generate_password() for _ in range(20)}
    assert len(passwords) == 20
    for password in passwords:
        groups = password.split("-")
        assert [len(group) for group in groups] == [4, 4, 4, 4]
        assert set("".join(groups)) <= set(GENERATED_ALPHABET) and not set("l1o0") & set(password)


def test_the_last_active_admin_cannot_be_demoted_or_deactivated(sessions):
    with sessions.begin() as session:
        first = create_user(session, "anh", PASSWORD, Role.ADMIN)
        second = create_user(session, "binh", PASSWORD, Role.ADMIN)
        with pytest.raises(AccountError, match="tự bỏ vai trò quản trị"):
            change_role(session, first, Role.EDITOR, by=first)
        change_role(session, second, Role.EDITOR, by=first)
        assert second.role == "editor"
        with pytest.raises(AccountError, match="ít nhất một tài khoản quản trị"):
            change_role(session, first, Role.CASE_OFFICER, by=second)
        with pytest.raises(AccountError, match="ít nhất một tài khoản quản trị"):
            set_active(session, first, False)
        assert (first.role, first.active) == ("admin", True)
        change_role(session, second, Role.ADMIN, by=first)
        set_active(session, first, False)
        assert not first.active
        set_active(session, second, True)  # reactivating is never refused
