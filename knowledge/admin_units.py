"""Map a pre-reform address ("phường 12 Gò Vấp", "P.12 Q.GV") to today's ward of Ho Chi Minh City.

Since 1 July 2025 the city has no districts, and it absorbed Bình Dương and Bà
Rịa - Vũng Tàu; residents still write the old ward and district. Matching is
on the folded keys stored with each mapping row (`match_key`), after the
abbreviations people use in addresses are spelled out, so accents, "P."/"F."
for phường, "Q." for quận and "TP", "TT", "TX", "H." do not matter.
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.models import AdminUnitMapping
from vietnamese_text import clean_text, fold, match_key

# On folded text. "p12", "P.12", "F12", "ph 12" are wards; "Q1", "q.1" districts; a bare "P."/"Q."
# before a name ("P.Bến Thành", "Q.GV") too.
_ABBREVIATIONS = (
    (re.compile(r"\b(?:p|ph|f)\s*\.?\s*(\d{1,2})\b"), r" phuong \1 "),
    (re.compile(r"\bq\s*\.?\s*(\d{1,2})\b"), r" quan \1 "),
    (re.compile(r"\bp\s*\.\s*|\bp\s+(?=[a-z]{2})"), " phuong "),
    (re.compile(r"\bq\s*\.\s*|\bq\s+(?=[a-z]{2})"), " quan "),
    (re.compile(r"\bh\s*\.\s*"), " huyen "),
    (re.compile(r"\btp\b\s*\.?\s*"), " thanh pho "),
    (re.compile(r"\btt\b\s*\.?\s*"), " thi tran "),
    (re.compile(r"\btx\b\s*\.?\s*"), " thi xa "),
    (re.compile(r"\bx\s*\.\s*"), " xa "),
)
_UNIT = re.compile(r"^(?:quan|huyen|thanh pho|thi xa|phuong|xa|thi tran|dac khu) ")
# Quận 2, Quận 9 and Quận Thủ Đức became Thành phố Thủ Đức in 2021, the name the mapping uses.
_DISTRICT_ALIASES = {"thanh pho thu duc": ("quan 2", "quan 9", "quan thu duc")}


def address_key(text: str) -> str:
    """The folded key of an address as typed, abbreviations spelled out."""
    folded = fold(clean_text(text))
    for pattern, replacement in _ABBREVIATIONS:
        folded = pattern.sub(replacement, folded)
    return match_key(folded)


def _has(key: str, phrase: str | None) -> bool:
    return bool(phrase) and f" {phrase} " in f" {key} "


def _core(unit_key: str) -> str:
    """"quan go vap" -> "go vap"; "quan 1" -> "1"."""
    return _UNIT.sub("", unit_key)


def _names_district(key: str, district_key: str) -> bool:
    core = _core(district_key)
    if _has(key, district_key) or any(_has(key, alias) for alias in _DISTRICT_ALIASES.get(district_key, ())):
        return True
    if core.isdigit():
        return False  # "12" alone is a ward number far more often than Quận 12
    prefix = district_key[: len(district_key) - len(core)].strip()
    initials = "".join(word[0] for word in core.split())
    return _has(key, core) or (len(initials) > 1 and _has(key, f"{prefix} {initials}"))


def _names_ward(key: str, ward_key: str | None) -> bool:
    if not ward_key:
        return False
    core = _core(ward_key)
    return _has(key, ward_key) or (not core.isdigit() and len(core.split()) > 1 and _has(key, core))


def resolve_ward(text: str, session: Session) -> list[str]:
    """Today's ward(s) for an old address, sorted; empty when nothing in the text is recognised.

    One ward when the old ward is named with its district (several when it was divided); every
    ward the district's area now belongs to when only the district is named; a ward named without
    its district gives the wards of every district that had one of that name.
    """
    key = address_key(text)
    rows = list(session.scalars(select(AdminUnitMapping)))
    in_district = [row for row in rows if row.district_key and _names_district(key, row.district_key)]
    named = [row for row in (in_district or rows) if _names_ward(key, row.ward_key)]
    # "phường An Lạc A" names both "An Lạc" and "An Lạc A": keep the longest match.
    named = [row for row in named if not any(
        other.ward_key != row.ward_key and _has(other.ward_key, row.ward_key) for other in named)]
    already_new = [row for row in rows if row.new_ward and _has(key, match_key(row.new_ward))]
    # A named ward whose successor the dataset does not give (5 rows) resolves to nothing, not to
    # its district's other wards.
    chosen = named or already_new or in_district
    return sorted({row.new_ward for row in chosen if row.new_ward})
