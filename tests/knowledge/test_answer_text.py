"""How a catalogue record is shown to a resident."""

import pytest

from knowledge.answer_text import render_aspects, render_summary
from knowledge.reference_data import shipped_records
from localization import gettext_for
from urban_reports import settings

RECORDS = {r["code"]: r for r in shipped_records()[0]}


@pytest.fixture(autouse=True)
def fresh_office_config():
    settings.forget_cached_settings()
    yield
    settings.forget_cached_settings()


def test_summary_fits_a_phone_and_names_its_source():
    text = render_summary(RECORDS["1.004194"], gettext_for("vi"), "vi")
    assert len(text) < 2000
    assert "Đăng ký tạm trú (mã 1.004194)" in text and "7.000 đồng" in text and "3 ngày làm việc" in text
    assert RECORDS["1.004194"]["source_url"] in text and "01/07/2026" in text


def test_free_procedures_say_so_and_unitless_times_are_quoted_as_such():
    text = render_aspects(RECORDS["1.001193"], {"fee", "time"}, gettext_for("vi"), "vi")
    assert "không mất phí" in text
    assert "“1” (cổng dịch vụ công ghi con số này, không ghi ngày hay ngày làm việc)" in text


def test_a_fee_with_conditions_is_never_shown_as_free_or_cut():
    text = render_aspects(RECORDS["1.000656"], {"fee"}, gettext_for("vi"), "vi")
    fee_text = RECORDS["1.000656"]["channels"][0]["fee_text"]
    assert "không mất phí" not in text and "…" not in text
    assert fee_text[fee_text.find("(") + 1:-1] in text  # the whole condition, as the record states it


def test_channels_that_say_the_same_share_one_line():
    text = render_aspects(RECORDS["1.000656"], {"fee"}, gettext_for("vi"), "vi")
    assert text.count("Miễn phí (Mức lệ phí cụ thể") == 1 and "Trực tuyến, Dịch vụ bưu chính, Trực tiếp:" in text


def test_two_channels_of_one_kind_with_one_fee_name_the_kind_once():
    text = render_aspects(RECORDS["3.000228"], {"fee"}, gettext_for("vi"), "vi")
    assert "Trực tiếp, Trực tiếp" not in text and "• Trực tiếp:" in text


def test_a_unit_the_records_own_steps_give_is_used():
    text = render_aspects(RECORDS["1.004873"], {"time"}, gettext_for("vi"), "vi")
    assert "3 ngày làm việc" in text and "không ghi ngày" not in text


def test_the_residents_own_deadline_is_shown_when_the_record_states_it():
    text = render_aspects(RECORDS["1.001193"], {"time"}, gettext_for("vi"), "vi")
    assert "Trong thời hạn 60 ngày kể từ ngày sinh con, cha hoặc mẹ có trách nhiệm đăng ký khai sinh" in text


def test_where_is_never_blank_for_a_ward_procedure_the_portal_left_blank():
    assert RECORDS["1.001193"]["implementing_agency"].startswith("Không có thông tin")
    text = render_aspects(RECORDS["1.001193"], {"where"}, gettext_for("vi"), "vi")
    assert "Nơi nộp (theo cấp thực hiện của thủ tục): Trung tâm Phục vụ hành chính công cấp xã" in text


def test_a_district_tier_agency_gets_the_reform_note():
    record = dict(RECORDS["1.004194"], implementing_agency="Công an huyện", submission_address=None)
    text = render_aspects(record, {"where"}, gettext_for("vi"), "vi")
    assert "Nơi nộp: Công an huyện" in text and "từ 1/7/2025 không còn cấp huyện" in text


def test_example_office_values_are_never_shown(monkeypatch, tmp_path):
    monkeypatch.setenv("OFFICE_CONFIG", str(tmp_path / "missing.yml"))
    assert "Bộ phận một cửa" not in render_aspects(RECORDS["1.004194"], {"where"}, gettext_for("vi"), "vi")
    example = tmp_path / "office.yml"
    example.write_text("is_example: true\nname: X\none_stop_address: Y\n", encoding="utf-8")
    monkeypatch.setenv("OFFICE_CONFIG", str(example))
    settings.forget_cached_settings()
    assert "Bộ phận một cửa" not in render_aspects(RECORDS["1.004194"], {"where"}, gettext_for("vi"), "vi")


def test_configured_office_is_added_for_ward_procedures(monkeypatch, tmp_path):
    office = tmp_path / "office.yml"
    office.write_text("is_example: false\nname: UBND Phường Thử\none_stop_address: 1 Đường Thử\n", encoding="utf-8")
    monkeypatch.setenv("OFFICE_CONFIG", str(office))
    text = render_aspects(RECORDS["1.004194"], {"where"}, gettext_for("vi"), "vi")
    assert "Bộ phận một cửa UBND Phường Thử: 1 Đường Thử" in text


def test_where_to_apply_also_says_whether_it_can_be_done_online():
    text = render_aspects(RECORDS["1.004194"], {"where"}, gettext_for("vi"), "vi")
    assert "Nơi nộp: Công an cấp xã" in text and "nộp trực tuyến" in text and "Lệ phí" not in text


def test_the_power_of_attorney_is_not_listed_first_as_if_everyone_needed_it():
    text = render_summary(RECORDS["1.001193"], gettext_for("vi"), "vi")
    documents = text.split("Giấy tờ cần chuẩn bị:")[1]
    assert "Giấy chứng sinh" in documents and "ủy quyền" not in documents.split("\n")[1]


def test_an_english_answer_says_free_in_english_and_keeps_the_note_whole():
    text = render_aspects(RECORDS["1.000656"], {"fee"}, gettext_for("en"), "en")
    fee_text = RECORDS["1.000656"]["channels"][0]["fee_text"]
    assert "Free of charge (" in text and "Miễn phí" not in text
    assert fee_text[fee_text.find("(") + 1:-1] in text
    assert "Vietnamese only" in text
