"""A question that names a district or a numbered ward that no longer exists gets the reform in one line.

Since 1 July 2025 Ho Chi Minh City has two tiers (the city, and wards/communes); residents still say
"ủy ban quận 5", "phường 10 Gò Vấp", "P.3 Q.GV". The note names today's ward(s) from the shipped
old-to-new mapping (knowledge/admin_units.py) and is said before the answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.orm import Session

from knowledge.admin_units import _expand_short_units, resolve_ward
from vietnamese_text import match_key

# An explicit old unit: "quận"/"huyện" before a name or number, a numbered ward ("phường 10", after P./F. expansion),
# or the district tier itself ("ủy ban quận", "cấp huyện").
_OLD_UNIT = re.compile(r"\b(?:quan|huyen|thi xa) \w+|\bphuong \d{1,2}\b")
_DISTRICT_TIER = re.compile(r"\b(?:ubnd|uy ban nhan dan|uy ban|cap|cong an) (?:quan|huyen)\b")


@dataclass(frozen=True)
class OldUnits:
    """What a question says about the old tiers: today's wards of the places it names, and whether it names
    the district tier itself ("ủy ban quận")."""

    wards: list[str]
    district_tier: bool


def old_units(text: str, session: Session) -> OldUnits | None:
    """None when `text` names no old unit; otherwise today's wards (possibly none found) and the tier flag."""
    key = match_key(_expand_short_units(text))
    names_old_unit, names_tier = bool(_OLD_UNIT.search(key)), bool(_DISTRICT_TIER.search(key))
    if not names_old_unit and not names_tier:
        return None
    wards = resolve_ward(text, session)
    return OldUnits(wards, names_tier) if wards or names_tier else None
