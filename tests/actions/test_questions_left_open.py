"""A bare follow-up after procedure choices nobody tapped is asked of the question those choices answered; a
question about a part of the procedure in context is its follow-up, whatever intent the classifier read."""

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction

from actions.procedure_answers import followed_up_in_context, question_left_open, taken_as_procedure_question

CHOICES = {"buttons": [{"title": "Đăng ký biến động", "payload": '/ask_procedure{"procedure_code": "1.013831"}'},
                       {"title": "Không phải các thủ tục trên", "payload": "/talk_to_staff"}]}
ANSWER = {"buttons": [{"title": "Xem đầy đủ", "payload": '/ask_procedure{"procedure_code": "1.001193"}'},
                      {"title": "👍", "payload": '/rate_answer{"rating": "up", "procedure_code": "1.001193"}'}]}


def tracker(*turns: tuple[str, str, dict | None]) -> Tracker:
    """(text, intent, bot reply data or None) per resident message; the last one is the message being handled."""
    events = []
    for text, intent, reply in turns:
        events.append({"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}})
        if reply is not None:
            events.append({"event": "bot", "text": "…", "data": reply})
    return Tracker("web:x", {}, events[-1], events, False, None, {}, "action_listen")


def test_choices_leave_the_question_open_whatever_intent_the_classifier_gave_it():
    assert question_left_open(tracker(("em muốn sang tên sổ hồng", "nlu_fallback", CHOICES),
                                      ("co mat phi khong", "ask_procedure", None))) == "em muốn sang tên sổ hồng"


def test_an_answered_question_or_small_talk_leaves_nothing_open():
    assert question_left_open(tracker(("làm giấy khai sinh", "nlu_fallback", ANSWER),
                                      ("co mat phi khong", "ask_procedure", None))) is None
    assert question_left_open(tracker(("chào em", "greet", {"buttons": []}),
                                      ("co mat phi khong", "ask_procedure", None))) is None


def test_two_open_messages_about_one_question_are_read_together():
    left = question_left_open(tracker(("vợ em người Thái, đăng ký kết hôn sao", "ask_procedure", CHOICES),
                                      ("giấy tờ của vợ em có cần dịch không", "ask_procedure", CHOICES),
                                      ("lệ phí bao nhiêu", "ask_procedure", None)))
    assert left == "vợ em người Thái, đăng ký kết hôn sao giấy tờ của vợ em có cần dịch không"


def in_context(text: str, intent: str, procedure: str | None = "1.000894") -> Tracker:
    events = [{"event": "user", "text": "đăng ký kết hôn cần gì", "parse_data": {"intent": {"name": "ask_procedure"}}},
              {"event": "bot", "text": "…", "data": ANSWER},
              {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}}]
    return Tracker("web:x", {"last_procedure_code": procedure}, events[-1], events, False, None, {}, "action_listen")


@pytest.mark.parametrize(("text", "intent"), [("ủa phải đi 2 vợ chồng hả", "bot_challenge"),
                                              ("le phi tinh sao", "rate_answer"), ("phí sao ạ", "affirm"),
                                              ("lấy trong ngày được không", "out_of_scope")])
def test_a_question_about_a_part_of_the_procedure_in_context_is_its_follow_up(text, intent):
    assert followed_up_in_context(in_context(text, intent)) == [FollowupAction("action_answer_procedure")]


@pytest.mark.parametrize(("text", "procedure"), [("cảm ơn nha", "1.000894"), ("bạn là ai", "1.000894"),
                                                 ("/rate_answer", "1.000894")])
def test_small_talk_or_no_procedure_in_context_is_left_to_its_intent(text, procedure):
    assert followed_up_in_context(in_context(text, "bot_challenge", procedure)) is None


def test_asking_where_to_submit_after_a_dossier_request_is_a_procedure_question():
    tracker_ = in_context("xong rồi đi sang tên sổ hồng thì nộp hồ sơ ở đâu", "check_dossier")
    assert taken_as_procedure_question(tracker_) == [FollowupAction("action_answer_procedure")]
