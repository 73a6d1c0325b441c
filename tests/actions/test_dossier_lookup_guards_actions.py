"""Issue #18 in the chat: the dossier actions count the web chat's client address (sent as a keyed hash in
the message metadata), tell the resident politely which limit they met, and show the name as initials."""

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.dossier_status import ADDRESS_METADATA, RECEIPT_SLOT, ActionCheckDossier, ActionVerifyDossier
from dossiers.models import DossierLookupLog
from dossiers.privacy import address_hash
from tests.dossiers.conftest import RECEIPT, db_url, registered, sessions  # noqa: F401 (fixtures used by name)
from tests.knowledge.conftest import database_url, postgres_url  # noqa: F401 (fixtures used by name)

HOME = address_hash("203.0.113.7")


@pytest.fixture
def chat_db(registered, db_url, monkeypatch):  # noqa: F811 (the imported fixtures)
    """The actions open their own sessions on APP_DATABASE_URL: the registry with one dossier."""
    monkeypatch.setenv("APP_DATABASE_URL", db_url)
    return registered


def say(action, text: str, sender: str, address: str | None = None, receipt: str | None = None) -> str:
    metadata = {ADDRESS_METADATA: address} if address else {}
    tracker = Tracker(sender, {"language": "vi", RECEIPT_SLOT: receipt},
                      {"text": text, "entities": [], "metadata": metadata}, [], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    action.run(dispatcher, tracker, {})
    return "\n".join(message.get("text") or "" for message in dispatcher.messages)


def logged_addresses(sessions) -> list:  # noqa: F811 (the imported fixture's name)
    with sessions.begin() as session:
        return list(session.scalars(select(DossierLookupLog.address_hash).order_by(DossierLookupLog.id)))


def test_the_web_chats_address_hash_is_counted_and_new_sessions_share_its_limit(chat_db, monkeypatch):
    monkeypatch.setenv("DOSSIER_ADDRESS_LOOKUPS_PER_MINUTE", "2")
    replies = [say(ActionCheckDossier(), f"tra cứu {RECEIPT}", f"web:session-{i}", HOME) for i in range(3)]
    assert "Đăng ký khai sinh" in replies[0] and "Đăng ký khai sinh" in replies[1]
    assert "Có nhiều lượt tra cứu hồ sơ cùng lúc" in replies[2] and "Đăng ký khai sinh" not in replies[2]
    assert "Đăng ký khai sinh" in say(ActionCheckDossier(), f"tra cứu {RECEIPT}", "telegram:1")  # no address
    assert logged_addresses(chat_db) == [HOME, HOME, HOME, None]


def test_metadata_that_is_not_an_address_hash_is_ignored(chat_db):
    say(ActionCheckDossier(), f"tra cứu {RECEIPT}", "web:1", "203.0.113.7")
    assert logged_addresses(chat_db) == [None]


def test_a_resident_over_their_own_limit_is_told_so(chat_db, monkeypatch):
    monkeypatch.setenv("DOSSIER_LOOKUPS_PER_MINUTE", "1")
    say(ActionCheckDossier(), f"tra cứu {RECEIPT}", "web:1", HOME)
    assert "Bạn đã tra cứu nhiều lần trong một phút" in say(ActionCheckDossier(), f"tra cứu {RECEIPT}", "web:1", HOME)


def test_the_name_shows_as_initials(chat_db):
    reply = say(ActionCheckDossier(), f"tra cứu {RECEIPT}", "zalo:1")
    assert "• Người nộp: N. V. A." in reply and "Nguyễn" not in reply


def test_a_strangers_wrong_digits_lock_out_the_stranger_not_the_applicant(chat_db):
    for i in range(5):
        reply = say(ActionVerifyDossier(), "0000", f"web:stranger-{i}", HOME, receipt=RECEIPT)
    assert "tạm ngừng xác minh từ đây" in reply and "vui lòng liên hệ bộ phận một cửa" in reply
    assert "tạm ngừng xác minh từ đây" in say(ActionVerifyDossier(), "5678", "web:stranger-5", HOME, receipt=RECEIPT)
    verified = say(ActionVerifyDossier(), "5678", "zalo:applicant", receipt=RECEIPT)
    assert "Đã xác minh" in verified and "Thiếu bản sao giấy chứng nhận kết hôn" in verified


def test_a_number_in_an_unrelated_sentence_is_no_phone_check():
    """ "em bị sốt 39 độ uống thuốc gì": without a dossier in the conversation, not "give me the receipt"."""
    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher

    from actions.dossier_status import ActionVerifyDossier

    def said(text: str) -> str:
        dispatcher = CollectingDispatcher()
        tracker = Tracker("web:x", {}, {"text": text, "intent": {"name": "give_phone_digits"}},
                          [{"event": "user", "text": text}], False, None, {}, "action_listen")
        ActionVerifyDossier().run(dispatcher, tracker, {})
        return dispatcher.messages[0]["text"]

    assert "chưa hiểu" in said("em bị sốt 39 độ uống thuốc gì")
    assert "số biên nhận" in said("4 số cuối là 5678")
    assert "số biên nhận" in said("số điện thoại của tôi đuôi là 5678 nhé")
