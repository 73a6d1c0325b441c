"""The custom tokenizer as Rasa calls it (runs in the Rasa environment)."""

import unicodedata

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.vietnamese_tokenizer import VietnameseTokenizer


@pytest.fixture(scope="module")
def tokenizer():
    return VietnameseTokenizer(VietnameseTokenizer.get_default_config())


def tokens(tokenizer, text):
    message = Message.build(text)
    return message, tokenizer.tokenize(message, "text")


def test_accented_and_unaccented_share_lemmas(tokenizer):
    _, accented = tokens(tokenizer, "Đăng ký tạm trú cần giấy tờ gì")
    _, plain = tokens(tokenizer, "dang ky tam tru can giay to j")
    assert " ".join(t.lemma for t in accented) == " ".join(t.lemma for t in plain)


def test_multi_syllable_words_are_one_token_over_the_original_span(tokenizer):
    message, found = tokens(tokenizer, "Cho em hỏi đăng ký tạm trú")
    words = {t.text: (t.start, t.end) for t in found}
    assert "đăng_ký" in words and "tạm_trú" in words
    start, end = words["tạm_trú"]
    assert message.get("text")[start:end] == "tạm trú"


def test_abbreviations_expand_in_lemmas_only(tokenizer):
    _, found = tokens(tokenizer, "cho e hoi lam cccd o dau z")
    assert "cccd" in "".join(t.text for t in found)
    assert "can cuoc cong dan" in " ".join(t.lemma for t in found)
    assert found[-1].lemma == "vay"


def test_receipt_numbers_stay_whole_and_phones_alone_too(tokenizer):
    _, found = tokens(tokenizer, "hồ sơ mã 000.00.31.H29-251103-0042, sđt 0912345678")
    assert {t.text: t.lemma for t in found}["000.00.31.H29-251103-0042"] == "receipt_number"
    _, alone = tokens(tokenizer, "0912 345 678")
    assert [t.lemma for t in alone] == ["phone_number"]


def test_nfd_and_control_characters_are_normalised_in_the_message(tokenizer):
    message, found = tokens(tokenizer, unicodedata.normalize("NFD", "Khai sinh\x00 cho con"))
    assert message.get("text") == "Khai sinh cho con"
    assert all(message.get("text")[t.start:t.end] == t.text.replace("_", " ") for t in found)


@pytest.mark.parametrize("text", ["😀😀😀", "???", "<script>alert(1)</script>", "a" * 20000])
def test_odd_input_still_tokenizes(tokenizer, text):
    _, found = tokens(tokenizer, text)
    assert found


def test_unaccented_text_is_not_grouped_by_guesswork(tokenizer):
    _, found = tokens(tokenizer, "hang xom xay lui ban dem")
    assert [t.text for t in found] == ["hang", "xom", "xay", "lui", "ban", "dem"]


def test_training_entities_are_never_straddled(tokenizer):
    text = "hàng xóm xây lụi ban đêm"
    message = Message.build(text, intent="report_issue",
                            entities=[{"start": 9, "end": 16, "value": "construction", "entity": "report_category"}])
    found = tokenizer.tokenize(message, "text")
    assert 9 in {t.start for t in found} and 16 in {t.end for t in found}


def test_phone_and_id_numbers_are_not_read_as_words(tokenizer):
    """Whose number it is says nothing about the question: "sđt em 0912…" leaves no token behind."""
    _, with_phone = tokens(tokenizer, "thủ tục khai sinh cần giấy tờ gì, sđt em 0912345678")
    _, without = tokens(tokenizer, "thủ tục khai sinh cần giấy tờ gì,")
    assert [t.lemma for t in with_phone] == [t.lemma for t in without]
    _, id_card = tokens(tokenizer, "làm hộ chiếu cần gì, cccd 079123456789")
    assert not any("079123456789" in t.text for t in id_card)


def test_a_message_that_is_only_a_number_keeps_it(tokenizer):
    _, found = tokens(tokenizer, "0912345678")
    assert [t.text for t in found] == ["0912345678"]
