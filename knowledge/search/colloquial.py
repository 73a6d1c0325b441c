"""Residents' names for documents ("cà vẹt", "sổ hồng", "LLTP", "CT07") turned into the catalogue's words.

The table is reviewed data with a basis for each line (knowledge/data/colloquial_names.yml). The
official words are added to the question, not substituted, so a name that also appears in the
catalogue keeps matching as typed.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from vietnamese_text import match_key

DATA = Path(__file__).resolve().parent.parent / "data" / "colloquial_names.yml"


@lru_cache(maxsize=4)
def term_table(path: Path = DATA) -> tuple[tuple[str, str], ...]:
    """(folded term, folded official words) of a reviewed table of `terms` and `official`, longest terms first."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    pairs = {match_key(term): match_key(entry["official"]) for entry in entries for term in entry["terms"]}
    return tuple(sorted(pairs.items(), key=lambda pair: -len(pair[0])))


def with_official_words(core: str) -> str:
    """The core (folded or as typed) with the official words of every colloquial name it contains appended."""
    padded = f" {match_key(core)} "
    added = []
    for term, official in term_table():
        if f" {term} " in padded and official not in added:
            added.append(official)
            padded = padded.replace(f" {term} ", " ")
    return " ".join([core, *added]) if added else core
