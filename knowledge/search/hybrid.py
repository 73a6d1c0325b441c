"""Hybrid procedure search: BM25 on folded words plus e5 embeddings, fused, with a decision.

The query is first reduced to what names the procedure ("cho e hỏi làm CCCD
cần giấy tờ j" -> "can cuoc cong dan"): aspect words (fee, documents...) and
filler would otherwise match procedures that merely mention "giấy tờ". The
dense query is that core with accents restored from the catalogue's vocabulary,
so accented and unaccented questions reach the same vector.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter, OrderedDict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from knowledge.place_names import without_place_names
from knowledge.question_aspects import strip_aspect_words
from knowledge.search.accents import AccentRestorer
from knowledge.search.colloquial import with_official_words
from knowledge.search.dense import DenseIndex, fingerprint
from knowledge.search.documents import SearchDocument
from knowledge.search.embeddings import Embedder, embedder_from_setting
from knowledge.search.english import in_catalogue_words
from knowledge.search.examples import ExampleMemory, load_examples
from knowledge.search.families import CHOICE_SPREAD, level_free_name, level_rank, siblings
from knowledge.search.lexical import LexicalIndex, lexical_tokens
from knowledge.search.qualifiers import (
    PLAIN_SIBLING_PENALTY,
    adjustment,
    deaths_named,
    district_tier,
    name_qualifiers,
    question_qualifiers,
)
from vietnamese_text import fold, match_key
from vietnamese_text.privacy import mask_personal_data

logger = logging.getLogger(__name__)

CANDIDATES = 40
# Weights of the fused score: e5 similarity, BM25 (relative to the best) times query coverage, and how much of
# the procedure's closest name or alias the question spells out ("đăng ký tạm trú" vs "xóa đăng ký tạm trú").
DENSE_WEIGHT, LEXICAL_WEIGHT, NAME_WEIGHT = 0.4, 0.3, 0.3
# BM25 over each procedure's context (its result and documents: documents.context_text), relative to the best,
# takes this share of the fused score: the words of a resident's situation that no name carries. Measured on the
# blind dev half (2026-12-05): 0.05 best (hit@1 0.688 -> 0.701); 0.1 and more, or with the steps, conditions and
# audience in the context, lower. An e5 vector of name + result + documents beside the names' did not help.
CONTEXT_WEIGHT, CONTEXT_CANDIDATES = 0.05, 10
# e5 cosine similarities live in a narrow band; this maps it onto [0, 1].
DENSE_FLOOR, DENSE_CEILING = 0.78, 0.95
ANSWER_CONFIDENCE, ANSWER_MARGIN, CLARIFY_CONFIDENCE = 0.6, 0.08, 0.3
# To answer outright, the question must spell out most of one name or alias of the top procedure;
# "giấy phép" alone matches dozens of permits and gets choices instead.
ANSWER_NAME_PRECISION = 0.6
QUERY_CACHE = 4096
# The closest of residents' example questions (knowledge/search/examples.py), its e5 similarity mapped from
# [floor, ceiling] onto [0, 1], adds this much. It reorders only: whether to answer outright is still decided
# on the score without it (and only when both agree on the first), so outright answers stay as careful.
# Measured on the blind dev half (2026-12-06, examples written blind, none from the evaluation sets): hit@1
# 0.768 -> 0.879 (unaccented 0.754 -> 0.853), outright precision 0.947 -> 0.957, old set 0.918 -> 0.918 with the
# first 654 examples; 0.888 (0.857), hit@3 0.969, old set 0.926 with all 1,337.
# Weights 0.3-0.7 and floors 0.87-0.90 were within 0.02 of each other; 0.86 and below let any resident-style
# question count as close.
MEMORY_WEIGHT, MEMORY_FLOOR, MEMORY_CEILING = 0.5, 0.88, 0.96
# Procedures the memory adds to the candidates: its closest ones only. Every procedure with an example above the
# floor came to about 94 a search and doubled the p95 latency (2026-12-07).
MEMORY_CANDIDATES = 10
# No outright answer when an example question of another procedure is this much closer than any of the top's
# (blind dev half, 2026-12-06, 1,337 examples: outright precision 0.947 -> 0.978, resident success 0.942 -> 0.951;
# 0.02: 0.967 / 0.951; 0.04: 0.946 / 0.942; the older set answers 58 % -> 46 % outright, as many right).
EXAMPLES_DISAGREE = 0.01
# A word (or word pair) found in more than this share of procedures' names names no procedure ("giấy", "cấp").
DISTINCTIVE_SHARE = 0.02
_PLACEHOLDER = re.compile(r"\[[^\]]*\]")
# "… để <what comes after> (thì …|, …)": a purpose clause, up to "thì" or a punctuation mark. Unaccented "de" is
# also "đề nghị", "đề xuất", "đề cập"; "để lại", "để dành", "để ý" are no purpose, nor is what "thủ tục để …",
# "làm gì để …" ask about.
_PURPOSE = re.compile(r"(?<!\w)(?<!thủ tục )(?<!thu tuc )(?<!gì )(?<!gi )(?<!j )(?<!sao )(?<!nào )(?<!nao )"
                      r"(?:để|đễ|de)\s+(?!(?:nghị|nghi|xuất|xuat|cập|cap|lại|lai|dành|danh|ý)\b)[^,.;!?]*?"
                      r"(?=\s+(?:thì|thi)\b|[,.;!?]|$)", re.IGNORECASE)
# a paper asked for (after aspect words are gone: "giấy tờ gì" is no paper): a purpose clause says what it is for
_NAMES_A_PAPER = re.compile(r"\b(?:giay|xac nhan|ban sao|trich luc|phieu|chung nhan)\b")
# distinctive words (or word pairs) the question must keep without its purpose clause to be searched without it
PURPOSE_KEPT_WORDS = 2
# "có cần <a paper> không" asks whether to bring a paper, which names no procedure ("làm khai tử cần mang cccd của
# bà ko", "làm giấy kết hôn có cần giấy xác nhận độc thân không"); on the folded, abbreviation-expanded question.
_ASKED_PAPER = re.compile(r"\b(?:co )?can (?:mang |nop |co |them |xin )?(?:theo )?(?P<paper>(?:giay|ban sao|ban chinh|"
                          r"hop dong|can cuoc|don|to khai|anh|xet nghiem|dich thuat)(?: \w+){0,5}? )"
                          r"(?:khong|ko|k|hong|hok|hk|kg)\b")


@dataclass(frozen=True)
class SearchHit:
    code: str
    name: str
    score: float
    source_url: str
    levels: tuple[str, ...]


@dataclass(frozen=True)
class SearchResult:
    hits: list[SearchHit]
    decision: str  # answer | clarify | fallback
    confidence: float


class ProcedureSearch:
    def __init__(self, documents: list[SearchDocument], dense: DenseIndex, embedder: Embedder) -> None:
        self._embedder = embedder
        self._dense = dense
        self._query_vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._set_documents(documents)
        # only the examples of procedures this index holds are embedded (a small test catalogue embeds a few)
        examples = [e for e in load_examples() if any(code in self._documents for code in e.codes)]
        self._examples = ExampleMemory.build(examples, embedder, lambda q: self.dense_query(q, whole=True))

    @classmethod
    def build(cls, documents: list[SearchDocument], embedder: Embedder | None = None) -> ProcedureSearch:
        embedder = embedder or embedder_from_setting()
        dense = DenseIndex(embedder)
        dense.add(documents)
        return cls(documents, dense, embedder)

    @classmethod
    def load_or_build(cls, documents: list[SearchDocument], index_dir: Path, embedder: Embedder | None = None
                      ) -> ProcedureSearch:
        """Load the dense index saved for exactly these documents, or build and save it."""
        embedder = embedder or embedder_from_setting()
        content = fingerprint(embedder, documents)
        dense = DenseIndex.load(embedder, index_dir, content)
        if dense is None:
            logger.info("search: embedding %d procedures", len(documents))
            dense = DenseIndex(embedder)
            dense.add(documents)
            dense.save(index_dir, content)
        search = cls(documents, dense, embedder)
        search._index_dir = index_dir
        return search

    _index_dir: Path | None = None

    def _set_documents(self, documents: list[SearchDocument]) -> None:
        self._documents = {d.code: d for d in documents}
        owners = [d.code for d in documents for _ in d.texts]
        texts = [t for d in documents for t in d.texts]
        self._lexical = LexicalIndex(texts, owners)
        self._context = LexicalIndex([d.context for d in documents], [d.code for d in documents])
        self._restorer = AccentRestorer(texts)
        self._vocabulary = {d.code: {w for t in d.texts for w in lexical_tokens(t)} for d in documents}
        self._document_frequency = Counter(w for words in self._vocabulary.values() for w in words)
        self._text_words = {d.code: [match_key(t).split() for t in d.texts] for d in documents}
        self._spellings = {d.code: _spellings(d.texts) for d in documents}
        self._level_key = {d.code: level_free_name(d.name) for d in documents}
        self._by_level_free_name: dict[str, list[str]] = {}
        for d in documents:
            self._by_level_free_name.setdefault(self._level_key[d.code], []).append(d.code)

    def upsert(self, document: SearchDocument) -> None:
        """Make one new or edited procedure searchable now, without re-embedding the others."""
        self._dense.upsert(document)
        self._set_documents([d for c, d in self._documents.items() if c != document.code] + [document])
        self._save()

    def remove(self, code: str) -> None:
        self._dense.remove(code)
        self._set_documents([d for c, d in self._documents.items() if c != code])
        self._save()

    def _save(self) -> None:
        if self._index_dir is not None:
            self._dense.save(self._index_dir, fingerprint(self._embedder, list(self._documents.values())))

    def core(self, query: str) -> str:
        """The words of the query that name a procedure (folded).

        Phone and ID numbers and names say nothing about the procedure ("cccd 0792… bị mất" is about the
        card, not about numbers): they are masked and dropped before anything is ranked. Residents' names
        for documents ("cà vẹt", "sổ hồng") bring the catalogue's words along (knowledge/search/colloquial.py).
        """
        return _core(self.asked_part(query))

    def typed_core(self, query: str, whole: bool = False) -> str:
        """The core with the words typed with diacritics kept as typed, for the embedding (`whole`: with its
        purpose clause, as residents' example questions are embedded: they describe the whole situation)."""
        return _typed_core(query if whole else self.asked_part(query))

    def asked_part(self, query: str) -> str:
        """The question without what the resident means to do with the paper asked for, when what is left still
        names it: "xin giấy xác nhận độc thân để đăng ký kết hôn với người nước ngoài" asks for the certificate,
        "cần giấy xác nhận có quốc tịch Việt Nam để làm hồ sơ kết hôn ở nước ngoài" too; "cần giấy tờ gì để đăng ký
        kết hôn" keeps it all."""
        main = _PURPOSE.sub(" ", query)
        if main == query:
            return query
        core = strip_aspect_words(without_place_names(mask_personal_data(main)))
        if not _NAMES_A_PAPER.search(core):
            return query  # "cán bộ đến tận nhà để làm đăng ký kết hôn": the purpose is what is asked
        limit = DISTINCTIVE_SHARE * max(len(self._vocabulary), 1)
        words = lexical_tokens(core)
        distinctive = [w for w in words if 0 < self._document_frequency[w] <= limit]
        return main if len(distinctive) >= PURPOSE_KEPT_WORDS else query

    def word_fit(self, core: str, code: str) -> float:
        """Share of the (folded) words the procedure's names and aliases contain; 0 for an unknown code."""
        return self._coverage(core, code) if code in self._vocabulary else 0.0

    def dense_query(self, query: str, whole: bool = False) -> str:
        return self._restorer.restore(self.typed_core(query, whole) or query)

    def search_bm25(self, query: str, k: int = 5) -> list[SearchHit]:
        return self._hits(self._lexical.scores(self.core(query) or query), k)

    def search_dense(self, query: str, k: int = 5) -> list[SearchHit]:
        return self._hits(self._dense_scores(self.dense_query(query)), k)

    def search(self, query: str, k: int = 5) -> SearchResult:
        asked_part = self.asked_part(query)  # once: core, typed core and qualifiers all read it
        core = _core(asked_part)
        if not core:
            return SearchResult([], "fallback", 0.0)
        lexical = self._lexical.scores(core)
        typed_core = _typed_core(asked_part)
        typed = _typed_spellings(typed_core)
        vector = self._query_vector(self._restorer.restore(typed_core or query))  # dense_query(query)
        dense = self._dense.scores(vector, CANDIDATES)
        memory = self._examples.scores(vector, self._documents)
        top_lexical = max(lexical.values(), default=0.0)
        context = self._context.scores(core)
        top_context = max(context.values(), default=0.0)
        asked = question_qualifiers(mask_personal_data(asked_part))
        base = {}
        candidates = (set(dense) | set(sorted(lexical, key=lexical.get, reverse=True)[:CANDIDATES])
                      | set(sorted(context, key=context.get, reverse=True)[:CONTEXT_CANDIDATES])
                      | {code for code in sorted(memory, key=memory.get, reverse=True)[:MEMORY_CANDIDATES]
                         if memory[code] >= MEMORY_FLOOR})
        for code in candidates:
            dense_part = _unit((dense.get(code, DENSE_FLOOR) - DENSE_FLOOR) / (DENSE_CEILING - DENSE_FLOOR))
            lexical_part = lexical.get(code, 0.0) / top_lexical if top_lexical else 0.0
            base[code] = ((1 - CONTEXT_WEIGHT) * (DENSE_WEIGHT * dense_part
                          + LEXICAL_WEIGHT * lexical_part * self._coverage(core, code)
                          + NAME_WEIGHT * self._name_precision(core, code, typed))
                          + CONTEXT_WEIGHT * (context.get(code, 0.0) / top_context if top_context else 0.0)
                          + adjustment(asked, self._documents[code].name))
        set_back = self._prefer_asked_siblings(base, asked) if asked else set()
        # residents' example questions are written for the plain case: when the question names a qualifier a
        # sibling carries ("vợ em người Thái Lan… làm khai sinh cho bé"), they don't speak for the plain sibling
        fused = {code: score + (0.0 if code in set_back else MEMORY_WEIGHT * _unit(
                     (memory.get(code, 0.0) - MEMORY_FLOOR) / (MEMORY_CEILING - MEMORY_FLOOR)))
                 for code, score in base.items()}
        hits = self._hits(fused, k)
        if not hits:
            return SearchResult([], "fallback", 0.0)
        top = hits[0].code
        ranked = sorted(base, key=lambda code: (-base[code], code))
        # one procedure at several levels is one answer (it names the others), not a choice the resident can't make
        rivals = [code for code in ranked if code != top and not self.level_twins(code, top)]
        confidence = base[top]
        margin = confidence - (base[rivals[0]] if rivals else 0.0)
        # nothing else close enough to be offered: a choice would list one procedure's levels only
        unrivalled = not any(fused[code] >= fused[top] - CHOICE_SPREAD for code in rivals)
        if ((ranked[0] == top or self.level_twins(ranked[0], top))
                and (self._named_exactly(core, top) or not self._examples_disagree(memory, top))
                and confidence >= ANSWER_CONFIDENCE and (margin >= ANSWER_MARGIN or unrivalled)
                and self._name_precision(core, hits[0].code, typed) >= ANSWER_NAME_PRECISION):
            decision = "answer"
            hits = self._nearest_level_first(hits, fused)
        elif hits[0].score >= CLARIFY_CONFIDENCE:  # a close example question is worth offering
            decision = "clarify"
        else:
            decision = "fallback"
        return SearchResult(hits, decision, round(confidence, 4))

    def level_twins(self, first: str, second: str) -> bool:
        """Two codes of one procedure at different levels: the same name but for "(thực hiện tại cấp …)"."""
        return first != second and self._level_key[first] == self._level_key[second]

    def twins(self, code: str) -> list[SearchHit]:
        """The same procedure's records at other levels (never the district tier), in the catalogue's order."""
        if code not in self._documents:
            return []
        return [self._hit(other, 0.0) for other in self._by_level_free_name[self._level_key[code]]
                if other != code and not district_tier(self._documents[other].name)]

    def _nearest_level_first(self, hits: list[SearchHit], fused: dict[str, float]) -> list[SearchHit]:
        """The answer at the level nearest the resident (ward, then city, then ministry) among the records of one
        procedure at several levels: "trình báo mất hộ chiếu" is made at the ward's police first."""
        twins = [code for code in fused if code == hits[0].code or self.level_twins(code, hits[0].code)]
        nearest = min(twins, key=lambda code: (level_rank(self._documents[code].name, self._documents[code].levels),
                                               -fused[code], code))
        return [self._hit(nearest, fused[nearest])] + [hit for hit in hits if hit.code != nearest]

    def _named_exactly(self, core: str, code: str) -> bool:
        """The question's words are exactly one of the procedure's names or aliases (an alias staff made of
        residents' questions, "đăng ký nuôi chó"): what it asks is settled, whatever example questions say."""
        words = set(core.split())
        return any(set(text) == words for text in self._text_words[code])

    def _examples_disagree(self, memory: dict[str, float], code: str) -> bool:
        """A resident's example question clearly closer to another procedure (not the same one at another level)
        than any of this one's: ask, don't answer ("xe của ba em đứng tên, ba mất rồi, giờ sang tên cho mẹ" names
        the land transfer's words, its examples the vehicle's; "tách hộ khẩu…" names the residence registration's
        alias, its examples "Tách hộ")."""
        best = max(memory, key=memory.get, default=None)
        return (best is not None and best != code and memory[best] >= MEMORY_FLOOR
                and memory[best] - memory.get(code, 0.0) >= EXAMPLES_DISAGREE and not self.level_twins(best, code))

    def _prefer_asked_siblings(self, fused: dict[str, float], asked: frozenset[str]) -> set[str]:
        """Set back candidates that lack the asked qualifier when a sibling among the leaders carries it; the
        codes set back."""
        leaders = sorted(fused, key=fused.get, reverse=True)[:10]
        carriers = [self._documents[c].name for c in leaders if name_qualifiers(self._documents[c].name) & asked]
        set_back = set()
        for code in leaders:
            name = self._documents[code].name
            if not name_qualifiers(name) & asked and any(siblings(name, other) for other in carriers):
                fused[code] -= PLAIN_SIBLING_PENALTY
                set_back.add(code)
        return set_back

    def _coverage(self, core: str, code: str) -> float:
        """Share of the query's words found in the procedure's texts: a strong match covers them all."""
        words = core.split()
        vocabulary = self._vocabulary[code]
        return sum(w in vocabulary for w in words) / len(words) if words else 0.0

    def _same_spelling(self, word: str, code: str, typed: dict[str, set[tuple[str, str]]] | None) -> bool:
        """False when the resident typed the word with diacritics that none of the procedure's spellings has:
        "Từ Dũ" (a hospital) is not "khai tử", "hồ" is not "hộ". Unaccented words match any spelling."""
        if not typed or word not in typed:
            return True
        spellings = self._spellings[code].get(word)
        return spellings is None or bool(spellings & typed[word])

    def _name_precision(self, core: str, code: str, typed: dict[str, set[tuple[str, str]]] | None = None) -> float:
        """Best share of a name's or alias's words that the question contains, spelled alike where the resident
        typed diacritics (`_same_spelling`).

        (Tried on the blind dev half, 2026-12-04: crediting only words matched side by side with a neighbour,
        fully or half, lowered hit@1 on both sets; bag of words kept. The spelling check also in the BM25
        coverage: dev hit@1 0.688 and the older set 0.902, against 0.692 and 0.910 here only.)
        """
        words = {w for w in core.split() if self._same_spelling(w, code, typed)}
        return max((sum(w in words for w in text) / len(text) for text in self._text_words[code] if text), default=0.0)

    def naming_words(self, core: str, code: str, other: str | None = None) -> list[str]:
        """Distinctive words and word pairs of the query that the procedure's names contain (and `other`'s don't)."""
        vocabulary = self._vocabulary.get(code, set())
        excluded = self._vocabulary.get(other, set()) if other else set()
        limit = DISTINCTIVE_SHARE * max(len(self._vocabulary), 1)
        return [w for w in dict.fromkeys(lexical_tokens(core))
                if w in vocabulary and w not in excluded and self._document_frequency[w] <= limit]

    def _dense_scores(self, text: str) -> dict[str, float]:
        return self._dense.scores(self._query_vector(text), CANDIDATES)

    def _query_vector(self, text: str) -> np.ndarray:
        vector = self._query_vectors.pop(text, None)
        if vector is None:
            vector = self._embedder.embed_queries([text])[0]
        self._query_vectors[text] = vector
        if len(self._query_vectors) > QUERY_CACHE:
            self._query_vectors.popitem(last=False)
        return vector

    def _hits(self, scores: dict[str, float], k: int) -> list[SearchHit]:
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:k]
        return [self._hit(code, score) for code, score in ranked]

    def _hit(self, code: str, score: float) -> SearchHit:
        document = self._documents[code]
        return SearchHit(code, document.name, round(score, 4), document.source_url, document.levels)

    def __len__(self) -> int:
        return len(self._documents)


def _unit(value: float) -> float:
    """Clipped to [0, 1] (np.clip on one number was a tenth of a search's time)."""
    return min(max(float(value), 0.0), 1.0)


def _core(query: str) -> str:
    """ProcedureSearch.core of a question already cut to its asked part."""
    core = deaths_named(strip_aspect_words(_PLACEHOLDER.sub(" ", _without_person_or_place(query))))
    return with_official_words(in_catalogue_words(_without_asked_paper(core, query), query))


def _typed_core(query: str) -> str:
    """ProcedureSearch.typed_core of a question already cut to its asked part (or kept whole)."""
    core = strip_aspect_words(_PLACEHOLDER.sub(" ", _without_person_or_place(query)), typed=True)
    return with_official_words(in_catalogue_words(core, query))


def _without_person_or_place(query: str) -> str:
    """Personal numbers masked, and where the resident lives left out: neither names a procedure."""
    return without_place_names(mask_personal_data(query))


def _without_asked_paper(core: str, query: str) -> str:
    """The core without the words of a paper the resident asks whether to bring, if two words or more are left.

    (Measured on the blind dev half, 2026-12-06: hit@1 0.759 -> 0.768, outright precision 0.937 -> 0.947; any
    words between "có cần" and "không" instead of a paper lowered the older set: "có cần báo tạm vắng không"
    names the procedure.)"""
    asked = _ASKED_PAPER.search(match_key(query))
    if asked is None:
        return core
    paper = set(asked.group("paper").split())
    kept = [word for word in core.split() if word not in paper]
    return " ".join(kept) if len(kept) >= 2 else core


def _spellings(texts: list[str]) -> dict[str, set[tuple[str, str]]]:
    """Folded syllable -> the lower-case accented spellings the procedure's names and aliases use for it."""
    spellings: dict[str, set[str]] = {}
    for text in texts:
        for word in _SYLLABLE.findall(text.lower()):
            if fold(word) != word.replace("đ", "d"):  # aliases typed plain say nothing about the spelling
                spellings.setdefault(fold(word), set()).add(_spelling(word))
    return spellings


def _typed_spellings(typed_core: str) -> dict[str, set[tuple[str, str]]]:
    """Folded syllable -> the spellings the resident typed with diacritics (words typed plain are left out)."""
    typed: dict[str, set[str]] = {}
    for word in typed_core.split():
        if fold(word) != word.replace("đ", "d"):
            typed.setdefault(fold(word), set()).add(_spelling(word))
    return typed


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def _spelling(word: str) -> tuple[str, str]:
    """The syllable's letters (vowel marks kept, y as i) and its tone wherever it is placed: "hoá" = "hóa",
    "kí" = "ký", while "từ" and "tử" differ."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    letters = "".join(ch for ch in decomposed if ch not in _TONES).replace("y", "i")
    return unicodedata.normalize("NFC", letters), "".join(ch for ch in decomposed if ch in _TONES)


_SYLLABLE = re.compile(r"\w+")
