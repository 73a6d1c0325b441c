"""The action server's side: asking for a person, and the second fallback in a row, open a handoff."""

import datetime as dt

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff import ActionTalkToStaff, fallbacks_in_a_row, summary
from actions.small_talk import ActionFallback
from handoff.models import Handoff
from handoff.service import open_handoff_of
from knowledge.service import knowledge_base


def user(text):
    return {"event": "user", "text": text}


def action(name):
    return {"event": "action", "name": name}


def tracker(events, slots=None):
    return Tracker("web:abc", slots or {}, events[-1] if events else {}, events, False, None, {}, "action_listen")


def turns(*answers):
    """One resident message per answer, each answered by that action."""
    events = []
    for index, name in enumerate(answers):
        events += [user(f"câu {index}"), action(name), action("action_listen")]
    return events


@pytest.fixture
def app_database(monkeypatch, db_url, tmp_path):
    """The action server's database; its knowledge base (empty here) is not kept for other tests."""
    monkeypatch.setenv("APP_DATABASE_URL", db_url)
    monkeypatch.setenv("SEARCH_INDEX_DIR", str(tmp_path / "search"))
    knowledge_base.cache_clear()
    yield db_url
    knowledge_base.cache_clear()


def test_fallbacks_are_counted_in_a_row_back_from_this_turn():
    assert fallbacks_in_a_row(tracker(turns("action_menu") + [user("???")])) == 1
    assert fallbacks_in_a_row(tracker(turns("action_menu", "action_fallback") + [user("???")])) == 2
    assert fallbacks_in_a_row(tracker(turns("action_fallback", "action_menu") + [user("???")])) == 1


def test_a_fallback_that_passed_the_question_to_the_procedure_answer_is_no_misunderstanding():
    answered = [user("bằng lái hết hạn đổi sao"), action("action_fallback"), action("action_answer_procedure"),
                action("action_listen")]
    assert fallbacks_in_a_row(tracker(answered + [user("???")])) == 1


def test_the_summary_has_recent_questions_slots_and_report_codes():
    events = [user("/menu"), user("làm căn cước cần gì"), {"event": "bot", "text": "Mã phản ánh: PA-261130-0001"},
              user("còn phản ánh pa-261129-0002 thì sao")]
    text = summary(tracker(events, {"last_procedure_code": "1.001", "dossier_receipt": "000.00.31.H29-251103-0042"}))
    assert "- làm căn cước cần gì" in text and "/menu" not in text
    assert "Thủ tục: 1.001" in text and "Số biên nhận hồ sơ: 000.00.31.H29-251103-0042" in text
    assert "Mã phản ánh: PA-261130-0001, PA-261129-0002" in text
    assert summary(tracker([user("/talk_to_staff")])) == "Người dân chỉ bấm nút, chưa gõ câu hỏi."


def test_asking_for_a_person_opens_a_handoff_and_says_when_staff_answer(app_database, sessions):
    dispatcher = CollectingDispatcher()
    ActionTalkToStaff().run(dispatcher, tracker([user("số tôi 0912345678, cho gặp cán bộ")]), {})
    assert "cán bộ" in dispatcher.messages[0]["text"] and "giờ làm việc" in dispatcher.messages[0]["text"]
    with sessions.begin() as session:
        handoff = open_handoff_of(session, "web:abc")
        assert handoff.reason == "asked" and "0912345678" not in handoff.summary


TUESDAY_10AM, SATURDAY_2PM = dt.datetime(2026, 12, 1, 3, 0), dt.datetime(2026, 12, 5, 7, 0)  # UTC; Viet Nam +7


def test_the_second_fallback_in_a_row_hands_over(app_database, sessions, monkeypatch):
    monkeypatch.setattr("actions.small_talk.utcnow", lambda: TUESDAY_10AM)  # staff on duty
    dispatcher = CollectingDispatcher()
    ActionFallback().run(dispatcher, tracker(turns("action_menu") + [user("???")]), {})
    with sessions.begin() as session:
        assert open_handoff_of(session, "web:abc") is None
    ActionFallback().run(dispatcher, tracker(turns("action_fallback") + [user("???")]), {})
    assert "chưa hiểu" in dispatcher.messages[-1]["text"] and "cán bộ" in dispatcher.messages[-1]["text"]
    with sessions.begin() as session:
        assert open_handoff_of(session, "web:abc").reason == "bot_failed"
        assert session.query(Handoff).count() == 1


def test_outside_office_hours_the_bot_goes_on_answering_instead_of_handing_over(app_database, sessions, monkeypatch):
    monkeypatch.setattr("actions.small_talk.utcnow", lambda: SATURDAY_2PM)
    dispatcher = CollectingDispatcher()
    ActionFallback().run(dispatcher, tracker(turns("action_fallback") + [user("???")]), {})
    assert "chưa hiểu" in dispatcher.messages[-1]["text"] and dispatcher.messages[-1]["buttons"]  # the menu
    with sessions.begin() as session:
        assert open_handoff_of(session, "web:abc") is None


def test_an_issue_told_at_a_place_that_the_classifier_was_unsure_of_starts_a_report(app_database, sessions):
    dispatcher = CollectingDispatcher()
    events = ActionFallback().run(dispatcher, tracker([user(
        "đèn tín hiệu giao thông ngã tư Phan Xích Long - Phan Đăng Lưu chớp vàng hoài ko đổi màu")]), {})
    assert events == [{"event": "followup", "timestamp": None, "name": "report_form"}]
    with sessions.begin() as session:
        assert open_handoff_of(session, "web:abc") is None
