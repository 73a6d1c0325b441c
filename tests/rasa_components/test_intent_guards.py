"""Intents whose defining words are missing give way (runs in the Rasa environment)."""

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.intent_guards import IntentGuards


def classified(text: str, intent: str = "give_phone_digits", runner_up: str = "out_of_scope") -> Message:
    message = Message.build(text)
    message.set("intent", {"name": intent, "confidence": 0.7})
    message.set("intent_ranking", [{"name": intent, "confidence": 0.7}, {"name": runner_up, "confidence": 0.2}])
    return IntentGuards().process([message])[0]


@pytest.mark.parametrize("text", ["em bị sốt 39 độ uống thuốc gì", "nhà số 12", "mua 2 vé đi Đà Lạt"])
def test_without_four_digits_the_next_guess_is_taken(text):
    message = classified(text)
    assert message.get("intent") == {"name": "out_of_scope", "confidence": 0.2}
    assert [r["name"] for r in message.get("intent_ranking")] == ["out_of_scope"]


@pytest.mark.parametrize("text", ["5678", "4 số cuối là 5678 ạ", "đuôi 0246", "/give_phone_digits"])
def test_four_digits_or_a_payload_stay_the_phone_digits(text):
    assert classified(text).get("intent")["name"] == "give_phone_digits"


@pytest.mark.parametrize("text", ["xây nhà 3 tầng trong hẻm có phải xin giấy phép xây dựng hông",
                                  "mở quán ăn vỉa hè cần giấy tờ gì", "dựng mái che trước nhà có mất phí không",
                                  "Nhà bên cạnh xây lấn qua đất nhà tôi khoảng nửa mét, tôi muốn làm đơn nhờ phường "
                                  "hòa giải thì làm sao?"])
def test_a_report_like_question_about_papers_or_fees_is_a_procedure_question(text):
    message = classified(text, "report_issue", "ask_procedure")
    assert message.get("intent") == {"name": "ask_procedure", "confidence": 0.7}
    assert [r["name"] for r in message.get("intent_ranking")] == ["ask_procedure"]  # no tie left for the fallback


@pytest.mark.parametrize("text", ["rác bốc mùi mấy ngày không ai dọn", "ngập tới đầu gối luôn",
                                  "nhà bên cạnh xây lấn ra hẻm, không thấy bảng giấy phép",
                                  "nhà đang xây lên tầng 5, nghi không có giấy phép, giờ làm sao",
                                  "hẻm nhà tôi rác ngập, làm đơn phản ánh ở đâu"])
def test_reports_stay_reports(text):
    assert classified(text, "report_issue").get("intent")["name"] == "report_issue"


@pytest.mark.parametrize("intent", ["continue_guide", "check_report", "thank"])
@pytest.mark.parametrize("text", ["ok giờ báo tiếp cái đèn đường lúc nãy", "gio lam tiep cai bao ngap luc nay",
                                  "tiếp tục cái phản ánh rác hồi nãy",
                                  "Ok cảm ơn, giờ làm tiếp cái phản ánh xà bần hồi nãy nha"])
def test_a_report_named_in_a_request_to_resume_is_the_report(text, intent):
    assert classified(text, intent, "report_issue").get("intent")["name"] == "report_issue"


@pytest.mark.parametrize("text", ["tiep tuc huong dan vneid", "làm tiếp cái chữ ký số hôm trước đi", "tiếp tục đi",
                                  "PA-251120-0031 báo tới đâu rồi"])
def test_a_guide_or_a_filed_report_stays_what_it_was(text):
    assert classified(text, "continue_guide").get("intent")["name"] == "continue_guide"


@pytest.mark.parametrize("text", [
    "Mình có cccd gắn chip, đã đk mức 2 ở công an phường và được duyệt r. Giờ kích hoạt trên app sao?",
    "dk mức 2 r đang chờ duyệt, bao lâu mới kích hoạt dc z ad"])
def test_activating_the_e_id_is_the_vneid_guide(text):
    assert classified(text, "ask_procedure", "guide_vneid").get("intent")["name"] == "guide_vneid"


def test_registering_for_the_e_id_stays_a_procedure_question():
    message = classified("đăng ký định danh mức 2 cần giấy tờ gì", "ask_procedure")
    assert message.get("intent")["name"] == "ask_procedure"


@pytest.mark.parametrize("text, follows", [
    ("hom truoc toi co gui phan anh cai o ga duong Quang Trung, gio sao roi ad", True),
    ("tuần trước em đã báo vụ rác ở hẻm 12 mà chưa thấy ai xử lý", True),
    ("What's the status of my report about the broken street light?", True),
    ("rác bốc mùi mấy ngày không ai dọn", False), ("đèn đường hẻm 5 hư rồi, sao rồi không ai sửa", False),
])
def test_a_report_sent_before_asked_about_is_followed(text, follows):
    wanted = "check_report" if follows else "report_issue"
    assert classified(text, "report_issue").get("intent")["name"] == wanted


@pytest.mark.parametrize("text, intent, kept", [
    ("đèn tín hiệu giao thông ngã tư Phan Xích Long chớp vàng hoài ko đổi màu", "check_report", False),
    ("phản ánh hôm qua tới đâu rồi", "check_report", True), ("did anyone fix the street light I reported",
                                                              "check_report", True),
    ("I'm British and want to marry my Vietnamese girlfriend. What papers do I need?", "change_language", False),
    ("Can you reply in Vietnamese?", "change_language", True), ("tiếng Việt đi ad", "change_language", True),
    ("I don't understand Vietnamese", "change_language", True), ("Vietnamese please", "change_language", True),
    ("ba bé đi làm giờ hành chính, bắt buộc ảnh phải có mặt hay em đi một mình được", "continue_guide", False),
    ("hom qua e lam chua xong gio lam tiep", "continue_guide", True),
    ("em làm tới bước mấy rồi", "continue_guide", True),
    ("hướng dẫn em với", "continue_guide", True),
])
def test_a_follow_or_language_intent_without_its_words_takes_the_next_guess(text, intent, kept):
    assert (classified(text, intent, "ask_procedure").get("intent")["name"] == intent) is kept


@pytest.mark.parametrize("text, meant", [
    ("I'm renting a room to a foreign friend. Do I have to declare their stay with the police?", "ask_procedure"),
    ("There's a broken street light in front of 21 Nguyen Hue. Can someone fix it?", "report_issue"),
    ("Garbage has been dumped at the corner of my alley for a week", "report_issue"),
])
def test_an_english_question_about_what_to_do_is_a_procedure_question(text, meant):
    assert classified(text, "report_issue").get("intent")["name"] == meant


@pytest.mark.parametrize("text, kept", [("ăn xong r nè, bot ăn cơm chưa 😆", False), ("đèn đường sửa chưa ad", True)])
def test_a_question_ending_in_chua_is_about_a_report_only_when_it_asks_about_dealing_with_it(text, kept):
    assert (classified(text, "check_report").get("intent")["name"] == "check_report") is kept
