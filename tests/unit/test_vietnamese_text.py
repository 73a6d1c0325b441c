"""Text normalisation that every matching step relies on."""

import unicodedata

import pytest

from vietnamese_text import clean_text, fold, match_key, word_key
from vietnamese_text.patterns import special_spans
from vietnamese_text.segmentation import pieces


def test_accented_and_unaccented_questions_meet_on_one_key():
    assert match_key("Đăng ký tạm trú cần giấy tờ gì?") == match_key("dang ky tam tru can giay to j")


def test_nfd_input_from_phones_is_composed():
    decomposed = unicodedata.normalize("NFD", "Căn cước công dân")
    assert clean_text(decomposed) == "Căn cước công dân"
    assert match_key(decomposed) == "can cuoc cong dan"


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("ko", "khong"), ("đc", "duoc"), ("dc", "duoc"), ("j", "gi"), ("z", "vay"), ("cccd", "can cuoc cong dan"),
     ("sđt", "so dien thoai"), ("gks", "giay khai sinh"), ("ubnd", "uy ban nhan dan")],
)
def test_chat_abbreviations_expand(typed, meant):
    assert word_key(typed) == meant


def test_marked_words_are_not_taken_for_abbreviations():
    # "ạ" is a politeness particle, not the abbreviation "a" (anh); "hẻm" is an alley.
    assert word_key("ạ") == "a"
    assert match_key("hẻm 45") == "hem 45"


def test_fold_maps_d_bar_and_keeps_spacing():
    assert fold("Đường  Lê Văn Quới") == "duong  le van quoi"


def test_control_and_zero_width_characters_are_removed():
    assert clean_text("xin\x00 chào\u200b\n\tbạn ") == "xin chào bạn"


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("hồ sơ 000.00.31.H29-251103-0042 sao rồi", "receipt_number", "000.00.31.H29-251103-0042"),
        ("TRACUU 38.98.H29-210519-0013", "receipt_number", "38.98.H29-210519-0013"),
        ("QUAN2_38.98.H29-210519-0013", "receipt_number", "38.98.H29-210519-0013"),
        ("bộ: H29.45.7-251103-1234567", "receipt_number", "H29.45.7-251103-1234567"),
        ("phản ánh PA-251120-0031 sao rồi", "report_code", "PA-251120-0031"),
        ("gọi tôi 0912 345 678 nhé", "phone_number", "0912 345 678"),
        ("sdt +84912345678", "phone_number", "+84912345678"),
        ("hẹn ngày 24/11/2026", "date", "24/11/2026"),
    ],
)
def test_codes_phones_and_dates_are_found_whole(text, kind, value):
    assert [(text[s:e], k) for s, e, k in special_spans(text)] == [(value, kind)]


def test_pieces_keep_spans_and_drop_punctuation_and_emoji():
    text = "Hồ sơ 000.00.31.H29-251103-0042, xong chưa?? 😀"
    found = pieces(text)
    assert [p.text for p in found] == ["Hồ", "sơ", "000.00.31.H29-251103-0042", "xong", "chưa"]
    assert all(text[p.start:p.end] == p.text for p in found)
    assert found[2].lemma == "receipt_number"


def test_personal_data_is_masked_but_case_numbers_stay():
    from vietnamese_text.privacy import mask_personal_data

    masked = mask_personal_data(
        "ten toi la Nguyen Van An, sdt 0912345678, cccd 079123456789, mail an@gmail.com, hs 000.00.31.H29-251103-0042"
    )
    assert "Nguyen" not in masked and "0912345678" not in masked and "079123456789" not in masked
    assert "an@gmail.com" not in masked
    assert "000.00.31.H29-251103-0042" in masked


def test_personal_numbers_are_left_out_with_their_labels_but_four_digits_and_receipts_stay():
    from vietnamese_text.privacy import without_personal_numbers

    assert without_personal_numbers("thủ tục X cần giấy tờ gì, sđt em 0912345678") == "thủ tục X cần giấy tờ gì,"
    assert without_personal_numbers("cccd của em là 079123456789 bị mất") == "bị mất"
    assert without_personal_numbers("4 số cuối 5678") == "4 số cuối 5678"
    assert without_personal_numbers("hs 000.00.31.H29-251103-0042") == "hs 000.00.31.H29-251103-0042"
    assert without_personal_numbers("0912345678") == "0912345678"
