"""The ward's own settings for urban-order reports, read from the office config (config/office.yml,
or what an admin published under "Cài đặt", which overrides the file).

While there is no config or it is still `is_example: true`, nothing from it is used: deadlines follow
the standard office week and units keep their generic names.
"""

from __future__ import annotations

import os
from pathlib import Path

from knowledge.office import CONFIG_DIR
from knowledge_editing.document_models import (
    DEFAULT_KEY,
    OFFICE,
    Documents,
    InvalidDocument,
    Published,
    parse_yaml,
    published_or_shipped,
)
from localization import N_

HOURS_KEYS = ("monday_to_friday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DATE_LISTS = ("make_up_working_days", "extra_days_off")
NOT_A_MAPPING = N_("Cần một bảng khoá: giá trị (mapping).")
REQUIRED = N_("Thiếu `%(key)s` hoặc để trống.")
NOT_A_BOOLEAN = N_("Giá trị phải là true hoặc false.")
NOT_A_LIST = N_("Giá trị phải là một danh sách.")
NOT_TEXT = N_("Giá trị phải là một chuỗi chữ.")
UNKNOWN_DAY = N_("Không biết ngày %(key)s; dùng một trong: %(known)s.")


def office_settings() -> dict:
    """The office config as a dict; empty while only example values exist."""
    return _settings.get()


def forget_cached_settings() -> None:
    """Read the office config again at its next use (after OFFICE_CONFIG changed, in tests)."""
    _settings.cache_clear()


def office_path() -> Path:
    """The shipped office config (OFFICE_CONFIG, or config/office.yml)."""
    return Path(os.environ.get("OFFICE_CONFIG", CONFIG_DIR / "office.yml"))


def shipped_office_text() -> str:
    """The config file's text, or the example's while there is none (the starting point of an edit)."""
    path = office_path()
    return (path if path.exists() else CONFIG_DIR / "office.example.yml").read_text(encoding="utf-8")


def load_office_text(text: str, origin: str = "office.yml") -> dict:
    """The config's text, checked field by field (InvalidDocument); empty while `is_example` is true."""
    data = parse_yaml(text, origin) or {}
    _check(isinstance(data, dict), origin, NOT_A_MAPPING)
    _check(isinstance(data.get("is_example", True), bool), "is_example", NOT_A_BOOLEAN)
    if data.get("is_example", True):
        return {}
    for key in ("name", "one_stop_address"):
        _check(isinstance(data.get(key), str) and data[key].strip(), key, REQUIRED, key=key)
    _check(data.get("phone") is None or isinstance(data["phone"], str | int), "phone", NOT_TEXT)
    hours = data.get("hours") or {}
    _check(isinstance(hours, dict), "hours", NOT_A_MAPPING)
    for key, value in hours.items():
        _check(key in HOURS_KEYS, f"hours.{key}", UNKNOWN_DAY, key=key, known=", ".join(HOURS_KEYS))
        _check(isinstance(value, list) and all(isinstance(item, str) for item in value), f"hours.{key}", NOT_A_LIST)
    for key in DATE_LISTS:
        _check(isinstance(data.get(key) or [], list), key, NOT_A_LIST)
    reports = data.get("urban_reports") or {}
    _check(isinstance(reports, dict), "urban_reports", NOT_A_MAPPING)
    units = reports.get("responsible_units") or {}
    _check(isinstance(units, dict), "urban_reports.responsible_units", NOT_A_MAPPING)
    for code, unit in units.items():
        _check(isinstance(unit, str) and unit.strip(), f"urban_reports.responsible_units.{code}", NOT_TEXT)
    return data


def _check(condition: object, place: str, message: str, **values) -> None:
    if not condition:
        raise InvalidDocument(place, message, **values)


def _load(documents: Documents) -> dict:
    def shipped() -> dict:
        path = office_path()
        return load_office_text(path.read_text(encoding="utf-8"), path.name) if path.exists() else {}

    return published_or_shipped(documents, OFFICE, DEFAULT_KEY, shipped, load_office_text)


_settings = Published(_load)
