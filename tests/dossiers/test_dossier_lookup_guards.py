"""Issue #18, dossier lookups: limits per address and per receipt number, names as initials, and wrong phone
digits that lock out whoever typed them, never the applicant."""

import datetime as dt

import pytest
from sqlalchemy import select

from dossiers.lookup import LookupOutcome, RateLimit, VerifyOutcome, lookup, verify
from dossiers.models import DossierLookupLog
from dossiers.privacy import address_hash, mask_name
from dossiers.registry import record_status
from dossiers.settings import LookupSettings
from dossiers.statuses import DossierStatus
from tests.dossiers.conftest import FIELDS, RECEIPT, T0

NOW = dt.datetime(2026, 11, 3, 2, 0)
OTHER_RECEIPT = "38.98.H29-210519-0014"
HOME, CAFE = address_hash("203.0.113.7"), address_hash("198.51.100.20")
SETTINGS = LookupSettings()


@pytest.fixture
def two_dossiers(registered):
    with registered.begin() as session:
        record_status(session, OTHER_RECEIPT, DossierStatus.PROCESSING, T0, "import", "seed-2", FIELDS)
    return registered


def test_new_conversations_from_one_address_share_its_limit(registered):
    settings = LookupSettings(address_lookups_per_minute=3)
    with registered.begin() as session:
        found = [lookup(session, RECEIPT, f"web:session-{i}", settings, now=NOW, address_hash=HOME) for i in range(3)]
        assert {result.outcome for result in found} == {LookupOutcome.FOUND}
        refused = lookup(session, RECEIPT, "web:session-3", settings, now=NOW, address_hash=HOME)
        assert (refused.outcome, refused.limited_by) == (LookupOutcome.RATE_LIMITED, RateLimit.ADDRESS)
        checked = verify(session, RECEIPT, "web:session-4", "5678", settings, now=NOW, address_hash=HOME)
        assert (checked.outcome, checked.limited_by) == (VerifyOutcome.RATE_LIMITED, RateLimit.ADDRESS)
        assert lookup(session, RECEIPT, "web:session-5", settings, now=NOW, address_hash=CAFE).outcome \
            is LookupOutcome.FOUND
        assert lookup(session, RECEIPT, "telegram:1", settings, now=NOW).outcome is LookupOutcome.FOUND  # no address
        a_minute_later = NOW + dt.timedelta(seconds=61)
        assert lookup(session, RECEIPT, "web:session-6", settings, now=a_minute_later, address_hash=HOME).outcome \
            is LookupOutcome.FOUND


def test_one_receipt_number_is_limited_however_many_senders_and_addresses_ask(two_dossiers):
    settings = LookupSettings(receipt_lookups_per_minute=3)
    with two_dossiers.begin() as session:
        for i in range(3):
            assert lookup(session, RECEIPT, f"telegram:{i}", settings, now=NOW).outcome is LookupOutcome.FOUND
        refused = lookup(session, RECEIPT, "web:fresh", settings, now=NOW, address_hash=CAFE)
        assert (refused.outcome, refused.limited_by) == (LookupOutcome.RATE_LIMITED, RateLimit.RECEIPT)
        assert verify(session, RECEIPT, "zalo:owner", "5678", settings, now=NOW).limited_by is RateLimit.RECEIPT
        assert lookup(session, OTHER_RECEIPT, "telegram:0", settings, now=NOW).outcome is LookupOutcome.FOUND
    with two_dossiers.begin() as session:  # another session, as another process would have: the count holds
        assert lookup(session, RECEIPT.lower(), "telegram:9", settings, now=NOW).limited_by is RateLimit.RECEIPT
        later = NOW + dt.timedelta(seconds=61)
        assert lookup(session, RECEIPT, "telegram:9", settings, now=later).outcome is LookupOutcome.FOUND


def test_the_conversation_limit_is_still_named_as_such(registered):
    settings = LookupSettings(lookups_per_minute=1)
    with registered.begin() as session:
        lookup(session, RECEIPT, "web:1", settings, now=NOW, address_hash=HOME)
        assert lookup(session, RECEIPT, "web:1", settings, now=NOW, address_hash=HOME).limited_by is RateLimit.SENDER


def test_a_strangers_wrong_digits_lock_the_stranger_and_their_address_out_not_the_applicant(registered):
    with registered.begin() as session:
        answers = [verify(session, RECEIPT, "web:stranger", "0000", SETTINGS, now=NOW, address_hash=CAFE)
                   for _ in range(5)]
        assert [a.attempts_left for a in answers] == [4, 3, 2, 1, 0]
        assert answers[4].outcome is VerifyOutcome.LOCKED and answers[4].locked_until == NOW + dt.timedelta(hours=24)
        assert verify(session, RECEIPT, "web:stranger", "5678", SETTINGS, now=NOW, address_hash=CAFE).outcome \
            is VerifyOutcome.LOCKED
        fresh_session = verify(session, RECEIPT, "web:stranger-again", "5678", SETTINGS, now=NOW, address_hash=CAFE)
        assert fresh_session.outcome is VerifyOutcome.LOCKED
        for applicant, address in (("zalo:applicant", None), ("web:applicant", HOME)):
            assert verify(session, RECEIPT, applicant, "5678", SETTINGS, now=NOW, address_hash=address).outcome \
                is VerifyOutcome.VERIFIED


def test_wrong_digits_spread_over_many_senders_lock_nobody_else(registered):
    with registered.begin() as session:
        for i in range(10):
            assert verify(session, RECEIPT, f"telegram:{i}", "0000", SETTINGS, now=NOW).attempts_left == 4
        assert verify(session, RECEIPT, "telegram:applicant", "5678", SETTINGS, now=NOW).outcome \
            is VerifyOutcome.VERIFIED


def test_a_sender_over_several_addresses_is_locked_out_and_so_is_an_address_over_several_senders(registered):
    with registered.begin() as session:
        for i in range(5):
            verify(session, RECEIPT, "telegram:1", "0000", SETTINGS, now=NOW, address_hash=address_hash(f"10.0.0.{i}"))
        assert verify(session, RECEIPT, "telegram:1", "5678", SETTINGS, now=NOW).outcome is VerifyOutcome.LOCKED
        for i in range(4):
            verify(session, RECEIPT, f"web:{i}", "0000", SETTINGS, now=NOW, address_hash=HOME)
        last = verify(session, RECEIPT, "web:4", "0000", SETTINGS, now=NOW, address_hash=HOME)
        assert (last.outcome, last.attempts_left) == (VerifyOutcome.LOCKED, 0)


def test_a_lock_ends_when_the_oldest_wrong_answer_is_a_lock_period_old(registered):
    times = [NOW + dt.timedelta(hours=i) for i in range(5)]
    with registered.begin() as session:
        for moment in times:
            last = verify(session, RECEIPT, "zalo:1", "0000", SETTINGS, now=moment)
        assert last.locked_until == times[0] + SETTINGS.lock_period
        still = times[0] + SETTINGS.lock_period - dt.timedelta(seconds=1)
        assert verify(session, RECEIPT, "zalo:1", "5678", SETTINGS, now=still).outcome is VerifyOutcome.LOCKED
        freed = times[0] + SETTINGS.lock_period + dt.timedelta(seconds=1)
        again = verify(session, RECEIPT, "zalo:1", "0000", SETTINGS, now=freed)  # four still count, with this one five
        assert (again.outcome, again.locked_until) == (VerifyOutcome.LOCKED, times[1] + SETTINGS.lock_period)


def test_the_log_keeps_the_address_only_as_a_keyed_hash(registered):
    with registered.begin() as session:
        lookup(session, RECEIPT, "web:1", SETTINGS, now=NOW, address_hash=HOME)
        verify(session, RECEIPT, "web:1", "0000", SETTINGS, now=NOW, address_hash=HOME)
        lookup(session, RECEIPT, "telegram:1", SETTINGS, now=NOW)
        rows = session.scalars(select(DossierLookupLog).order_by(DossierLookupLog.id)).all()
    assert [(row.action, row.outcome, row.address_hash) for row in rows] == [
        ("lookup", "found", HOME), ("verify", "wrong_digits", HOME), ("lookup", "found", None)]
    assert all("203.0.113" not in f"{row.sender_hash} {row.address_hash}" for row in rows)


def test_the_applicants_name_shows_as_initials_only(registered):
    with registered.begin() as session:
        result = lookup(session, RECEIPT, "zalo:111", SETTINGS, now=NOW)
    assert result.applicant == "N. V. A." and "Nguy" not in repr(result)
    assert mask_name("Đặng Thị Ngọc Bích") == "Đ. T. N. B." and mask_name("  ") is None


def test_an_address_hash_is_keyed_and_counts_an_ipv6_network_as_one(monkeypatch):
    monkeypatch.setenv("DOSSIER_SENDER_HASH_KEY", "one key")
    hashed = address_hash("203.0.113.7")
    assert len(hashed) == 64 and "203" not in hashed
    assert hashed == address_hash("::ffff:203.0.113.7") != address_hash("203.0.113.8")
    assert address_hash("2001:db8:1:2::1") == address_hash("2001:db8:1:2:aaaa::9") != address_hash("2001:db8:1:3::1")
    monkeypatch.setenv("DOSSIER_SENDER_HASH_KEY", "another key")
    assert address_hash("203.0.113.7") != hashed
    monkeypatch.delenv("DOSSIER_SENDER_HASH_KEY")
    assert address_hash("203.0.113.7", fallback_key="app secret") != address_hash("203.0.113.7")


def test_the_limits_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("DOSSIER_ADDRESS_LOOKUPS_PER_MINUTE", "7")
    monkeypatch.setenv("DOSSIER_RECEIPT_LOOKUPS_PER_MINUTE", "4")
    settings = LookupSettings.from_env()
    assert (settings.address_lookups_per_minute, settings.receipt_lookups_per_minute) == (7, 4)
    monkeypatch.delenv("DOSSIER_ADDRESS_LOOKUPS_PER_MINUTE")
    monkeypatch.delenv("DOSSIER_RECEIPT_LOOKUPS_PER_MINUTE")
    defaults = LookupSettings.from_env()
    assert defaults.lookups_per_minute < defaults.address_lookups_per_minute  # a kiosk serves many residents
    assert defaults.lookups_per_minute < defaults.receipt_lookups_per_minute  # one sender cannot use it all up
