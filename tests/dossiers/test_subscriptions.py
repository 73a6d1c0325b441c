"""Subscriptions, the outbox rows a status change writes in its own transaction (SQLite and PostgreSQL), and
their message."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from dossiers.models import Dossier, DossierStatusChange
from dossiers.notifications import render
from dossiers.registry import Outcome, record_status
from dossiers.statuses import DossierStatus
from dossiers.subscriptions import subscribe, subscriptions_of, unsubscribe
from notifications.outbox import OutboxMessage
from tests.dossiers.conftest import FIELDS, RECEIPT, T0

LATER = T0 + dt.timedelta(days=1)
LAN, BINH = "telegram:777", "zalo:5510185758261927916"


def outbox(session):
    return session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_subscribing_is_idempotent_and_needs_a_known_dossier(registered):
    with registered.begin() as session:
        assert subscribe(session, RECEIPT.lower(), LAN, "vi")
        assert subscribe(session, RECEIPT, LAN, "en")  # again: the language is updated, nothing added
        assert not subscribe(session, "38.98.H29-210519-9999", LAN, "vi")
        [followed] = subscriptions_of(session, LAN)
        assert (followed.receipt_number, followed.procedure_name, followed.status) == (
            RECEIPT, "Đăng ký khai sinh", DossierStatus.PROCESSING)
        assert subscriptions_of(session, BINH) == []


def test_unsubscribing_stops_the_notifications(registered):
    with registered.begin() as session:
        subscribe(session, RECEIPT, LAN, "vi")
        record_status(session, RECEIPT, DossierStatus.PROCESSED, LATER, "webhook", "e1")
        assert unsubscribe(session, RECEIPT, LAN)
        assert not unsubscribe(session, RECEIPT, LAN)
        assert not unsubscribe(session, "38.98.H29-210519-9999", LAN)
        assert subscriptions_of(session, LAN) == [] and outbox(session) == []  # the undelivered one is dropped


def test_a_status_change_queues_one_notification_per_subscription(registered):
    with registered.begin() as session:
        subscribe(session, RECEIPT, LAN, "vi")
        subscribe(session, RECEIPT, BINH, "en")
    with registered.begin() as session:
        assert record_status(session, RECEIPT, DossierStatus.PROCESSED, LATER, "webhook", "e1") is Outcome.CHANGED
    with registered.begin() as session:
        rows = outbox(session)
        assert [(row.kind, row.conversation_id, row.state) for row in rows] == [
            ("dossier_status", LAN, "pending"), ("dossier_status", BINH, "pending")]
        assert len({row.idempotency_key.split(":")[1] for row in rows}) == 1  # dossier-status:<change>:<subscription>
        assert [row.replies[0]["text"].split(" ")[0] for row in rows] == ["Hồ", "Dossier"]  # each in its language
        for repeat in ("e1", "e2"):  # the same event, then the same status again: nothing new to tell
            record_status(session, RECEIPT, DossierStatus.PROCESSED, LATER, "webhook", repeat)
        assert len(outbox(session)) == 2


def test_a_rolled_back_status_change_leaves_no_notification(registered):
    with registered.begin() as session:
        subscribe(session, RECEIPT, LAN, "vi")
    with pytest.raises(RuntimeError), registered.begin() as session:
        record_status(session, RECEIPT, DossierStatus.PROCESSED, LATER, "webhook", "e1")
        assert len(outbox(session)) == 1
        raise RuntimeError("the source's batch failed")
    with registered() as session:
        assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
        assert subscriptions_of(session, LAN)[0].status is DossierStatus.PROCESSING


SUPPLEMENT_REQUESTED = DossierStatusChange(
    status=DossierStatus.SUPPLEMENT_REQUESTED.value, changed_at=dt.datetime(2026, 11, 3, 2, 0),
    dossier=Dossier(receipt_number=RECEIPT, procedure_name=FIELDS.procedure_name))


def test_the_message_names_the_dossier_and_the_status_but_not_the_applicant():
    [reply] = render(SUPPLEMENT_REQUESTED, "vi")
    assert reply.text.startswith(f"Hồ sơ {RECEIPT} có trạng thái mới: Yêu cầu bổ sung giấy tờ (lúc 09:00 03/11/2026).")
    assert "Thủ tục: Đăng ký khai sinh" in reply.text and "nộp bổ sung" in reply.text
    assert [(b.title, b.payload) for b in reply.buttons] == [("Tra cứu hồ sơ", "/check_dossier")]
    for personal in (FIELDS.applicant_name, FIELDS.applicant_phone, FIELDS.applicant_phone[-4:], FIELDS.notes):
        assert personal not in reply.text


def test_an_english_subscriber_gets_the_english_status():
    [reply] = render(SUPPLEMENT_REQUESTED, "en")
    assert "Additional documents required" in reply.text and "Nov 3, 2026" in reply.text
