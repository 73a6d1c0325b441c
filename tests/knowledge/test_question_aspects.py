"""Which part of a procedure a resident's question asks about."""

import pytest

from knowledge.question_aspects import detect_aspects, strip_aspect_words


@pytest.mark.parametrize("question, aspect", [
    ("Thủ tục đăng ký kết hôn ở phường gồm những bước nào vậy ạ?", "steps"),
    ("lam giay khai sinh may buoc", "steps"),
    ("còn lệ phí thì sao?", "fee"), ("mat bn ngay", "time"), ("nộp ở đâu vậy", "where"),
    ("nộp online được hông", "online"), ("cần điều kiện gì", "conditions"),
    ("What are the steps?", "steps"), ("how much is the fee", "fee"),
    ("hồ sơ tử tuất gồm những gì vậy ạ", "documents"), ("mất nhiều ngày không em", "time"),
    ("han chot quyet toan la ngay may", "time"), ("hạn nộp tờ khai là khi nào", "time"),
    ("có được bản giấy không hay chỉ có bản điện tử", "result"), ("giấy đó có giá trị bao lâu", "result"),
    ("thu nhập bao nhiêu thì được xem là thu nhập thấp", "conditions"), ("lệ fi nhiu", "fee"),
])
def test_the_part_asked_is_read_in_residents_words(question, aspect):
    assert aspect in detect_aspects(question)


def test_a_question_about_the_procedure_as_a_whole_asks_no_part():
    assert detect_aspects("muốn làm khai sinh cho bé") == set()


def test_having_an_id_card_is_no_question_about_papers():
    assert "documents" not in detect_aspects("có cccd chip, đã lên phường đk và được duyệt, xài samsung")
    assert "documents" in detect_aspects("có cần căn cước không")


def test_the_id_card_stays_in_what_the_question_is_about():
    assert strip_aspect_words("tôi có căn cước rồi, làm định danh mức 2 ở đâu").startswith("can cuoc")


def test_the_steps_a_procedure_is_made_of_are_no_papers():
    assert detect_aspects("đăng ký kết hôn gồm những bước nào") == {"steps"}
