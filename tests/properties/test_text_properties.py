"""Text normalisation and masking hold their promises on any input (hypothesis)."""

import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st

from vietnamese_text import clean_text, fold, match_key, nfc
from vietnamese_text.privacy import mask_personal_data

VIETNAMESE_LETTERS = ("aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ")
VIETNAMESE_ALPHABET = VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper() + "0123456789 ,.?!"
CONTROL = "\x00\x07\x0b\x0c\x1b\x7f\x85\x9f\u200b\u200d\u200f\u2028\u2029\ufeff"

any_text = st.text()  # every code point but surrogates, NFD and control characters included
vietnamese = st.text(alphabet=VIETNAMESE_ALPHABET, max_size=200)
hostile = st.text(alphabet=st.one_of(st.sampled_from(VIETNAMESE_ALPHABET), st.sampled_from(CONTROL),
                                     st.sampled_from("\t\n\r  \u0300\u0301\u0303\u0309\u0323"), st.characters()))


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@given(any_text)
def test_fold_never_raises_and_leaves_no_combining_mark(text):
    folded = fold(text)
    assert not any(unicodedata.category(ch) == "Mn" for ch in folded)
    assert fold(folded) == folded


@given(vietnamese)
def test_folded_vietnamese_is_plain_ascii_of_the_same_length(text):
    folded = fold(text)
    assert folded.isascii() and folded == folded.lower()
    assert len(folded) == len(nfc(text))  # one letter per letter: positions still line up


@given(hostile)
def test_nfc_and_nfd_input_fold_and_match_alike(text):
    assert fold(nfd(text)) == fold(nfc(text))
    assert match_key(nfd(text)) == match_key(text)
    assert clean_text(nfd(text)) == clean_text(text)


@given(hostile)
@example("\u200b\u0301a")
@example("a\x00\u2028b")
def test_clean_text_is_idempotent_nfc_and_tidy(text):
    cleaned = clean_text(text)
    assert clean_text(cleaned) == cleaned
    assert nfc(cleaned) == cleaned
    assert cleaned == cleaned.strip() and "  " not in cleaned
    assert not any(ch in cleaned for ch in CONTROL + "\t\n\r")


@given(hostile, st.integers(min_value=0, max_value=300))
def test_clean_text_respects_the_length_limit(text, limit):
    cleaned = clean_text(text, limit)
    assert len(cleaned) <= limit
    assert cleaned == clean_text(text)[:limit]


@given(hostile)
def test_match_key_is_single_spaced_words_without_diacritics(text):
    key = match_key(text)
    assert key == key.strip() and "  " not in key
    assert not any(unicodedata.category(ch) == "Mn" for ch in key)
    assert key == key.lower() or not key.isascii()


@given(vietnamese)
def test_match_key_of_vietnamese_is_ascii(text):
    assert match_key(text).isascii()


# Personal data: residents type numbers inside sentences, between the separators below.
phones = st.builds(lambda prefix, rest: prefix + rest, st.sampled_from(["03", "05", "07", "08", "09"]),
                   st.text(alphabet="0123456789", min_size=8, max_size=8))
id_numbers = st.one_of(st.text(alphabet="0123456789", min_size=12, max_size=12),
                       st.text(alphabet="0123456789", min_size=9, max_size=9))
words = st.text(alphabet=VIETNAMESE_LETTERS + " ", max_size=30)
before = st.sampled_from([" ", ": ", "(", " là ", "\n", ", "])
after = st.sampled_from([" ", ",", ")", "!", "?", "\n", " ạ", ";"])


@given(words, before, phones, after, words)
def test_masking_never_leaks_a_phone_number(left, opening, phone, closing, right):
    masked = mask_personal_data(f"{left}{opening}{phone}{closing}{right}")
    assert phone not in masked and phone[-7:] not in masked.replace(" ", "")


@given(words, before, id_numbers, after, words)
def test_masking_never_leaks_an_id_number(left, opening, number, closing, right):
    masked = mask_personal_data(f"{left}{opening}{number}{closing}{right}")
    assert number not in masked


@given(any_text)
def test_masking_never_raises_and_is_idempotent(text):
    masked = mask_personal_data(text)
    assert mask_personal_data(masked) == masked


def test_an_id_number_at_the_end_of_a_sentence_is_masked():
    assert "079123456789" not in mask_personal_data("CCCD của tôi là 079123456789.")


def test_a_phone_glued_to_its_label_is_masked():
    assert "0912345678" not in mask_personal_data("sdt0912345678")
