"""Parsing the portal's glued table cells on real catalogue records."""

import json
from pathlib import Path

import pytest

from knowledge.catalogue_parsing import clean_result, parse_channels, parse_documents

CATALOGUE = Path(__file__).resolve().parents[3] / "shared" / "data" / "catalogue" / "procedures_light.jsonl"


@pytest.fixture(scope="module")
def raw():
    if not CATALOGUE.exists():
        pytest.skip("shared/data is not beside the checkout")
    return {r["ma_thu_tuc"]: r for r in map(json.loads, CATALOGUE.read_text(encoding="utf-8").splitlines())}


def test_temporary_residence_channels_fees_and_times(raw):
    channels, issues = parse_channels(raw["1.004194"]["cach_thuc_thuc_hien"], "1.004194")
    assert [(c["kind"], c["time_value"], c["time_unit"], c["fee_vnd"]) for c in channels] == [
        ("Trực tuyến", 3.0, "working_days", 7000), ("Trực tiếp", 3.0, "working_days", 10000)]
    assert channels[0]["fee_text"].startswith("7,000 Việt Nam Đồng(")
    assert not issues


def test_free_channels_across_three_kinds(raw):
    channels, _ = parse_channels(raw["6.003636"]["cach_thuc_thuc_hien"])
    assert {c["kind"] for c in channels} == {"Trực tiếp", "Trực tuyến", "Dịch vụ bưu chính"}
    assert all(c["fee_vnd"] == 0 and c["time_value"] == 15 and c["time_unit"] == "days" for c in channels)


def test_free_with_amounts_in_the_note_is_not_called_free(raw):
    # "Miễn phí(Cho một loại hình sản phẩm...: 8.000.000/lần ...)": ambiguous, keep the text only
    channels, issues = parse_channels(raw["3.000340"]["cach_thuc_thuc_hien"], "3.000340")
    assert all(c["fee_vnd"] is None and c["fee_text"].startswith("Miễn phí(") for c in channels)
    assert any(i.field == "fee" for i in issues)


def test_implausible_glued_amount_is_reported_not_guessed(raw):
    # "1 Giờ20 VNĐ(20.000 đồng/lần.)": the 20 VNĐ is a portal slip; the fee stays unparsed
    channels, issues = parse_channels(raw["3.000370"]["cach_thuc_thuc_hien"], "3.000370")
    assert channels[0]["time_unit"] == "hours" and channels[0]["fee_vnd"] is None
    assert any(i.field == "fee" and i.code == "3.000370" for i in issues)


def test_bare_time_without_unit_is_reported(raw):
    channels, issues = parse_channels(raw["1.008331"]["cach_thuc_thuc_hien"], "1.008331")
    assert channels[0]["time_text"] == "1" and channels[0]["time_unit"] is None
    assert any(i.field == "time" for i in issues)


def test_documents_groups_forms_and_copies(raw):
    documents, _ = parse_documents(raw["1.004194"]["thanh_phan_ho_so"])
    form = next(d for d in documents if d["name"].startswith("Tờ khai thay đổi thông tin cư trú (Mẫu CT01"))
    assert form["form_name"] == "MuCT01banhnhkmtheoThngts53.doc"
    assert form["copies_original"] == 1 and form["group"] == "Hồ sơ đăng ký tạm trú gồm"
    assert {d["group"] for d in documents} >= {"Hồ sơ đăng ký tạm trú gồm", "Đăng ký tạm trú theo danh sách, hồ sơ gồm"}


def test_birth_registration_documents(raw):
    documents, issues = parse_documents(raw["1.001193"]["thanh_phan_ho_so"])
    assert any(d["name"].startswith("Giấy chứng sinh") for d in documents)
    assert not issues


def test_result_loses_page_chrome_and_internal_codes(raw):
    result = clean_result(raw["1.004194"]["ket_qua_xu_ly"])
    assert "Chọn cơ quan thực hiện" not in result and "KQ.G01" not in result
    assert "Cập nhật thông tin trong Cơ sở dữ liệu quốc gia về dân cư" in result.splitlines()
