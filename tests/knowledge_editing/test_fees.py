"""Fees as staff type them."""

import pytest

from knowledge_editing.fees import FEE_FORMAT, NOTE_WITHOUT_FEE, InvalidFee, fee_fields, parse_fee


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
