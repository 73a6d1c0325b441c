"""Explicit requests for a person, and for the bot again (vietnamese_text.handoff_words)."""

import pytest

from vietnamese_text.handoff_words import asks_for_staff, asks_for_the_bot, asks_when_handled, names_a_person


@pytest.mark.parametrize("text", [
    "cho gap nguoi that di", "em muốn nói chuyện với cán bộ phường",
    "Kính đề nghị chuyển nội dung này đến cán bộ phụ trách.", "gặp trực tiếp nhân viên được không",
    "I want to talk to a real person", "em hỏi bot hoài không được, cho gặp cán bộ",
    "có cán bộ nào trực không ạ", "co ai dang truc ko", "I need a human", "let me talk to someone",
    "nói chuyện với người thật được ko bot",
])
def test_a_request_for_a_person_in_any_phrasing(text):
    assert asks_for_staff(text) and not asks_for_the_bot(text)


@pytest.mark.parametrize("text", [
    "quay lai tro ly ao", "về lại chatbot giúp em", "Tôi muốn tiếp tục với trợ lý tự động.",
    "không cần gặp cán bộ nữa", "/back_to_bot", "quay về trợ lý ảo", "thôi khỏi gặp cán bộ",
    "hủy yêu cầu gặp cán bộ", "thôi không cần gặp nữa", "không cần người thật nữa", "cancel the handoff",
    "Never mind, I'll keep chatting with the bot",
])
def test_a_request_for_the_bot_again(text):
    assert asks_for_the_bot(text) and not asks_for_staff(text)


@pytest.mark.parametrize("text", [
    "thôi cảm ơn, em hỏi bot tiếp", "không chờ nữa, để em hỏi trợ lý", "I will ask the assistant",
])
def test_asking_the_bot_while_talking_to_staff_goes_back_to_it(text):
    assert asks_for_the_bot(text, talking_to_staff=True)
    assert not asks_for_the_bot(text)  # elsewhere it may open a question: "cho em hỏi trợ lý, làm khai sinh…"


@pytest.mark.parametrize("text", ["cán bộ nào ký giấy khai sinh", "làm cccd ở đâu", "gửi ảnh cho cán bộ xem",
                                  "chuyển hộ khẩu cho người con", "con em đang trực đêm ở bệnh viện",
                                  "I need a birth certificate", "co ai biet thu tuc ket hon khong",
                                  "ban co phai nguoi that khong", "đây là người thật hả"])
def test_a_question_that_names_staff_is_no_request(text):
    assert not asks_for_staff(text) and not asks_for_the_bot(text)


@pytest.mark.parametrize("text", [
    "thôi ko cần nữa, cho e chat lại với trợ lý ảo", "thoi de bot tl cung dc", "xong rồi, trả e về bot hỏi tiếp",
    "thôi không cần nữa", "rồi cô hiểu rồi, cảm ơn cô cán bộ. giờ cô hỏi máy tiếp", "thôi để con hỏi robot",
    "Cán bộ bận quá, tôi quay lại hỏi máy vậy.", "Tôi xin phép tiếp tục trao đổi với trợ lý tự động.",
    "Thôi cán bộ bận thì bác hỏi cháu cũng được, cháu trả lời giúp bác nhé",
])
def test_while_talking_to_staff_more_ways_back_to_the_bot(text):
    assert asks_for_the_bot(text, talking_to_staff=True)


def test_asking_a_few_more_questions_of_staff_does_not_end_the_handoff():
    assert not asks_for_the_bot("em hỏi mấy câu nữa được không", talking_to_staff=True)
    assert not asks_for_the_bot("cho hỏi mấy giờ phường mở cửa", talking_to_staff=True)


@pytest.mark.parametrize("text, named", [
    ("người được ủy quyền có cần đi cùng không", False), ("làm văn bản từ chối di sản ở phường được không ạ", False),
    ("có ai trực ko", True), ("chuyển qua nhân viên đi bot ơi", True), ("Can I talk to a staff member?", True)])
def test_a_message_read_as_a_request_for_staff_names_somebody_or_not(text, named):
    assert names_a_person(text) is named


@pytest.mark.parametrize("text, when", [
    ("mấy bữa thì có người xuống coi vậy ad", True), ("bao giờ có người xử lý", True), ("có ai xuống coi chưa", True),
    ("khi nào phường xuống xử lý vậy", True), ("cho gặp cán bộ", False), ("khi nào cán bộ trả lời tin nhắn", False),
])
def test_a_question_about_when_someone_comes_to_deal_with_it(text, when):
    assert asks_when_handled(text) is when
