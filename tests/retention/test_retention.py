"""The retention job on SQLite and PostgreSQL: what is erased, what is kept, dry runs and repeated runs."""

import datetime as dt

import pytest
from sqlalchemy import select, update

from channels.messages import InboundMessage
from channels.zalo.queue import ZaloInboundEvent, enqueue
from dossiers.lookup import lookup
from dossiers.models import DossierLookupLog
from dossiers.registry import DossierFields, record_status
from dossiers.statuses import DossierStatus
from handoff.models import Handoff, HandoffMessage, HandoffReason
from handoff.service import close_handoff, open_handoff, record_resident_message
from retention.__main__ import main
from retention.job import run
from retention.settings import RetentionSettings
from staff.audit import entries
from urban_reports.drafts import ReportDraft
from urban_reports.locations import Location
from urban_reports.models import Report
from urban_reports.service import change_status, file_report
from urban_reports.statuses import ReportStatus

NOW = dt.datetime(2026, 11, 20, 2, 0)
PHONE = "0912345678"
RECEIPT = "38.98.H29-210519-0013"
SETTINGS = RetentionSettings(batch_size=1)  # defaults 90/30/180 days; one row per transaction exercises batching
EXPECTED = {"report_phones": 1, "dossier_lookup_senders": 2, "handoff_messages": 2, "zalo_queue_rows": 2}


def days_ago(days: int) -> dt.datetime:
    return NOW - dt.timedelta(days=days)


def report(session, filed_days_ago: int, closed_days_ago: int | None, phone: str | None = PHONE) -> str:
    draft = ReportDraft(category="garbage", description="Có người đổ rác bậy đầu hẻm",
                        location=Location(10.7725, 106.6980), contact_phone=phone, anonymous=phone is None)
    code = file_report(session, draft, "web:abc", "vi", now=days_ago(filed_days_ago)).code
    if closed_days_ago is not None:
        change_status(session, code, ReportStatus.RESOLVED, staff_reply="Đã dọn", now=days_ago(closed_days_ago))
    return code


def handoff(session, conversation: str, closed_days_ago: int | None) -> int:
    opened = open_handoff(session, conversation, HandoffReason.ASKED, "Câu hỏi về hộ khẩu",
                          now=days_ago((closed_days_ago or 0) + 1))
    record_resident_message(session, conversation, "Số tôi là 0912345678", now=days_ago((closed_days_ago or 0) + 1))
    record_resident_message(session, conversation, "Cảm ơn", now=days_ago((closed_days_ago or 0) + 1))
    if closed_days_ago is not None:
        close_handoff(session, opened.id, adapters=[], now=days_ago(closed_days_ago))
    return opened.id


@pytest.fixture
def seeded(sessions):
    """Data on both sides of each retention period; returns the report codes and handoff ids by age."""
    with sessions.begin() as session:
        codes = {"closed_long_ago": report(session, 120, 100),
                 "closed_recently": report(session, 200, 10),  # filed long ago: the closure date counts
                 "open": report(session, 200, None),
                 "anonymous": report(session, 120, 100, phone=None)}
        record_status(session, RECEIPT, DossierStatus.PROCESSING, days_ago(60), "import", "seed",
                      DossierFields(procedure_name="Đăng ký khai sinh", applicant_phone=PHONE))
        for sender, age in [("telegram:1", 45), ("telegram:2", 31), ("telegram:3", 29)]:
            lookup(session, RECEIPT, sender, now=days_ago(age), address_hash="a" * 64)
        handoffs = {"closed_long_ago": handoff(session, "web:old", 200),
                    "closed_recently": handoff(session, "web:new", 100), "open": handoff(session, "web:open", None)}
        for number, (status, age) in enumerate([("answered", 40), ("failed", 40), ("failed", 10), ("queued", 40)]):
            enqueue(session, InboundMessage("zalo", "5510185758261927916", f"tin {number}", message_id=f"m{number}"),
                    now=days_ago(age))
            session.execute(update(ZaloInboundEvent).where(ZaloInboundEvent.message_id == f"m{number}")
                            .values(status=status))
    return codes, handoffs


def zalo_rows(sessions) -> list[tuple[str, str]]:
    with sessions() as session:
        return [tuple(row) for row in session.execute(select(ZaloInboundEvent.message_id, ZaloInboundEvent.status)
                                                      .order_by(ZaloInboundEvent.message_id))]


def phones(sessions) -> dict[str, str | None]:
    with sessions() as session:
        return {code: phone for code, phone in session.execute(select(Report.code, Report.contact_phone))}


def senders(sessions) -> list[tuple[str, str | None]]:
    """(sender hash, address hash) of each logged lookup, oldest first."""
    with sessions() as session:
        return list(session.execute(select(DossierLookupLog.sender_hash, DossierLookupLog.address_hash)
                                    .order_by(DossierLookupLog.at)).tuples())


def messages(sessions, handoff_id: int) -> int:
    with sessions() as session:
        return len(session.scalars(select(HandoffMessage).where(HandoffMessage.handoff_id == handoff_id)).all())


def test_old_personal_data_is_erased_and_recent_data_kept(sessions, seeded):
    codes, handoffs = seeded
    assert run(sessions, SETTINGS, now=NOW) == EXPECTED
    stored = phones(sessions)
    assert stored[codes["closed_long_ago"]] is None
    assert stored[codes["closed_recently"]] == PHONE and stored[codes["open"]] == PHONE
    logged = senders(sessions)
    assert logged[:2] == [("", None), ("", None)]  # the rows stay for the lookup statistics
    assert len(logged[2][0]) == 64 and logged[2][1] == "a" * 64
    assert messages(sessions, handoffs["closed_long_ago"]) == 0
    assert messages(sessions, handoffs["closed_recently"]) == 2 and messages(sessions, handoffs["open"]) == 2
    assert zalo_rows(sessions) == [("m2", "failed"), ("m3", "queued")]  # recent, or still to be answered
    with sessions() as session:
        assert session.get(Handoff, handoffs["closed_long_ago"]).summary == "Câu hỏi về hộ khẩu"
        [entry] = entries(session)
    assert entry.actor == "retention" and entry.action == "retention.run" and entry.staff_user_id is None
    assert entry.summary == {**EXPECTED, "days": {"report_phones": 90, "dossier_lookup_senders": 30,
                                                  "handoff_messages": 180, "zalo_queue_rows": 30}}


def test_a_second_run_erases_nothing_more(sessions, seeded):
    run(sessions, SETTINGS, now=NOW)
    before = phones(sessions), senders(sessions)
    assert run(sessions, SETTINGS, now=NOW) == dict.fromkeys(EXPECTED, 0)
    assert (phones(sessions), senders(sessions)) == before


def test_a_dry_run_counts_and_changes_nothing(sessions, seeded):
    codes, handoffs = seeded
    before = phones(sessions), senders(sessions)
    assert run(sessions, SETTINGS, dry_run=True, now=NOW) == EXPECTED
    assert (phones(sessions), senders(sessions)) == before
    assert messages(sessions, handoffs["closed_long_ago"]) == 2
    with sessions() as session:
        assert entries(session) == []


def test_shorter_periods_from_the_environment_erase_more(sessions, seeded, monkeypatch):
    monkeypatch.setenv("RETENTION_REPORT_PHONE_DAYS", "5")
    monkeypatch.setenv("RETENTION_DOSSIER_LOOKUP_DAYS", "1")
    monkeypatch.setenv("RETENTION_HANDOFF_DAYS", "50")
    monkeypatch.setenv("RETENTION_ZALO_QUEUE_DAYS", "5")
    counts = run(sessions, RetentionSettings.from_env(), now=NOW)
    assert counts == {"report_phones": 2, "dossier_lookup_senders": 3, "handoff_messages": 4, "zalo_queue_rows": 3}
    assert phones(sessions)[seeded[0]["open"]] == PHONE  # open reports keep the phone whatever their age


def test_the_command_prints_the_counts(db_url, seeded, monkeypatch, capsys):
    monkeypatch.setenv("APP_DATABASE_URL", db_url)
    assert main(["run", "--dry-run"]) == 0
    printed = capsys.readouterr().out
    assert "Chạy thử: không có gì bị xóa" in printed
    assert "số điện thoại người phản ánh (phản ánh đã đóng quá 90 ngày): 1" in printed
    assert "tin nhắn với cán bộ (cuộc trò chuyện đã đóng quá 180 ngày): 2" in printed
    assert "tin nhắn Zalo đã trả lời hoặc bỏ cuộc (nhận quá 30 ngày): 2" in printed
