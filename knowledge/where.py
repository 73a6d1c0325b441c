"""Where a resident applies, never blank, and what the 2025 reform changed about it.

The record's own submission address or implementing agency comes first. When the portal left both
blank, the place follows from the level the record is performed at, by the reviewed rules of
knowledge/data/where_rules.yml (each with its basis). Agencies of the former district tier
("Công an huyện", "UBND cấp huyện") get a one-line reform note: since 1 July 2025 there are two tiers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

RULES = Path(__file__).resolve().parent / "data" / "where_rules.yml"
NO_INFO = "Không có thông tin"  # how the portal marks an empty cell
_DISTRICT_TIER = re.compile(r"\b(?:cấp huyện|huyện|quận|thị xã)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Where:
    place: str
    derived: bool  # from the level rules, not from the record's own words
    district_tier: bool  # names an agency of the former district tier


@lru_cache(maxsize=1)
def _rules() -> list[dict]:
    return yaml.safe_load(RULES.read_text(encoding="utf-8")) or []


def _given(value: str | None) -> str | None:
    value = (value or "").strip(" .;")
    return value if value and not value.startswith(NO_INFO) else None


def where_to_apply(record: dict) -> Where | None:
    """The place to apply for `record`; None only when no rule matches its levels (the audit flags it)."""
    place = _given(record.get("submission_address")) or _given(record.get("implementing_agency"))
    if place:
        return Where(place, False, bool(_DISTRICT_TIER.search(place)))
    agency = _given(record.get("competent_agency"))
    levels = record.get("levels") or []
    for rule in _rules():
        if any(level in rule["levels"] for level in levels):
            template = rule["where"] if agency or "where_without_agency" not in rule else rule["where_without_agency"]
            text = template.format(agency=agency or "", field=record.get("field") or "")
            return Where(text, True, bool(agency and _DISTRICT_TIER.search(agency)))
    return None
