"""The local office the deployment speaks for, from config/office.yml or the admin's "Cài đặt".

The repository ships only `config/office.example.yml`, marked `is_example: true`;
example values are never shown to residents, so no address is ever invented.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

CONFIG_DIR = Path(__file__).resolve().parent.parent / "config"


@dataclass(frozen=True)
class Office:
    name: str
    address: str
    phone: str | None
    hours: dict


def configured_office() -> Office | None:
    """The real office settings (the file, or what an admin published under "Cài đặt"), or None while only
    example values exist."""
    from urban_reports.settings import office_settings  # here: that module reads CONFIG_DIR from this one

    data = office_settings()
    if not data:
        return None
    return Office(data["name"], data["one_stop_address"], data.get("phone"), data.get("hours") or {})
