"""Fees and processing times as staff type them."""

import pytest

from knowledge_editing.fees import (
    FEE_FORMAT,
    NOTE_WITHOUT_FEE,
    TIME_OUT_OF_RANGE,
    TIME_TOO_LONG,
    TIME_WITHOUT_UNIT,
    InvalidFee,
    fee_fields,
    parse_fee,
    parse_time,
)


@pytest.mark.parametrize(("amount", "note", "stored"), [
    ("50000", "", ("50.000 đồng", 50000)),
    ("50.000 đồng", "lần đầu", ("50.000 đồng (lần đầu)", 50000)),
    ("1 000", "", ("1.000 đồng", 1000)),
    ("Miễn phí", "trẻ em dưới 14 tuổi", ("Miễn phí (trẻ em dưới 14 tuổi)", 0)),
    ("free", "", ("Miễn phí", 0)),
    ("", "", (None, None)),
])
def test_valid_fees_are_stored_as_the_answer_reads_them(amount, note, stored):
    assert parse_fee(amount, note) == stored


@pytest.mark.parametrize(("amount", "note", "message"), [
    ("-5000", "", FEE_FORMAT), ("năm chục nghìn", "", FEE_FORMAT), ("50.5", "", FEE_FORMAT),
    ("", "ghi chú", NOTE_WITHOUT_FEE),
])
def test_anything_else_is_refused_with_a_reason(amount, note, message):
    with pytest.raises(InvalidFee) as refused:
        parse_fee(amount, note)
    assert refused.value.args[0] == message


def test_the_form_shows_the_amount_and_note_or_the_published_text():
    assert fee_fields({"fee_text": "50.000 đồng (lần đầu)", "fee_vnd": 50000}) == ("50000", "lần đầu")
    assert fee_fields({"fee_text": "Miễn phí", "fee_vnd": 0}) == ("miễn phí", "")
    assert fee_fields({"fee_text": "Theo quy định", "fee_vnd": None}) == ("Theo quy định", "")


@pytest.mark.parametrize(("typed", "stored"), [
    ("5 ngày làm việc", (5.0, "working_days", "5 Ngày làm việc")),
    ("5 ngay lam viec", (5.0, "working_days", "5 Ngày làm việc")),
    ("15 Ngày", (15.0, "days", "15 Ngày")),
    ("1,5 giờ", (1.5, "hours", "1,5 Giờ")),
    ("3 tháng", (3.0, "months", "3 Tháng")),
    ("Trong ngày", (None, None, "Trong ngày")),  # free text, as the catalogue keeps what it cannot parse
    ("", (None, None, None)),
])
def test_processing_times_are_stored_as_the_catalogue_writes_them(typed, stored):
    assert tuple(parse_time(typed).values()) == stored


@pytest.mark.parametrize(("typed", "message"), [
    ("7", TIME_WITHOUT_UNIT), ("0 ngày", TIME_OUT_OF_RANGE), ("5000 ngày", TIME_OUT_OF_RANGE),
    ("x" * 400, TIME_TOO_LONG),
])
def test_a_time_the_answer_could_not_say_plainly_is_refused(typed, message):
    with pytest.raises(InvalidFee) as refused:
        parse_time(typed)
    assert refused.value.args[0] == message
