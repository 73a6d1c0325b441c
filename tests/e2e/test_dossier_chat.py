"""Dossier status in chat through the real Rasa and action servers, on the bot's own database."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from channels.outbound import WebAdapter
from channels.pending import take_pending
from dossiers.registry import DossierFields, record_status
from dossiers.statuses import DossierStatus
from notifications.dispatcher import Dispatcher
from storage.database import session_factory, session_scope

pytestmark = pytest.mark.e2e

RECEIPT = "000.00.31.H29-251103-0042"
FIELDS = DossierFields(procedure_code="1.001193", procedure_name="Đăng ký khai sinh", applicant_name="Nguyễn Văn An",
                       applicant_phone="0903123456", received_on=dt.date(2025, 11, 3), due_on=dt.date(2025, 11, 5),
                       result_location="Bộ phận một cửa UBND phường", notes="Bổ sung bản sao giấy chứng nhận kết hôn")


@pytest.fixture(scope="module")
def dossier(bot):
    with session_scope(bot.database_url) as session:
        record_status(session, RECEIPT, DossierStatus.SUPPLEMENT_REQUESTED, dt.datetime(2025, 11, 4, 2, 0), "import",
                      f"e2e-{uuid.uuid4().hex}", FIELDS)
    return RECEIPT


def sender() -> str:
    return f"web:{uuid.uuid4().hex}"


def test_a_receipt_number_in_a_sentence_gives_the_status_with_the_name_masked(bot, dossier):
    reply = bot.text_of(f"cho hỏi hồ sơ {dossier.lower()} của tôi tới đâu rồi", sender())
    assert "Đăng ký khai sinh" in reply and "Yêu cầu bổ sung giấy tờ" in reply
    assert "N. V. A." in reply and "Nguyễn V" not in reply
    assert "05/11/2025" in reply  # appointment date, vi_VN
    assert "giấy chứng nhận kết hôn" not in reply and "0903" not in reply  # only after verification


@pytest.mark.parametrize("message", [f"TRACUU {RECEIPT}", f"tra cuu {RECEIPT.replace('-', ' - ')}"])
def test_sms_style_commands_work(bot, dossier, message):
    assert "Yêu cầu bổ sung giấy tờ" in bot.text_of(message, sender())


def test_the_phone_digits_unlock_the_notes_and_wrong_ones_do_not(bot, dossier):
    who = sender()
    bot.text_of(dossier, who)
    wrong = bot.text_of("4 số cuối là 1111", who)
    assert "chưa khớp" in wrong and "giấy chứng nhận kết hôn" not in wrong
    right = bot.say("3456", who)
    text = "\n".join(m.get("text", "") for m in right)
    assert "giấy chứng nhận kết hôn" in text and "******3456" in text and "0903123456" not in text
    assert any(b["payload"].startswith("/subscribe_dossier") for m in right for b in m.get("buttons", []))


def test_an_unknown_number_gets_help_not_a_dead_end(bot):
    reply = bot.text_of("tra cứu 38.98.H29-210519-0013", sender())
    assert "chưa tìm thấy" in reply and "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" in reply
    assert "dichvucong.gov.vn" in reply


def test_a_malformed_number_is_explained(bot):
    reply = bot.text_of("tra cứu hồ sơ 38.98.H29-2105-13", sender())
    assert "chưa đúng dạng" in reply and "000.00.31.H29-251103-0042" in reply


def test_a_verified_resident_subscribes_and_the_next_change_reaches_the_web_chat(bot, dossier):
    who = sender()
    bot.text_of(dossier, who)
    assert "Để nhận thông báo" in bot.text_of("nhận thông báo khi hồ sơ thay đổi", who)  # not verified yet
    bot.text_of("3456", who)
    assert "Đã đăng ký" in bot.text_of(f'/subscribe_dossier{{"receipt_number": "{dossier}"}}', who)

    with session_scope(bot.database_url) as session:
        record_status(session, dossier, DossierStatus.PROCESSED, dt.datetime(2025, 11, 5, 3, 0), "webhook",
                      f"e2e-{uuid.uuid4().hex}")
    sessions = session_factory(bot.database_url)
    Dispatcher(sessions, [WebAdapter(sessions)]).run_once()
    with session_scope(bot.database_url) as session:
        pushed = take_pending(session, "web", who.removeprefix("web:"))
    assert len(pushed) == 1 and "Đã xử lý xong" in pushed[0].text and "Nguyễn" not in pushed[0].text

    assert "Đã hủy theo dõi" in bot.text_of("hủy theo dõi", who)
