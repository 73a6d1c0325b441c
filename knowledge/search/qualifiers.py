"""Qualifiers that pick a sibling procedure: foreign element, re-registration, re-issue, correction...

"Đăng ký khai sinh", "đăng ký khai sinh có yếu tố nước ngoài" and "đăng ký lại khai sinh" share
almost every word, so word and embedding scores alone let the generic one win whatever the resident
said ("chồng em người Đài Loan", "mất cả giấy lẫn sổ gốc"). The qualifiers, their residents' words and
the official-name markers are reviewed data (knowledge/data/qualifiers.yml, each with its basis).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from vietnamese_text import match_key

DATA = Path(__file__).resolve().parent.parent / "data" / "qualifiers.yml"
# Score adjustments on the fused [0, 1] scale: a sibling matching the question's qualifier moves up,
# a sibling carrying a qualifier the question never mentions moves down, and so do the district-tier
# leftovers (no district level since 1 July 2025).
MATCH_BONUS, UNASKED_PENALTY, DISTRICT_PENALTY = 0.12, 0.08, 0.1
_DISTRICT_TIER = re.compile(r"\bcap huyen\b")


@dataclass(frozen=True)
class Qualifier:
    id: str
    label: str
    resident: tuple[str, ...]
    patterns: tuple[re.Pattern, ...]
    markers: tuple[str, ...]

    def in_question(self, key: str) -> bool:
        padded = f" {key} "
        return any(f" {phrase} " in padded for phrase in self.resident) or any(p.search(key) for p in self.patterns)

    def in_name(self, name_key: str) -> bool:
        padded = f" {name_key} "
        return any(f" {marker} " in padded for marker in self.markers)


@lru_cache(maxsize=1)
def qualifiers() -> tuple[Qualifier, ...]:
    entries = yaml.safe_load(DATA.read_text(encoding="utf-8")) or []
    return tuple(
        Qualifier(id=e["id"], label=e["label"], resident=tuple(match_key(p) for p in e.get("resident") or ()),
                  patterns=tuple(re.compile(p) for p in e.get("patterns") or ()),
                  markers=tuple(match_key(m) for m in e["markers"]))
        for e in entries
    )


def question_qualifiers(question: str) -> frozenset[str]:
    key = match_key(question)
    return frozenset(q.id for q in qualifiers() if q.in_question(key))


@lru_cache(maxsize=8192)
def name_qualifiers(name: str) -> frozenset[str]:
    key = match_key(name)
    return frozenset(q.id for q in qualifiers() if q.in_name(key))


def adjustment(asked: frozenset[str], name: str) -> float:
    """Score change for a procedure named `name` when the question carries the qualifiers `asked`."""
    carried = name_qualifiers(name)
    change = MATCH_BONUS * len(carried & asked) - UNASKED_PENALTY * len(carried - asked)
    if _DISTRICT_TIER.search(match_key(name)):
        change -= DISTRICT_PENALTY
    return change


def case_label(name: str) -> str | None:
    """How the case of a sibling is named to residents (None for the plain procedure)."""
    labels = [q.label for q in qualifiers() if q.id in name_qualifiers(name)]
    return "; ".join(labels) if labels else None
