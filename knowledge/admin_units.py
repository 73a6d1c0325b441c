"""Map a pre-reform address ("phường 12 Gò Vấp", "P.12 Q.GV" style) to today's ward.

Since 1 July 2025 Ho Chi Minh City has no districts; residents still write the
old ward and district. Matching is on folded keys, so accents and "P."/"F."/"Q."
abbreviations do not matter.
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.models import AdminUnitMapping
from vietnamese_text import match_key

_UNIT_PREFIX = re.compile(r"^(quan|huyen|thanh pho|thi xa|phuong|xa|thi tran|dac khu)\s+")
_SHORT_UNIT = re.compile(r"\b(p|f|ph)\s*\.?\s*(\d{1,2})\b|\b(q)\s*\.?\s*(\d{1,2})\b", re.IGNORECASE)


def _expand_short_units(text: str) -> str:
    def expand(match: re.Match) -> str:
        return f"phường {match.group(2)}" if match.group(2) else f"quận {match.group(4)}"

    return _SHORT_UNIT.sub(expand, text)


def _core(key: str | None) -> str:
    return _UNIT_PREFIX.sub("", key or "")


def _contains(text_key: str, phrase: str) -> bool:
    return bool(phrase) and f" {phrase} " in f" {text_key} "


def _names_district(key: str, district_key: str | None) -> bool:
    """"Gò Vấp" names Quận Gò Vấp with or without "quận"; a numbered district ("Quận 10") only with its unit
    word, or the "10" of "phường 10" would name it too."""
    core = _core(district_key)
    if core.isdigit():
        return _contains(key, district_key)
    return _contains(key, core) or _contains(key, district_key)


def resolve_ward(text: str, session: Session) -> list[str]:
    """Today's ward(s) for an old address: one when the old ward is named, the district's wards otherwise."""
    key = match_key(_expand_short_units(text))
    rows = session.scalars(select(AdminUnitMapping)).all()
    in_district = [r for r in rows if _names_district(key, r.district_key)]
    if not in_district:
        return []
    named_ward = [r for r in in_district if r.ward_key and _contains(key, r.ward_key)]
    return sorted({r.new_ward for r in (named_ward or in_district)})
