"""Hybrid procedure search: BM25 on folded words plus e5 embeddings, fused, with a decision.

BM25 and the embedder see the same query core (see `query.py`). The embedder
gets it with diacritics restored from the catalogue's vocabulary, so
"dang ky tam tru" and "đăng ký tạm trú" reach the same vector (and the same
cache entry).
"""

from __future__ import annotations

import logging
import math
import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from knowledge.search.accents import AccentRestorer
from knowledge.search.dense import DenseIndex, fingerprint
from knowledge.search.documents import SearchDocument
from knowledge.search.embeddings import Embedder, embedder_from_setting
from knowledge.search.lexical import LexicalIndex
from knowledge.search.query import Term, query_terms
from vietnamese_text import match_key

logger = logging.getLogger(__name__)

CANDIDATES = 40
# Weights of the fused score: e5 similarity, BM25 (relative to the best) times query coverage, and how much of
# the procedure's closest name or alias the question spells out ("đăng ký tạm trú" vs "xóa đăng ký tạm trú").
DENSE_WEIGHT, LEXICAL_WEIGHT, NAME_WEIGHT = 0.4, 0.3, 0.3
# e5 cosine similarities live in a narrow band; this maps it onto [0, 1].
DENSE_FLOOR, DENSE_CEILING = 0.78, 0.95
RRF_K = 60
ANSWER_CONFIDENCE, ANSWER_MARGIN, CLARIFY_CONFIDENCE = 0.55, 0.04, 0.3
# To answer outright, the question must spell out most of one name or alias of the top procedure;
# "giấy phép" alone matches dozens of permits and gets choices instead.
ANSWER_NAME_PRECISION = 0.6
CLARIFY_CHOICES = 3
QUERY_CACHE = 4096


@dataclass(frozen=True)
class SearchHit:
    code: str
    name: str
    score: float
    source_url: str
    levels: tuple[str, ...]

    @property
    def level(self) -> str:
        return ", ".join(self.levels)


@dataclass(frozen=True)
class SearchResult:
    hits: list[SearchHit]
    decision: str  # answer | clarify | fallback
    confidence: float


class _Texts:
    """Everything derived from the documents' texts except their vectors; rebuilt whole on an edit (~0.2 s)."""

    def __init__(self, documents: list[SearchDocument]) -> None:
        self.documents = {d.code: d for d in documents}
        texts = [t for d in documents for t in d.texts]
        self.lexical = LexicalIndex(texts, [d.code for d in documents for _ in d.texts])
        self.restorer = AccentRestorer(texts)
        self.words = {d.code: [match_key(t).split() for t in d.texts] for d in documents}
        self.vocabulary = {d.code: {w for words in self.words[d.code] for w in words} for d in documents}
        frequency = Counter(w for words in self.vocabulary.values() for w in words)
        self.unknown_idf = math.log(1 + (len(documents) + 0.5) / 0.5)
        self.idf = {w: math.log(1 + (len(documents) - n + 0.5) / (n + 0.5)) for w, n in frequency.items()}

    def weight(self, word: str) -> float:
        """How much a word says about which procedure is meant (IDF over procedures; unknown words count most)."""
        return self.idf.get(word, self.unknown_idf)


class ProcedureSearch:
    def __init__(self, documents: list[SearchDocument], dense: DenseIndex, embedder: Embedder,
                 index_dir: Path | None = None) -> None:
        self.embedder = embedder
        self.fusion = "weighted"  # or "rrf" (reciprocal rank fusion), kept for the evaluation's comparison
        self.restore_accents = True
        self._dense = dense
        self._index_dir = index_dir
        self._texts = _Texts(documents)
        self._query_vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._embed_lock = threading.Lock()
        self._dense_lock = threading.Lock()

    @classmethod
    def build(cls, documents: list[SearchDocument], embedder: Embedder | None = None) -> ProcedureSearch:
        """An in-memory index (nothing saved)."""
        embedder = embedder or embedder_from_setting()
        dense = DenseIndex(embedder)
        dense.add(documents)
        return cls(documents, dense, embedder)

    @classmethod
    def load_or_build(cls, documents: list[SearchDocument], index_dir: Path, embedder: Embedder | None = None
                      ) -> ProcedureSearch:
        """Load the dense index saved for exactly these documents, or build and save it."""
        embedder = embedder or embedder_from_setting()
        index_dir = Path(index_dir)
        content = fingerprint(embedder, documents)
        dense = DenseIndex.load(embedder, index_dir, content)
        if dense is None:
            logger.info("search: embedding %d procedures with %s", len(documents), embedder.name)
            dense = DenseIndex(embedder)
            dense.add(documents)
            dense.save(index_dir, content)
        return cls(documents, dense, embedder, index_dir)

    def __len__(self) -> int:
        return len(self._texts.documents)

    def upsert(self, document: SearchDocument) -> None:
        """Make one new or edited procedure searchable now, re-embedding only its texts."""
        others = [d for code, d in self._texts.documents.items() if code != document.code]
        self._replace(others + [document], lambda dense: dense.upsert(document))

    def remove(self, code: str) -> None:
        self._replace([d for c, d in self._texts.documents.items() if c != code], lambda dense: dense.remove(code))

    def _replace(self, documents: list[SearchDocument], change) -> None:
        texts = _Texts(documents)
        with self._dense_lock:
            change(self._dense)
            self._texts = texts
            if self._index_dir is not None:
                self._dense.save(self._index_dir, fingerprint(self.embedder, documents))

    # --- single methods, for the evaluation

    def search_bm25(self, query: str, k: int = 5) -> list[SearchHit]:
        return self._hits(self._texts.lexical.scores(self._core(query_terms(query))), k)

    def search_dense(self, query: str, k: int = 5) -> list[SearchHit]:
        terms = query_terms(query)
        return self._hits(self._dense_scores(self.dense_text(terms)), k) if terms else []

    def dense_text(self, terms: list[Term]) -> str:
        """What the embedder reads: the core with diacritics restored (or as typed, when switched off)."""
        if self.restore_accents:
            return self._texts.restorer.restore(terms)
        return " ".join(t.typed or t.key for t in terms)

    # --- hybrid

    def search(self, query: str, k: int = 5) -> SearchResult:
        terms = query_terms(query)
        if not terms:
            return SearchResult([], "fallback", 0.0)
        texts, core = self._texts, self._core(terms)
        lexical = texts.lexical.scores(core)
        dense = self._dense_scores(self.dense_text(terms))
        candidates = set(dense) | set(sorted(lexical, key=lexical.get, reverse=True)[:CANDIDATES])
        weighted = {code: self._weighted(code, core, dense, lexical) for code in candidates}
        if not weighted:
            return SearchResult([], "fallback", 0.0)
        ranking = weighted if self.fusion == "weighted" else _reciprocal_rank_fusion(dense, lexical)
        hits = self._hits(ranking, k)
        top = weighted[hits[0].code]
        runner_up = max((s for code, s in weighted.items() if code != hits[0].code), default=0.0)
        decision = self._decide(top, top - runner_up, self._name_precision(core, hits[0].code))
        if decision == "clarify":
            hits = hits[:CLARIFY_CHOICES]
        return SearchResult(hits, decision, round(top, 4))

    def _weighted(self, code: str, core: str, dense: dict[str, float], lexical: dict[str, float]) -> float:
        top_lexical = max(lexical.values(), default=0.0)
        dense_part = float(np.clip((dense.get(code, DENSE_FLOOR) - DENSE_FLOOR) / (DENSE_CEILING - DENSE_FLOOR), 0, 1))
        lexical_part = lexical.get(code, 0.0) / top_lexical if top_lexical else 0.0
        return (DENSE_WEIGHT * dense_part + LEXICAL_WEIGHT * lexical_part * self._coverage(core, code)
                + NAME_WEIGHT * self._name_precision(core, code))

    @staticmethod
    def _decide(confidence: float, margin: float, name_precision: float) -> str:
        if confidence >= ANSWER_CONFIDENCE and margin >= ANSWER_MARGIN and name_precision >= ANSWER_NAME_PRECISION:
            return "answer"
        return "clarify" if confidence >= CLARIFY_CONFIDENCE else "fallback"

    @staticmethod
    def _core(terms: list[Term]) -> str:
        return " ".join(t.key for t in terms)

    def _coverage(self, core: str, code: str) -> float:
        """IDF-weighted share of the query's words found in the procedure's texts: a strong match covers them all."""
        texts, words = self._texts, set(core.split())
        total = sum(texts.weight(w) for w in words)
        return sum(texts.weight(w) for w in words & texts.vocabulary[code]) / total if total else 0.0

    def _name_precision(self, core: str, code: str) -> float:
        """Best IDF-weighted share of a name's or alias's words that the question contains.

        Weighted, so that sharing "lần đầu" with "làm sổ đỏ lần đầu" counts for little.
        """
        texts, words = self._texts, set(core.split())
        best = 0.0
        for text in texts.words[code]:
            total = sum(texts.weight(w) for w in text)
            if total:
                best = max(best, sum(texts.weight(w) for w in text if w in words) / total)
        return best

    def _dense_scores(self, text: str) -> dict[str, float]:
        with self._embed_lock:
            vector = self._query_vectors.pop(text, None)
            if vector is None:
                vector = self.embedder.embed_queries([text])[0]
            self._query_vectors[text] = vector
            if len(self._query_vectors) > QUERY_CACHE:
                self._query_vectors.popitem(last=False)
        with self._dense_lock:
            return self._dense.scores(vector, CANDIDATES)

    def _hits(self, scores: dict[str, float], k: int) -> list[SearchHit]:
        documents = self._texts.documents
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:k]
        return [SearchHit(code, documents[code].name, round(score, 4), documents[code].source_url,
                          documents[code].levels) for code, score in ranked]


def _reciprocal_rank_fusion(*rankings: dict[str, float]) -> dict[str, float]:
    fused: dict[str, float] = {}
    for scores in rankings:
        for rank, code in enumerate(sorted(scores, key=scores.get, reverse=True)[:CANDIDATES]):
            fused[code] = fused.get(code, 0.0) + 1 / (RRF_K + rank + 1)
    return fused
