"""The local office the deployment speaks for, from config/office.yml.

The repository ships only `config/office.example.yml`, marked `is_example: true`;
example values are never shown to residents, so no address is ever invented.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

CONFIG_DIR = Path(__file__).resolve().parent.parent / "config"


@dataclass(frozen=True)
class Office:
    name: str
    address: str
    phone: str | None
    hours: dict


@lru_cache(maxsize=1)
def configured_office() -> Office | None:
    """The real office settings, or None while only example values exist."""
    path = Path(os.environ.get("OFFICE_CONFIG", CONFIG_DIR / "office.yml"))
    if not path.exists():
        return None
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if data.get("is_example", True):
        return None
    return Office(data["name"], data["one_stop_address"], data.get("phone"), data.get("hours") or {})
