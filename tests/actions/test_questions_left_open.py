"""A bare follow-up after procedure choices nobody tapped is asked of the question those choices answered."""

from rasa_sdk import Tracker

from actions.procedure_answers import question_left_open

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
