"""Sibling procedures among search results, and how to ask a resident which case applies.

When the best candidates are one family ("Đăng ký khai sinh", "... có yếu tố nước ngoài",
"Đăng ký lại khai sinh"), offering three official names makes the resident decode the catalogue;
asking "which case is yours?" with the cases in plain words does not. Two procedures are siblings
when the words of one name, qualifier markers and "thủ tục" aside, are all in the other name.
"""

from __future__ import annotations

import re
from functools import lru_cache

from knowledge.search.qualifiers import case_labels, district_tier, name_qualifiers, qualifiers
from localization import N_
from vietnamese_text import match_key

# A clarifying choice must be this close to the best score, or it is not a plausible reading.
# Scores include the example memory's share (up to 0.5, hybrid.MEMORY_WEIGHT), hence a wider spread than the
# 0.12 of names alone; measured on the blind dev half (2026-12-06): resident success 0.893 at 0.12, 0.897 at 0.2.
CHOICE_SPREAD = 0.2
_NOISE = re.compile(r"^thu tuc |\bco\b|\bket hop\b|\bcho nguoi\b|\bthuc hien\b")


@lru_cache(maxsize=8192)
def _head_words(name: str) -> frozenset[str]:
    key = match_key(re.sub(r"\(.*?\)", " ", name))
    for qualifier in qualifiers():
        if qualifier.id in name_qualifiers(name):
            for marker in qualifier.markers:
                key = f" {key} ".replace(f" {marker} ", " ").strip()
    return frozenset(_NOISE.sub(" ", key).split())


_LEVEL_SUFFIX = re.compile(r"\s*\(thực hiện tại [^)]*\)\s*$", re.IGNORECASE)


def level_free_name(name: str) -> str:
    """The name without "(thực hiện tại cấp …)": records that differ only by it are one procedure at several
    levels ("Cấp lại thẻ căn cước" at the ward, the city and the ministry)."""
    return match_key(_LEVEL_SUFFIX.sub("", name))


_LEVELS_NEAREST_FIRST = ("Cấp xã", "Cấp tỉnh", "Cấp bộ")


def level_rank(name: str, levels: tuple[str, ...]) -> int:
    """0 for a record done at the ward, then the city, then the ministry; others and district-tier leftovers
    (named "cấp huyện", though filed under the ward since the reform) last."""
    if district_tier(name):
        return len(_LEVELS_NEAREST_FIRST) + 1
    return min((_LEVELS_NEAREST_FIRST.index(level) for level in levels if level in _LEVELS_NEAREST_FIRST),
               default=len(_LEVELS_NEAREST_FIRST))


def siblings(first: str, second: str) -> bool:
    a, b = _head_words(first), _head_words(second)
    return bool(a and b) and (a <= b or b <= a)


def plausible(hits: list, spread: float = CHOICE_SPREAD) -> list:
    """The hits worth offering: those scored close to the best one."""
    return [hit for hit in hits if hit.score >= hits[0].score - spread] if hits else []


def sibling_cases(hits: list, language: str = "vi", gettext=lambda text: text
                  ) -> list[tuple[object, str | None]] | None:
    """(hit, case label; None for the plain case) for the best hit's family when two or more are offered.

    A qualifier every case carries is left out of the labels ("đăng ký khai sinh có yếu tố nước ngoài" and
    "đăng ký lại khai sinh có yếu tố nước ngoài" differ by "đăng ký lại" only): labels are cut to fit a button,
    and two that began alike read the same.
    """
    family = [hit for hit in hits if hit is hits[0] or siblings(hits[0].name, hit.name)]
    if len(family) < 2:
        return None
    named = [case_labels(hit.name, language) for hit in family]
    shared = set.intersection(*(set(labels) for labels in named))
    cases = [(hit, "; ".join(label for label in labels if label not in shared) or None)
             for hit, labels in zip(family, named)]
    labels = [label for _hit, label in cases]
    if len(set(labels)) == len(labels):
        return cases
    # "Cấp lại thẻ căn cước" at the ward, the city and the ministry: one case, told apart by where it is done
    return [(hit, "; ".join(filter(None, (label, _where_done(hit, gettext))))) for hit, label in cases]


LEVEL_WORDS = {"Cấp xã": N_("làm ở phường, xã"), "Cấp tỉnh": N_("làm ở cấp Thành phố (tỉnh)"),
               "Cấp bộ": N_("làm ở cơ quan trung ương (Bộ)"), "Cơ quan khác": N_("làm ở cơ quan khác")}


def _where_done(hit, gettext) -> str | None:
    return ", ".join(gettext(LEVEL_WORDS[level]) if level in LEVEL_WORDS else level for level in hit.levels) or None
