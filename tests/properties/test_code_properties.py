"""Receipt numbers and report codes: what is parsed round-trips, junk never raises (hypothesis)."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storage.database import session_scope, upgrade
from urban_reports.codes import next_code
from urban_reports.service import report_by_code
from urban_reports.working_time import as_vietnam_time
from vietnamese_text.patterns import REPORT_CODE
from vietnamese_text.receipt_numbers import (
    find_receipt_numbers,
    is_receipt_number,
    looks_like_receipt_attempt,
    normalise_receipt,
)

ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
unit_parts = st.lists(st.text(alphabet=ALNUM, min_size=1, max_size=6), min_size=1, max_size=5)
# Unit codes start with digits, as issued ("000.00.31.H29", "38.98.H29").
units = st.builds(lambda first, rest: ".".join([first, *rest]),
                  st.text(alphabet="0123456789", min_size=1, max_size=6), unit_parts)
days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2068, 12, 31))  # %y reads 69-99 as 19xx
receipts = st.builds(lambda unit, day, seq: f"{unit}-{day:%y%m%d}-{seq}", units, days,
                     st.text(alphabet="0123456789", min_size=4, max_size=7))
sentence_words = st.text(alphabet="abcdeghiklmnopqrstuvxyàáảãạăđêôơư ", max_size=40)


@given(receipts)
def test_a_receipt_number_is_recognised_however_it_is_typed(number):
    assert is_receipt_number(number) and is_receipt_number(number.lower())
    assert is_receipt_number(f"  {number.replace('-', ' - ')} ")
    assert normalise_receipt(number.lower()) == number


@given(receipts, sentence_words, sentence_words, st.sampled_from(["", "tra cứu ", "TRACUU ", "tra-cuu:"]))
def test_a_receipt_number_is_found_in_a_sentence(number, left, right, command):
    text = f"{left} {command}{number.lower()} {right}"
    assert find_receipt_numbers(text, prefixes=()) == [number]


@given(receipts)
def test_a_legacy_prefix_is_dropped(number):
    assert find_receipt_numbers(f"QUAN2_{number}", prefixes=("QUAN2",)) == [number]


@given(units, st.integers(min_value=13, max_value=99), st.text(alphabet="0123456789", min_size=4, max_size=4))
def test_a_receipt_with_an_impossible_date_is_not_one(unit, month, seq):
    number = f"{unit}-25{month:02d}01-{seq}"
    assert not is_receipt_number(number) and find_receipt_numbers(number, prefixes=()) == []


@given(st.text())
def test_junk_never_raises_and_what_is_found_round_trips(text):
    found = find_receipt_numbers(text, prefixes=("QUAN2",))
    assert len(found) == len(set(found))
    assert all(is_receipt_number(number) and normalise_receipt(number) == number for number in found)
    looks_like_receipt_attempt(text)
    assert normalise_receipt(normalise_receipt(text)) == normalise_receipt(text)


# Report codes: PA-YYMMDD-NNNN, the day in Vietnam time.

@pytest.fixture(scope="module")
def db_url(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('codes') / 'app.db'}"
    upgrade(url)
    return url


@settings(max_examples=30, deadline=None)
@given(st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2090, 12, 31)))
def test_codes_of_a_day_count_up_and_parse_back(db_url, now):
    with session_scope(db_url) as session:
        first, second = next_code(session, now), next_code(session, now)
    assert all(REPORT_CODE.fullmatch(code) for code in (first, second))
    assert first[3:9] == second[3:9] == f"{as_vietnam_time(now):%y%m%d}"
    assert int(second[-4:]) == int(first[-4:]) + 1
    assert REPORT_CODE.search(f"phản ánh {first.lower()} sao rồi").group(0).upper() == first


@settings(max_examples=50, deadline=None)
@given(st.one_of(st.text(), st.from_regex(r"\A[pP][aA]-\d{6}-\d{4}\Z")))
def test_looking_up_any_code_never_raises(db_url, code):
    with session_scope(db_url) as session:
        assert report_by_code(session, code) is None  # no report filed in this database
