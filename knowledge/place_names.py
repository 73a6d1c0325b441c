"""Ho Chi Minh City place names as residents write them, to tell "where I live" from "what I ask".

"nộp ở đâu vậy, nhà mình ở Bình Thạnh" asks where to apply for the procedure already discussed:
the district's name says where the resident lives, not which procedure. Names come from the
shipped old-to-new ward mapping (knowledge/data/hcmc_old_to_new_wards.csv): old districts, old
wards and today's wards, folded, with and without their unit word.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache

from knowledge.reference_data import DATA_DIR
from vietnamese_text import match_key

_UNIT = re.compile(r"^(quan|huyen|thanh pho|thi xa|phuong|xa|thi tran|dac khu|tinh)\s+")
# Words that introduce where the resident lives or stands; they go with the place name.
_HOME_WORDS = ("nha minh o", "nha em o", "nha toi o", "em o", "minh o", "toi o", "nha o", "o", "tai", "khu vuc",
               "ben", "nha")


@lru_cache(maxsize=1)
def place_keys() -> frozenset[str]:
    """Folded names: 'quan 5', '5' is left out (a bare number is not a place), 'binh thanh', 'phuong an dong'."""
    keys: set[str] = set()
    with (DATA_DIR / "hcmc_old_to_new_wards.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for name in (row["old_district"], row["old_ward"], row["new_ward"]):
                key = match_key(name or "")
                if not key:
                    continue
                keys.add(key)
                bare = _UNIT.sub("", key)
                if bare and not bare.isdigit() and len(bare.split()) >= 2:
                    keys.add(bare)
    keys.update({"sai gon", "tphcm", "tp hcm", "ho chi minh", "thanh pho ho chi minh", "thu duc"})
    return frozenset(keys)


_WORDS = re.compile(r"\S+")


@lru_cache(maxsize=1)
def _places_by_first_word() -> dict[str, list[list[str]]]:
    by_first: dict[str, list[list[str]]] = {}
    for place in sorted(place_keys(), key=len, reverse=True):
        by_first.setdefault(place.split()[0], []).append(place.split())
    return by_first


def without_place_names(text: str) -> str:
    """`text` (as typed, or a folded key) without place names and the words that introduce them ("nhà mình ở Bình
    Thạnh"): "ra ủy ban quận 5 làm giấy khai sinh" asks about the birth registration wherever the resident lives,
    and a place's words would only pull the question towards other questions naming places."""
    words = _WORDS.findall(text)
    keys = [match_key(word) for word in words]
    kept = [True] * len(words)
    for start, key in enumerate(keys):
        for place in _places_by_first_word().get(key, ()):
            end = start + len(place)
            if keys[start:end] == place and all(kept[start:end]):
                first = start
                for lead in _HOME_WORDS:
                    size = len(lead.split())
                    if start >= size and keys[start - size:start] == lead.split():
                        first = start - size
                        break
                kept[first:end] = [False] * (end - first)
                break
    return " ".join(word for word, keep in zip(words, kept) if keep)
