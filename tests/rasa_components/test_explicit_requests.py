"""The explicit-request override as Rasa calls it (runs in the Rasa environment)."""

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.explicit_requests import ExplicitRequestIntent


def classified(text: str, intent: str) -> Message:
    message = Message.build(text)
    message.set("intent", {"name": intent, "confidence": 0.7})
    message.set("intent_ranking", [{"name": intent, "confidence": 0.7}])
    return ExplicitRequestIntent().process([message])[0]


@pytest.mark.parametrize("text, guessed, meant", [
    ("Kính đề nghị chuyển nội dung này đến cán bộ phụ trách.", "report_issue", "talk_to_staff"),
    ("em muốn nói chuyện với cán bộ phường", "ask_procedure", "talk_to_staff"),
    ("quay lai tro ly ao", "talk_to_staff", "greet"),
    ("Chưa có cks, vneid mức 2 r, máy samsung. Chỉ e làm chữ ký số để nộp dịch vụ công", "nlu_fallback",
     "guide_digital_signature"),
    ("bên thuế kêu phải có chữ ký số mới nộp tờ khai qua mạng được, giờ làm sao ạ?", "ask_procedure",
     "guide_digital_signature"),
])
def test_the_request_wins_over_the_classifiers_guess(text, guessed, meant):
    message = classified(text, guessed)
    assert message.get("intent") == {"name": meant, "confidence": 1.0}
    assert [r["name"] for r in message.get("intent_ranking")] == [meant, guessed]


@pytest.mark.parametrize("text", ["cán bộ nào ký giấy khai sinh", "/talk_to_staff", "/back_to_bot",
                                  "chưa có cks nào", "chứng thực chữ ký trên giấy ủy quyền làm ở đâu"])
def test_other_messages_and_payloads_keep_their_intent(text):
    assert classified(text, "ask_procedure").get("intent")["name"] == "ask_procedure"


def test_a_signature_request_inside_a_guide_keeps_the_guides_intent():
    assert classified("huong dan dang ky chu ky so, e co vneid muc 2 r", "guide_vneid").get("intent")["name"] \
        == "guide_vneid"  # the guide form reads the signature words itself


@pytest.mark.parametrize("text, guessed", [
    ("mấy bữa thì có người xuống coi vậy ad", "talk_to_staff"),
    ("khi nao co nguoi xuong sua v ad", "nlu_fallback"),  # read as nothing known: still about the report
])
def test_asking_when_somebody_comes_is_about_the_report(text, guessed):
    assert classified(text, guessed).get("intent")["name"] == "check_report"


def test_asking_staff_to_come_is_still_a_request_for_staff():
    assert classified("cho gặp cán bộ xuống kiểm tra giùm", "nlu_fallback").get("intent")["name"] == "talk_to_staff"


def test_a_request_for_another_language_wins_over_the_thanks_beside_it():
    switched = classified("Ok, can we switch back to Vietnamese? Cảm ơn bạn nhiều.", "thank")
    assert switched.get("intent")["name"] == "change_language"
