"""Residents' own questions, each labelled with the procedures that answer it: a memory the search consults.

A name says what the catalogue calls a procedure; residents describe their situation ("ba em mất, xe ba đứng
tên, giờ sang tên cho mẹ"). Questions written that way, with the codes a ward officer would accept
(`knowledge/data/resident_questions.yml`, written blind from the catalogue, see its header), are embedded like
queries; a new question close to one of them votes for that one's procedures.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from knowledge.search.embeddings import Embedder

EXAMPLES_FILE = Path(__file__).resolve().parent.parent / "data" / "resident_questions.yml"
# Vectors are kept per prepared text, in this process and in `var/search` whatever the index's own directory, so
# a server or test on another catalogue (whose accent restoration prepares some texts differently) embeds only
# the texts it prepares differently, not all 1,335 again.
SHARED_CACHE = Path(__file__).resolve().parents[2] / "var" / "search"
_EMBEDDED: dict[tuple[str, str], np.ndarray] = {}  # (embedder, prepared text) -> vector


@dataclass(frozen=True)
class Example:
    question: str
    codes: tuple[str, ...]


def load_examples(path: Path = EXAMPLES_FILE) -> list[Example]:
    if not path.exists():
        return []
    entries = yaml.safe_load(path.read_text("utf-8"))["questions"]
    return [Example(entry["q"], tuple(entry["codes"])) for entry in entries]


class ExampleMemory:
    """Example questions as query vectors; `scores` gives each procedure its closest example's similarity."""

    def __init__(self, examples: list[Example], vectors: np.ndarray) -> None:
        self._examples = examples
        self._vectors = vectors
        # each code's example rows, grouped: the best per code is then one numpy reduction, not a Python loop
        pairs = sorted((code, row) for row, example in enumerate(examples) for code in example.codes)
        self._codes = list(dict.fromkeys(code for code, _row in pairs))
        self._rows = np.array([row for _code, row in pairs], dtype=np.int64)
        self._starts = np.array([i for i, (code, _row) in enumerate(pairs) if i == 0 or pairs[i - 1][0] != code],
                                dtype=np.int64)

    @classmethod
    def build(cls, examples: list[Example], embedder: Embedder, prepare, cache_dir: Path = SHARED_CACHE
              ) -> ExampleMemory:
        """Embed each example as `prepare(question)` (the search's dense query); vectors cached per text."""
        texts = [prepare(example.question) or example.question for example in examples]
        if not texts:
            return cls(examples, np.zeros((0, embedder.dim), dtype=np.float32))
        saved = cache_dir / f"examples-{hashlib.sha256(embedder.name.encode()).hexdigest()[:16]}.npz"
        missing = [text for text in dict.fromkeys(texts) if (embedder.name, text) not in _EMBEDDED]
        if missing:
            _load(saved, embedder.name)
            missing = [text for text in missing if (embedder.name, text) not in _EMBEDDED]
        if missing:
            for text, vector in zip(missing, embedder.embed_queries(missing)):
                _EMBEDDED[(embedder.name, text)] = vector
            _save(saved, embedder.name)
        return cls(examples, np.stack([_EMBEDDED[(embedder.name, text)] for text in texts]))

    def scores(self, query_vector: np.ndarray, known: set[str] | dict) -> dict[str, float]:
        """Best similarity per procedure (among `known` ones) over the examples."""
        if not self._codes:
            return {}
        # einsum, not `@`: numpy's BLAS would start threads that stay spinning into the next query's embedding
        best = np.maximum.reduceat(np.einsum("ij,j->i", self._vectors, query_vector)[self._rows], self._starts)
        return {code: similarity for code, similarity in zip(self._codes, best.tolist()) if code in known}

    def __len__(self) -> int:
        return len(self._examples)


def _load(path: Path, embedder_name: str) -> None:
    if not path.exists():
        return
    with np.load(path, allow_pickle=False) as saved:
        for text, vector in zip(saved["texts"].tolist(), saved["vectors"]):
            _EMBEDDED.setdefault((embedder_name, text), vector)


def _save(path: Path, embedder_name: str) -> None:
    """Everything this process knows for the embedder, merged with what another process saved meanwhile."""
    _load(path, embedder_name)
    known = [(text, vector) for (name, text), vector in _EMBEDDED.items() if name == embedder_name]
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.stem}.{os.getpid()}.partial.npz")
    np.savez(partial, texts=np.array([text for text, _ in known]), vectors=np.stack([v for _, v in known]))
    os.replace(partial, path)  # readers see the old file or the new one, never half of one
