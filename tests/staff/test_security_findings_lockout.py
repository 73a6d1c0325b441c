"""Issue #18: wrong passwords lock one address out of one account, not the account for everyone.

The count is read from the audit log entries staff.accounts writes itself, on SQLite and PostgreSQL.
"""

import datetime as dt

from sqlalchemy import select

from staff.accounts import (
    UNLOCK,
    LockoutPolicy,
    Outcome,
    address_key,
    authenticate,
    change_password,
    create_user,
    user_named,
)
from staff.audit import record
from staff.models import AuditEntry, Role

NOW = dt.datetime(2026, 12, 1, 2, 0)
PASSWORD = "một mật khẩu dài"
NEW_PASSWORD = "mật khẩu mới cũng dài"
ATTACKER, STAFF = "203.0.113.66", "198.51.100.7"


def minutes(count: float) -> dt.datetime:
    return NOW + dt.timedelta(minutes=count)


def test_wrong_passwords_from_one_address_lock_only_that_address(sessions):
    with sessions.begin() as session:
        create_user(session, "lan", PASSWORD, Role.EDITOR)
        outcomes = [authenticate(session, "lan", f"sai {n}", now=NOW, address=ATTACKER).outcome for n in range(5)]
        assert outcomes == [Outcome.WRONG] * 4 + [Outcome.JUST_LOCKED]
        # The attacker's address is refused even the right password...
        locked = authenticate(session, "lan", PASSWORD, now=minutes(1), address=ATTACKER)
        assert (locked.outcome, locked.locked_until) == (Outcome.LOCKED, minutes(15))
        # ... while the staff member at the office signs in as usual.
        assert authenticate(session, "lan", PASSWORD, now=minutes(1), address=STAFF).outcome is Outcome.OK
        # and, signed in, may change the password: the attacker's failures are not the office's
        assert change_password(session, "lan", PASSWORD, NEW_PASSWORD, now=minutes(2), address=STAFF).outcome \
            is Outcome.OK


def test_the_lock_lasts_until_the_oldest_failure_leaves_the_window(sessions):
    with sessions.begin() as session:
        create_user(session, "lan", PASSWORD, Role.EDITOR)
        for n in range(5):  # one a minute
            result = authenticate(session, "lan", f"sai {n}", now=minutes(n), address=ATTACKER)
        assert (result.outcome, result.locked_until) == (Outcome.JUST_LOCKED, minutes(15))
        assert user_named(session, "lan").locked_until == minutes(15)  # shown in the admin's account list
        assert authenticate(session, "lan", PASSWORD, now=minutes(14), address=ATTACKER).outcome is Outcome.LOCKED
        # At 15 minutes the first failure no longer counts: one more try, and a wrong one locks again.
        again = authenticate(session, "lan", "sai nữa", now=minutes(15), address=ATTACKER)
        assert (again.outcome, again.locked_until) == (Outcome.JUST_LOCKED, minutes(16))
        assert authenticate(session, "lan", PASSWORD, now=minutes(16), address=ATTACKER).outcome is Outcome.OK


def test_a_right_password_elsewhere_does_not_reset_the_attackers_count(sessions):
    policy = LockoutPolicy(max_failures=3, lock_minutes=10)
    with sessions.begin() as session:
        create_user(session, "lan", PASSWORD, Role.EDITOR)
        for n in range(2):
            authenticate(session, "lan", f"sai {n}", policy, NOW, address=ATTACKER)
        assert authenticate(session, "lan", PASSWORD, policy, NOW, address=STAFF).outcome is Outcome.OK
        assert authenticate(session, "lan", "sai 3", policy, NOW, address=ATTACKER).outcome is Outcome.JUST_LOCKED
        # The own address's right password does start its count over.
        authenticate(session, "lan", "gõ nhầm", policy, NOW, address=STAFF)
        authenticate(session, "lan", "gõ nhầm", policy, NOW, address=STAFF)
        assert authenticate(session, "lan", PASSWORD, policy, NOW, address=STAFF).outcome is Outcome.OK
        assert authenticate(session, "lan", "gõ nhầm", policy, NOW, address=STAFF).outcome is Outcome.WRONG


def test_an_admins_unlock_lifts_the_lock_of_every_address(sessions):
    policy = LockoutPolicy(max_failures=2, lock_minutes=10)
    with sessions.begin() as session:
        user = create_user(session, "lan", PASSWORD, Role.EDITOR)
        for address in (ATTACKER, STAFF):
            for n in range(2):
                authenticate(session, "lan", f"sai {n}", policy, NOW, address=address)
        assert authenticate(session, "lan", PASSWORD, policy, NOW, address=STAFF).outcome is Outcome.LOCKED
        record(session, "admin", UNLOCK, "staff_user", user.username, now=NOW)  # as webapp.admin.users audits it
        assert authenticate(session, "lan", PASSWORD, policy, NOW, address=STAFF).outcome is Outcome.OK


def test_wrong_current_passwords_in_a_password_change_count_for_that_address(sessions):
    policy = LockoutPolicy(max_failures=2, lock_minutes=10)
    with sessions.begin() as session:
        create_user(session, "lan", PASSWORD, Role.EDITOR)
        outcomes = [change_password(session, "lan", f"sai {n}", NEW_PASSWORD, policy, NOW, address=ATTACKER).outcome
                    for n in range(2)]
        assert outcomes == [Outcome.WRONG, Outcome.JUST_LOCKED]
        assert authenticate(session, "lan", PASSWORD, policy, NOW, address=ATTACKER).outcome is Outcome.LOCKED
        assert authenticate(session, "lan", PASSWORD, policy, NOW, address=STAFF).outcome is Outcome.OK


def test_one_ipv6_subscriber_network_counts_as_one_address(sessions):
    policy = LockoutPolicy(max_failures=3, lock_minutes=10)
    with sessions.begin() as session:
        create_user(session, "lan", PASSWORD, Role.EDITOR)
        for n in range(3):  # a new address of the same /64 for each try
            authenticate(session, "lan", f"sai {n}", policy, NOW, address=f"2001:db8:1:2::{n + 1}")
        assert authenticate(session, "lan", PASSWORD, policy, NOW, address="2001:db8:1:2::ffff").outcome \
            is Outcome.LOCKED
        assert authenticate(session, "lan", PASSWORD, policy, NOW, address="2001:db8:1:3::1").outcome is Outcome.OK
    assert address_key("::ffff:203.0.113.66") == ATTACKER and address_key(None) is None


def test_every_attempt_is_audited_with_its_address(sessions):
    with sessions.begin() as session:
        user = create_user(session, "lan", PASSWORD, Role.EDITOR)
        authenticate(session, "Nobody", "x", now=NOW, address=ATTACKER)
        authenticate(session, "lan", "sai", now=NOW, address=ATTACKER)
        authenticate(session, "lan", PASSWORD, now=NOW, address=STAFF)
        user.active = False
        authenticate(session, "lan", PASSWORD, now=NOW, address=STAFF)
    with sessions() as session:
        rows = [(entry.action, entry.actor, entry.staff_user_id, entry.target_id, entry.summary["address"])
                for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert rows == [("login.wrong", "nobody", None, "nobody", ATTACKER),
                    ("login.wrong", "lan", None, "lan", ATTACKER),
                    ("login.ok", "lan", user.id, "lan", STAFF),
                    ("login.inactive", "lan", None, "lan", STAFF)]
