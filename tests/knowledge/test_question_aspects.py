"""Which part of a procedure a resident's question asks about."""

import pytest

from knowledge.question_aspects import detect_aspects


@pytest.mark.parametrize("question, aspect", [
    ("Thủ tục đăng ký kết hôn ở phường gồm những bước nào vậy ạ?", "steps"),
    ("lam giay khai sinh may buoc", "steps"),
    ("còn lệ phí thì sao?", "fee"), ("mat bn ngay", "time"), ("nộp ở đâu vậy", "where"),
    ("nộp online được hông", "online"), ("cần điều kiện gì", "conditions"),
    ("What are the steps?", "steps"), ("how much is the fee", "fee"),
])
def test_the_part_asked_is_read_in_residents_words(question, aspect):
    assert aspect in detect_aspects(question)


def test_a_question_about_the_procedure_as_a_whole_asks_no_part():
    assert detect_aspects("muốn làm khai sinh cho bé") == set()
