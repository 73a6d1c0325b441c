"""Opening, holding, replying to and closing a handoff, on SQLite and PostgreSQL."""

import datetime as dt

import pytest

from channels.messages import InboundMessage
from channels.outbound import Delivery
from channels.pending import take_pending
from evaluation.servers import free_port
from handoff.models import Handoff, HandoffReason
from handoff.office_hours import when_staff_answer
from handoff.service import (
    HandoffClosed,
    close_handoff,
    handoff_of_case,
    is_handed_over,
    open_handoff,
    open_handoffs,
    recently_closed,
    record_resident_message,
    route_inbound,
    staff_reply,
)
from staff.accounts import create_user
from staff.models import Role
from tests.notifications.fake_bot_api import FakeBotApiServer

CONVERSATION = "web:abc"
CLOSED_TEXT = ("Cán bộ đã kết thúc cuộc trò chuyện. Trợ lý tự động tiếp tục hỗ trợ bạn; bạn hãy nhắn câu hỏi "
               "bất cứ lúc nào.")
RATE_QUESTION = "Bạn chấm điểm sự hỗ trợ của cán bộ (1-5 ⭐):"


class FailingAdapter:
    channel = "web"

    def push(self, recipient, replies, idempotency_key=None):
        return Delivery.failed("down", retryable=True)


@pytest.fixture
def officer(sessions):
    with sessions.begin() as session:
        return create_user(session, "can-bo", "mật khẩu đủ dài", Role.CASE_OFFICER)


def test_opening_is_idempotent_while_open_and_the_summary_is_masked(sessions):
    with sessions.begin() as session:
        first = open_handoff(session, CONVERSATION, HandoffReason.ASKED, "Câu hỏi: sđt tôi là 0912345678")
        again = open_handoff(session, CONVERSATION, HandoffReason.BOT_FAILED, "khác")
        assert again.id == first.id and first.channel == "web" and is_handed_over(session, CONVERSATION)
        assert "0912345678" not in first.summary and "[số điện thoại]" in first.summary
        assert not is_handed_over(session, "web:other")


def test_the_database_keeps_one_open_handoff_per_conversation(sessions):
    """Two turns racing past the lookup: the partial unique index refuses the second open handoff."""
    with sessions.begin() as session:
        open_handoff(session, CONVERSATION, HandoffReason.ASKED, "a")
    with sessions.begin() as session:
        session.add(Handoff(conversation_id=CONVERSATION, channel="web", status="open", reason="asked",
                            summary="b", created_at=dt.datetime(2026, 11, 30)))
        with pytest.raises(Exception, match="(?i)unique"):
            session.flush()
        session.rollback()


def test_messages_are_held_for_staff_only_while_handed_over(sessions):
    message = InboundMessage("web", "abc", "Cho tôi hỏi thêm")
    assert route_inbound(sessions, message) == message
    with sessions.begin() as session:
        handoff_id = open_handoff(session, CONVERSATION, HandoffReason.ASKED, "tóm tắt").id
    assert route_inbound(sessions, message) is None
    assert route_inbound(sessions, InboundMessage("web", "abc", image_url="media://web/x.jpg")) is None
    with sessions.begin() as session:
        assert [m.text for m in session.get(Handoff, handoff_id).messages] == ["Cho tôi hỏi thêm", "[ảnh]"]
        close_handoff(session, handoff_id)
    assert route_inbound(sessions, message) == message
    with sessions.begin() as session:
        assert record_resident_message(session, CONVERSATION, "x") is None and open_handoffs(session) == []
        assert open_handoff(session, CONVERSATION, HandoffReason.ASKED, "lần hai").id != handoff_id


@pytest.mark.parametrize("words", ["quay lai tro ly ao", "Tôi muốn tiếp tục với trợ lý tự động.", "/back_to_bot"])
def test_the_resident_comes_back_to_the_bot_with_words_or_the_button(sessions, words):
    with sessions.begin() as session:
        handoff_id = open_handoff(session, CONVERSATION, HandoffReason.ASKED, "tóm tắt").id
    to_rasa = route_inbound(sessions, InboundMessage("web", "abc", words))
    assert to_rasa is not None and to_rasa.text == "/greet"  # the bot answers with its greeting and menu
    with sessions.begin() as session:
        handoff = session.get(Handoff, handoff_id)
        assert handoff.status == "closed" and [m.text for m in handoff.messages] == [words]  # staff see why
    assert route_inbound(sessions, InboundMessage("web", "abc", "xin chào")).text == "xin chào"


def test_a_staff_reply_reaches_the_web_channel_and_is_recorded(sessions, officer):
    with sessions.begin() as session:
        handoff_id = open_handoff(session, CONVERSATION, HandoffReason.ASKED, "tóm tắt").id
    with sessions.begin() as session:
        delivery = staff_reply(session, handoff_id, officer, "Chào bạn, tôi là cán bộ phường.")
    assert delivery.status == "pending"
    with sessions.begin() as session:
        assert [r.text for r in take_pending(session, "web", "abc")] == ["Chào bạn, tôi là cán bộ phường."]
        handoff = session.get(Handoff, handoff_id)
        assert handoff.assigned_staff_id == officer.id
        assert [(m.direction, m.text) for m in handoff.messages] == [("staff", "Chào bạn, tôi là cán bộ phường.")]


def test_a_failed_push_is_not_recorded_and_a_closed_handoff_takes_no_reply(sessions, officer):
    with sessions.begin() as session:
        handoff_id = open_handoff(session, CONVERSATION, HandoffReason.ASKED, "tóm tắt").id
    with sessions.begin() as session:
        assert staff_reply(session, handoff_id, officer, "x", adapters=[FailingAdapter()]).status == "failed"
        assert session.get(Handoff, handoff_id).messages == []
        close_handoff(session, handoff_id)
    with sessions.begin() as session, pytest.raises(HandoffClosed):
        staff_reply(session, handoff_id, officer, "muộn rồi")


def test_closing_tells_the_web_resident_once_with_the_rating_buttons_of_the_case(sessions):
    with sessions.begin() as session:
        handoff_id = open_handoff(session, CONVERSATION, HandoffReason.ASKED, "tóm tắt").id
    with sessions.begin() as session:
        closing = close_handoff(session, handoff_id, now=dt.datetime(2026, 11, 30, 3, 0))
        assert closing.delivery.status == "pending" and closing.handoff.case_code == f"HT-{handoff_id}"
    with sessions.begin() as session:
        closed, question = take_pending(session, "web", "abc")
        assert (closed.text, closed.buttons, question.text) == (CLOSED_TEXT, (), RATE_QUESTION)
        assert [button.title for button in question.buttons] == ["1 ⭐", "2 ⭐", "3 ⭐", "4 ⭐", "5 ⭐"]
        assert question.buttons[4].payload == f'/rate_answer{{"rating": "5", "case": "HT-{handoff_id}"}}'
        assert not is_handed_over(session, CONVERSATION)
        assert [h.id for h in recently_closed(session)] == [handoff_id]
        assert handoff_of_case(session, f"ht-{handoff_id}").id == handoff_id
        assert handoff_of_case(session, "PA-251120-0031") is None and handoff_of_case(session, "HT-99999") is None
    with sessions.begin() as session:
        again = close_handoff(session, handoff_id)
        assert again.delivery is None and again.handoff.closed_at == dt.datetime(2026, 11, 30, 3, 0)
    with sessions.begin() as session:
        assert take_pending(session, "web", "abc") == []
        assert close_handoff(session, 99999) is None


def test_a_telegram_resident_gets_the_closing_message_on_telegram(sessions, monkeypatch):
    bot_api = FakeBotApiServer()
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:ABC")
    monkeypatch.setenv("TELEGRAM_API_BASE", bot_api.base_url)
    try:
        with sessions.begin() as session:
            handoff_id = open_handoff(session, "telegram:4242", HandoffReason.ASKED, "tóm tắt").id
        with sessions.begin() as session:
            assert close_handoff(session, handoff_id).delivery.status == "sent"
        assert bot_api.messages == [(4242, CLOSED_TEXT), (4242, RATE_QUESTION)]
    finally:
        bot_api.close()


def test_an_english_speaking_resident_is_told_in_english(sessions):
    with sessions.begin() as session:
        handoff_id = open_handoff(session, "web:en-resident", HandoffReason.ASKED, "summary", language="en").id
    with sessions.begin() as session:
        close_handoff(session, handoff_id)
    with sessions.begin() as session:
        closed, question = take_pending(session, "web", "en-resident")
    assert closed.text.startswith("Staff have ended the conversation") and "1-5" in question.text


def test_the_handoff_closes_even_when_its_channel_is_down(sessions, monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:ABC")
    monkeypatch.setenv("TELEGRAM_API_BASE", f"http://127.0.0.1:{free_port()}/bot")  # nothing listens there
    with sessions.begin() as session:
        handoff_id = open_handoff(session, "telegram:4242", HandoffReason.ASKED, "tóm tắt").id
    with sessions.begin() as session:
        delivery = close_handoff(session, handoff_id).delivery
    assert delivery.status == "failed" and delivery.reason.startswith("telegram_unavailable")
    with sessions.begin() as session:
        assert session.get(Handoff, handoff_id).status == "closed" and not is_handed_over(session, "telegram:4242")


@pytest.mark.parametrize(("now", "expected"), [
    (dt.datetime(2026, 11, 27, 2, 0), "trong giờ làm việc và sẽ trả lời"),  # Friday 09:00 in Vietnam
    (dt.datetime(2026, 11, 27, 5, 0), "từ 13:00 thứ Sáu, 27/11/2026"),  # lunch break
    (dt.datetime(2026, 11, 28, 3, 0), "từ 07:30 thứ Hai, 30/11/2026"),  # Saturday
])
def test_the_resident_is_told_when_staff_answer(now, expected):
    assert expected in when_staff_answer(now, "vi")
