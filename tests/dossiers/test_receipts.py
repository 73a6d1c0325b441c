"""Receipt numbers are found wherever and however residents type them; look-alikes are not."""

import pytest

from dossiers.privacy import mask_name
from dossiers.statuses import EXPLANATIONS, DossierStatus, parse_status
from vietnamese_text.receipt_numbers import (
    find_receipt_numbers,
    is_receipt_number,
    looks_like_receipt_attempt,
    normalise_receipt,
)

LONG_MESSAGE = ("Dạ chào anh chị, em nộp hồ sơ đăng ký khai sinh cho bé hôm thứ hai tuần trước ở phường, "
                "cán bộ có đưa giấy biên nhận số 000.00.31.H29-251103-0042, hẹn ba ngày mà giờ chưa thấy gọi, "
                "số điện thoại em 0912345678, nhờ kiểm tra giúp em với ạ, em cảm ơn nhiều.")


@pytest.mark.parametrize(("text", "expected"), [
    (LONG_MESSAGE, ["000.00.31.H29-251103-0042"]),
    ("ho so 38.98.h29-210519-0013 sao roi", ["38.98.H29-210519-0013"]),
    ("38.98.H29 - 210519 - 0013", ["38.98.H29-210519-0013"]),
    ("38.98.H29 – 210519–0013 nhé", ["38.98.H29-210519-0013"]),
    ("TRACUU 38.98.H29-210519-0013", ["38.98.H29-210519-0013"]),
    ("tracuu38.98.H29-210519-0013", ["38.98.H29-210519-0013"]),
    ("tra cuu 38.98.h29-210519-0013", ["38.98.H29-210519-0013"]),
    ("Tra cứu: 38.98.H29-210519-0013", ["38.98.H29-210519-0013"]),
    ("bộ: H29.45.7-251103-1234567", ["H29.45.7-251103-1234567"]),
    ("38.98.H29-210519-0013 và 000.00.31.H29-251103-0042, lại 38.98.h29-210519-0013",
     ["38.98.H29-210519-0013", "000.00.31.H29-251103-0042"]),
])
def test_receipt_numbers_are_found_in_what_residents_type(text, expected):
    assert find_receipt_numbers(text, prefixes=()) == expected


@pytest.mark.parametrize("text", [
    "38.98.H29-21051-0013",  # five-digit date
    "38.98.H29-210519-001",  # three-digit sequence
    "38.98.H29-210519-00131234",  # eight-digit sequence
    "38.98.H29-211319-0013",  # month 13
    "H29-210519-0013",  # no unit code
    "PA-251103-0042",  # a report code, not a receipt
    "gọi 0912345678 ngày 21/05/2019",
    "x38.98.H29-210519-0013-1",
])
def test_malformed_numbers_are_rejected(text):
    assert find_receipt_numbers(text, prefixes=()) == []


def test_a_configured_legacy_prefix_is_stripped_even_when_glued(monkeypatch):
    monkeypatch.setenv("DOSSIER_LEGACY_PREFIXES", "QUAN2, THUDUC")
    assert find_receipt_numbers("QUAN2_38.98.H29-210519-0013") == ["38.98.H29-210519-0013"]
    assert find_receipt_numbers("quan238.98.H29-210519-0013") == ["38.98.H29-210519-0013"]
    assert find_receipt_numbers("TRACUU THUDUC-38.98.H29-210519-0013") == ["38.98.H29-210519-0013"]
    monkeypatch.delenv("DOSSIER_LEGACY_PREFIXES")
    assert find_receipt_numbers("quan238.98.H29-210519-0013") == []


def test_a_receipt_number_is_normalised_and_checked_whole():
    assert normalise_receipt(" 38.98.h29 - 210519 - 0013 ") == "38.98.H29-210519-0013"
    assert is_receipt_number("38.98.h29-210519-0013")
    assert not is_receipt_number("số 38.98.H29-210519-0013")


@pytest.mark.parametrize(("name", "masked"), [
    ("Nguyễn Văn An", "N. V. A."),
    ("  Trần   Thị  Ngọc Bích ", "T. T. N. B."),
    ("Lê", "L."),
    ("", None),
    (None, None),
])
def test_names_are_masked_to_initials_family_name_included(name, masked):
    assert mask_name(name) == masked


def test_statuses_parse_from_code_or_portal_label_and_each_says_what_to_do():
    assert parse_status("Yêu cầu bổ sung giấy tờ") is DossierStatus.SUPPLEMENT_REQUESTED
    assert parse_status("da tra ket qua") is DossierStatus.RESULT_RETURNED
    assert parse_status("processing") is DossierStatus.PROCESSING
    with pytest.raises(ValueError):
        parse_status("Đang chờ")
    assert len(DossierStatus) == 10 and set(EXPLANATIONS) == set(DossierStatus)


@pytest.mark.parametrize("text", ["tra cứu hồ sơ 38.98.H29-2105-13", "38.98.h29 - 2105", "số H29 210519 nhé"])
def test_a_malformed_try_is_recognised_as_a_try(text):
    assert find_receipt_numbers(text) == [] and looks_like_receipt_attempt(text)


@pytest.mark.parametrize("text", ["lệ phí 1.000-2.000 đồng", "phường 12 quận 3", "nghị định 123/2024/NĐ-CP"])
def test_prices_addresses_and_legal_references_are_not_receipt_tries(text):
    assert not looks_like_receipt_attempt(text)
