"""How a catalogue record is shown to a resident."""

import pytest

from actions.procedure_text import render_aspects, render_summary
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


def test_free_procedures_say_so_and_unitless_times_are_flagged():
    text = render_aspects(RECORDS["1.001193"], {"fee", "time"}, gettext_for("vi"), "vi")
    assert "không mất phí" in text and "không ghi đơn vị" in text


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
