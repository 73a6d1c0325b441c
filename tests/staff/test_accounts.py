"""Accounts: hashing, lockout, the audit log's masking and the command line, on SQLite and PostgreSQL."""

import datetime as dt

import pytest
from sqlalchemy import select

from staff import __main__ as cli
from staff.accounts import AccountError, LockoutPolicy, LoginResult, Outcome, authenticate, create_user, user_named
from staff.audit import entries, record
from staff.models import AuditEntry, Role
from storage.database import session_factory

NOW = dt.datetime(2026, 12, 1, 2, 0)
PASSWORD = "một mật khẩu dài"


def test_a_password_is_stored_as_a_scrypt_hash_and_checked(sessions):
    with sessions.begin() as session:
        user = create_user(session, " Lan.Nguyen ", PASSWORD, Role.CASE_OFFICER, now=NOW)
        assert user.username == "lan.nguyen" and user.password_hash.startswith("scrypt:")
        assert PASSWORD not in user.password_hash
        assert authenticate(session, "LAN.NGUYEN", PASSWORD, now=NOW).outcome is Outcome.OK
        assert authenticate(session, "lan.nguyen", "sai mật khẩu", now=NOW).outcome is Outcome.WRONG
        assert authenticate(session, "nobody", PASSWORD, now=NOW) == LoginResult(Outcome.WRONG)


@pytest.mark.parametrize(("username", "password"), [("ab", PASSWORD), ("tên có dấu", PASSWORD), ("lan", "ngắn")])
def test_bad_usernames_and_short_passwords_are_refused(sessions, username, password):
    with sessions.begin() as session, pytest.raises(AccountError):
        create_user(session, username, password, Role.EDITOR)


def test_a_taken_username_is_refused(sessions):
    with sessions.begin() as session:
        create_user(session, "lan", PASSWORD, Role.EDITOR)
        with pytest.raises(AccountError, match="đã có"):
            create_user(session, "LAN", PASSWORD, Role.ADMIN)


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes(sessions):
    with sessions.begin() as session:
        create_user(session, "lan", PASSWORD, Role.EDITOR)
        outcomes = [authenticate(session, "lan", f"wrong {n}", now=NOW).outcome for n in range(5)]
        assert outcomes == [Outcome.WRONG] * 4 + [Outcome.JUST_LOCKED]
        assert user_named(session, "lan").locked_until == NOW + dt.timedelta(minutes=15)
        # Locked: even the right password is refused, and the lock is not extended.
        assert authenticate(session, "lan", PASSWORD, now=NOW + dt.timedelta(minutes=14)).outcome is Outcome.LOCKED
        assert user_named(session, "lan").locked_until == NOW + dt.timedelta(minutes=15)
        assert authenticate(session, "lan", PASSWORD, now=NOW + dt.timedelta(minutes=15)).outcome is Outcome.OK
        assert user_named(session, "lan").failed_logins == 0


def test_the_lockout_is_configurable_and_a_right_password_resets_the_count(sessions):
    policy = LockoutPolicy(max_failures=2, lock_minutes=1)
    with sessions.begin() as session:
        create_user(session, "lan", PASSWORD, Role.EDITOR)
        authenticate(session, "lan", "wrong", policy, now=NOW)
        assert authenticate(session, "lan", PASSWORD, policy, now=NOW).outcome is Outcome.OK
        authenticate(session, "lan", "wrong", policy, now=NOW)
        assert authenticate(session, "lan", "wrong", policy, now=NOW).outcome is Outcome.JUST_LOCKED
        assert user_named(session, "lan").locked_until == NOW + dt.timedelta(minutes=1)


def test_a_deactivated_account_cannot_sign_in(sessions):
    with sessions.begin() as session:
        create_user(session, "lan", PASSWORD, Role.EDITOR).active = False
        assert authenticate(session, "lan", PASSWORD, now=NOW).outcome is Outcome.INACTIVE


def test_the_audit_log_masks_personal_data(sessions):
    with sessions.begin() as session:
        user = create_user(session, "lan", PASSWORD, Role.CASE_OFFICER)
        record(session, user, "report.status", "report", "PA-261201-0001", note="gọi 0912345678 rồi",
               status=["received", "in_progress"])
    with sessions() as session:
        (entry,) = entries(session, "report", "PA-261201-0001")
    assert entry.actor == "lan" and entry.staff_user_id == user.id
    assert "0912345678" not in str(entry.summary) and entry.summary["status"] == ["received", "in_progress"]


def test_create_admin_reads_the_password_from_the_environment(db_url, monkeypatch, capsys):
    monkeypatch.setenv("APP_DATABASE_URL", db_url)
    monkeypatch.setenv("STAFF_PASSWORD", PASSWORD)
    assert cli.main(["create-admin", "Admin"]) == 0
    assert cli.main(["add-user", "lan", "editor"]) == 0
    assert cli.main(["add-user", "lan", "editor"]) == 1  # taken
    with session_factory(db_url)() as session:
        assert user_named(session, "admin").role == Role.ADMIN.value
        assert session.scalars(select(AuditEntry.action)).all() == ["user.create", "user.create"]
        assert authenticate(session, "admin", PASSWORD).outcome is Outcome.OK
    assert "admin (admin) created" in capsys.readouterr().out


def test_create_admin_asks_the_password_twice(db_url, monkeypatch):
    monkeypatch.setenv("APP_DATABASE_URL", db_url)
    monkeypatch.delenv("STAFF_PASSWORD", raising=False)
    answers = iter([PASSWORD, "something else"])
    monkeypatch.setattr(cli.getpass, "getpass", lambda _prompt: next(answers))
    assert cli.main(["create-admin", "admin"]) == 1
    answers = iter([PASSWORD, PASSWORD])
    assert cli.main(["create-admin", "admin"]) == 0
