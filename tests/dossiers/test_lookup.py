"""Lookup shows the safe part to anyone with the number, the rest after the phone check; limits hold."""

import datetime as dt

from sqlalchemy import select

from dossiers.lookup import LookupOutcome, VerifyOutcome, lookup, verify
from dossiers.models import DossierLookupLog
from dossiers.registry import DossierFields, record_status
from dossiers.settings import LookupSettings
from dossiers.statuses import DossierStatus
from tests.dossiers.conftest import RECEIPT

NOW = dt.datetime(2026, 11, 3, 2, 0)
SETTINGS = LookupSettings()


def test_anyone_with_the_number_sees_status_dates_and_initials_but_nothing_sensitive(registered):
    with registered.begin() as session:
        result = lookup(session, RECEIPT.lower(), "zalo:111", SETTINGS, now=NOW)
    assert result.outcome is LookupOutcome.FOUND and not result.verified
    assert (result.procedure_name, result.status, result.due_on) == (
        "Đăng ký khai sinh", DossierStatus.PROCESSING, dt.date(2026, 11, 5))
    assert result.explanation == DossierStatus.PROCESSING.explanation
    assert result.applicant == "N. V. A." and result.result_location == "Bộ phận một cửa phường"
    assert result.notes is None and result.phone_hint is None
    assert "Nguyễn" not in repr(result) and "0912345678" not in repr(result)


def test_the_right_last_four_digits_unlock_the_notes_for_that_sender_only(registered):
    with registered.begin() as session:
        checked = verify(session, RECEIPT, "zalo:111", "5678", SETTINGS, now=NOW)
        assert checked.outcome is VerifyOutcome.VERIFIED
        assert checked.result.notes == "Thiếu bản sao giấy chứng nhận kết hôn"
        assert checked.result.phone_hint == "******5678"
        later = NOW + dt.timedelta(minutes=5)
        assert lookup(session, RECEIPT, "zalo:111", SETTINGS, now=later).verified
        other = lookup(session, RECEIPT, "zalo:222", SETTINGS, now=later)
        assert not other.verified and other.notes is None
        expired = NOW + SETTINGS.verified_period + dt.timedelta(minutes=1)
        assert not lookup(session, RECEIPT, "zalo:111", SETTINGS, now=expired).verified


def test_five_wrong_answers_lock_that_sender_out_until_the_lock_ends(registered):
    with registered.begin() as session:
        answers = [verify(session, RECEIPT, "telegram:1", "0000", SETTINGS, now=NOW) for _ in range(5)]
        assert [a.attempts_left for a in answers[:4]] == [4, 3, 2, 1]
        assert answers[4].outcome is VerifyOutcome.LOCKED
        assert answers[4].locked_until == NOW + dt.timedelta(hours=24)
        assert verify(session, RECEIPT, "telegram:1", "5678", SETTINGS, now=NOW).outcome is VerifyOutcome.LOCKED
        assert verify(session, RECEIPT, "zalo:999", "5678", SETTINGS, now=NOW).outcome is VerifyOutcome.VERIFIED
        after = NOW + dt.timedelta(hours=24, seconds=1)
        assert verify(session, RECEIPT, "telegram:1", "5678", SETTINGS, now=after).outcome is VerifyOutcome.VERIFIED


def test_a_correct_answer_resets_the_count_of_wrong_ones(registered):
    with registered.begin() as session:
        for _ in range(4):
            verify(session, RECEIPT, "zalo:1", "1111", SETTINGS, now=NOW)
        verify(session, RECEIPT, "zalo:1", "5678", SETTINGS, now=NOW)
        assert verify(session, RECEIPT, "zalo:1", "1111", SETTINGS, now=NOW).attempts_left == 4


def test_each_sender_gets_a_limited_number_of_calls_per_minute(registered):
    settings = LookupSettings(lookups_per_minute=3)
    with registered.begin() as session:
        outcomes = [lookup(session, RECEIPT, "zalo:1", settings, now=NOW).outcome for _ in range(4)]
        assert outcomes == [LookupOutcome.FOUND] * 3 + [LookupOutcome.RATE_LIMITED]
        assert verify(session, RECEIPT, "zalo:1", "5678", settings, now=NOW).outcome is VerifyOutcome.RATE_LIMITED
        assert lookup(session, RECEIPT, "zalo:2", settings, now=NOW).outcome is LookupOutcome.FOUND
        a_minute_later = NOW + dt.timedelta(seconds=61)
        assert lookup(session, RECEIPT, "zalo:1", settings, now=a_minute_later).outcome is LookupOutcome.FOUND


def test_the_rate_limit_is_shared_by_every_process_through_the_database(registered):
    settings = LookupSettings(lookups_per_minute=2)
    for _ in range(2):
        with registered.begin() as session:  # a fresh session each time, as another process would have
            lookup(session, RECEIPT, "zalo:1", settings, now=NOW)
    with registered.begin() as session:
        assert lookup(session, RECEIPT, "zalo:1", settings, now=NOW).outcome is LookupOutcome.RATE_LIMITED


def test_an_unknown_number_is_reported_as_not_found(sessions):
    with sessions.begin() as session:
        assert lookup(session, "38.98.H29-210519-9999", "web:1", SETTINGS, now=NOW).outcome is LookupOutcome.NOT_FOUND
        assert verify(session, "38.98.H29-210519-9999", "web:1", "1234", SETTINGS, now=NOW).outcome \
            is VerifyOutcome.NOT_FOUND


def test_the_log_keeps_the_receipt_number_and_a_hashed_sender_never_personal_data(registered):
    with registered.begin() as session:
        lookup(session, RECEIPT, "zalo:84912345678", SETTINGS, now=NOW)
        verify(session, RECEIPT, "zalo:84912345678", "5678", SETTINGS, now=NOW)
        rows = session.scalars(select(DossierLookupLog)).all()
    assert [(row.action, row.outcome, row.receipt_number) for row in rows] == [
        ("lookup", "found", RECEIPT), ("verify", "verified", RECEIPT)]
    logged = " ".join(f"{row.sender_hash} {row.receipt_number} {row.outcome}" for row in rows)
    assert "84912345678" not in logged and "0912345678" not in logged and "Nguy" not in logged


def test_without_a_registered_phone_nobody_can_verify(sessions):
    with sessions.begin() as session:
        record_status(session, RECEIPT, DossierStatus.ACCEPTED, NOW, "import", None,
                      DossierFields(applicant_name="Lê Thị Hoa"))
        assert verify(session, RECEIPT, "web:1", "1234", SETTINGS, now=NOW).outcome is VerifyOutcome.NO_PHONE
