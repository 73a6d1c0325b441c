"""The generic names of the units that handle reports (urban_reports/data/categories.yml), for English replies.

A unit's name is an official Vietnamese name and stays as written; an English reply adds what it is, so
"Handled by: UBND phường" becomes "Handled by: Ward People's Committee (UBND phường)". A ward's own unit names
(config/office.yml) have no gloss here and are shown as written.
"""

from __future__ import annotations

ENGLISH = {
    "UBND phường": "Ward People's Committee",
    "Công an phường": "Ward police",
    "Đội quản lý trật tự đô thị phường": "Ward urban order team",
    "Phòng Kinh tế, Hạ tầng và Đô thị phường": "Ward office of economy, infrastructure and urban affairs",
}


def unit_label(unit: str, language: str | None) -> str:
    gloss = ENGLISH.get(unit) if language == "en" else None
    return f"{gloss} ({unit})" if gloss else unit
