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
# a sibling carrying a qualifier the question never mentions moves down (by the qualifier's
# unasked_penalty), and so do the district-tier leftovers (no district level since 1 July 2025) and,
# a little, the ministry-level copies of a procedure.
MATCH_BONUS, UNASKED_PENALTY, DISTRICT_PENALTY, CENTRAL_PENALTY = 0.2, 0.1, 0.1, 0.05
# A procedure without the asked qualifier whose sibling has it ("đăng ký khai sinh" when the question is about
# a Taiwanese husband and "... có yếu tố nước ngoài" is a candidate) moves down too.
PLAIN_SIBLING_PENALTY = 0.1
_DISTRICT_TIER = re.compile(r"\bcap huyen\b")
# "(thực hiện tại cấp trung ương)": the same procedure filed with a ministry; a ward's resident goes local.
_CENTRAL_TIER = re.compile(r"\bthuc hien tai cap trung uong\b")


@dataclass(frozen=True)
class Qualifier:
    id: str
    label: str | None
    label_en: str | None
    resident: tuple[str, ...]
    patterns: tuple[re.Pattern, ...]
    unless: tuple[re.Pattern, ...]
    markers: tuple[str, ...]
    unasked_penalty: float = 0.1
    not_markers: tuple[str, ...] = ()
    outranks: tuple[str, ...] = ()  # qualifiers this one replaces when both are read ("mất cả giấy lẫn sổ gốc")

    def in_question(self, key: str) -> bool:
        """A resident phrase, or a pattern no `unless` pattern vetoes ("bà em mất" is no lost paper)."""
        padded = f" {key} "
        if any(f" {phrase} " in padded for phrase in self.resident):
            return True
        return any(p.search(key) for p in self.patterns) and not any(u.search(key) for u in self.unless)

    def in_name(self, name_key: str) -> bool:
        padded = f" {name_key} "
        for phrase in self.not_markers:  # "người Việt Nam định cư ở nước ngoài" names a person, not where to file
            padded = padded.replace(f" {phrase} ", " ")
        return any(f" {marker} " in padded for marker in self.markers)


@lru_cache(maxsize=1)
def qualifiers() -> tuple[Qualifier, ...]:
    entries = yaml.safe_load(DATA.read_text(encoding="utf-8")) or []
    return tuple(
        Qualifier(id=e["id"], label=e.get("label"), label_en=e.get("label_en"),
                  resident=tuple(match_key(p) for p in e.get("resident") or ()),
                  patterns=tuple(re.compile(p) for p in e.get("patterns") or ()),
                  unless=tuple(re.compile(p) for p in e.get("unless") or ()),
                  markers=tuple(match_key(m) for m in e["markers"]),
                  unasked_penalty=float(e.get("unasked_penalty", UNASKED_PENALTY)),
                  not_markers=tuple(match_key(m) for m in e.get("not_markers") or ()),
                  outranks=tuple(e.get("outranks") or ()))
        for e in entries
    )


def question_qualifiers(question: str) -> frozenset[str]:
    key = match_key(question)
    read = [q for q in qualifiers() if q.in_question(key)]
    replaced = {other for q in read for other in q.outranks}
    return frozenset(q.id for q in read if q.id not in replaced)


@lru_cache(maxsize=8192)
def name_qualifiers(name: str) -> frozenset[str]:
    key = match_key(name)
    return frozenset(q.id for q in qualifiers() if q.in_name(key))


def deaths_named(key: str) -> str:
    """The folded question with "mất" read as "qua đời" where it tells that a person died ("bà ngoại em mất, làm
    khai tử…"): the re-issue qualifier's `unless` patterns are those ways of saying it. Otherwise "mất" matches
    the "lost card" names and aliases ("mất căn cước") of whatever document the question mentions."""
    reissue = next((q for q in qualifiers() if q.id == "reissue"), None)
    for pattern in reissue.unless if reissue else ():
        key = pattern.sub(lambda m: m.group(0)[:-3] + "qua doi", key)
    return key


def adjustment(asked: frozenset[str], name: str) -> float:
    """Score change for a procedure named `name` when the question carries the qualifiers `asked`."""
    carried = name_qualifiers(name)
    change = MATCH_BONUS * len(carried & asked) - sum(q.unasked_penalty for q in qualifiers()
                                                      if q.id in carried and q.id not in asked)
    return change - _tier_penalty(name)


@lru_cache(maxsize=8192)
def _tier_penalty(name: str) -> float:
    """Cached per name: folding every candidate's name on every search was a third of search time."""
    key = match_key(name)
    return (DISTRICT_PENALTY if _DISTRICT_TIER.search(key) else 0.0) + \
        (CENTRAL_PENALTY if _CENTRAL_TIER.search(key) else 0.0)


def district_tier(name: str) -> bool:
    """Named "(thực hiện tại cấp huyện)": a tier that no longer exists."""
    return bool(_DISTRICT_TIER.search(match_key(name)))


def case_labels(name: str, language: str = "vi") -> list[str]:
    """How the case of a sibling is named to residents, one label per qualifier its name carries ([] for the
    plain procedure); in English where the resident writes English."""
    carried = name_qualifiers(name)
    return [(q.label_en if language == "en" and q.label_en else q.label) for q in qualifiers()
            if q.label and q.id in carried]
