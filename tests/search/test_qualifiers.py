"""Qualifiers read from a resident's question: the words that turn a procedure into its sibling."""

import pytest

from knowledge.search.qualifiers import question_qualifiers


@pytest.mark.parametrize("question", [
    "chồng em người Đức, đăng ký kết hôn ở đâu",
    "con tôi có cha là người Pháp",
    "bé sinh ở Mỹ, về VN làm khai sinh",
    "vợ em người Thái Lan",
    "ben my co giay khai sinh roi",
])
def test_a_foreign_element_is_read_from_nationality_and_country_words(question):
    assert "foreign" in question_qualifiers(question)


@pytest.mark.parametrize("question", [
    "xin lý lịch tư pháp ở đâu",
    "lên sở tư pháp nộp hồ sơ",
    "nhà em ở Mỹ Tho",
    "đường Đức Thắng bị ngập",
    "pháp luật quy định sao",
])
def test_vietnamese_words_that_spell_a_country_are_no_foreign_element(question):
    assert "foreign" not in question_qualifiers(question)
