"""Residents' own questions, each labelled with the procedures that answer it: a memory the search consults.

A name says what the catalogue calls a procedure; residents describe their situation ("ba em mất, xe ba đứng
tên, giờ sang tên cho mẹ"). Questions written that way, with the codes a ward officer would accept
(`knowledge/data/resident_questions.yml`, written blind from the catalogue, see its header), are embedded like
queries; a new question close to one of them votes for that one's procedures.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from knowledge.search.embeddings import Embedder

EXAMPLES_FILE = Path(__file__).resolve().parent.parent / "data" / "resident_questions.yml"
_EMBEDDED: dict[str, np.ndarray] = {}  # by content digest: a second index over the same texts embeds nothing
# Vectors are saved here by content digest whatever the index's own directory, so a server or test on a fresh
# index dir reuses what `make model` / `knowledge build-index` embedded for the same catalogue.
SHARED_CACHE = Path(__file__).resolve().parents[2] / "var" / "search"


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

    @classmethod
    def build(cls, examples: list[Example], embedder: Embedder, prepare, cache_dir: Path = SHARED_CACHE
              ) -> ExampleMemory:
        """Embed each example as `prepare(question)` (the search's dense query), cached under a fingerprint."""
        texts = [prepare(example.question) or example.question for example in examples]
        digest = hashlib.sha256(json.dumps([embedder.name, texts], ensure_ascii=False).encode()).hexdigest()
        saved = cache_dir / f"examples-{digest[:16]}.npy"
        vectors = _EMBEDDED.get(digest)
        if vectors is None and saved.exists():
            vectors = np.load(saved)
        if vectors is None:
            vectors = embedder.embed_queries(texts) if texts else np.zeros((0, embedder.dim), dtype=np.float32)
            saved.parent.mkdir(parents=True, exist_ok=True)
            np.save(saved, vectors)
        _EMBEDDED[digest] = vectors
        return cls(examples, vectors)

    def scores(self, query_vector: np.ndarray, known: set[str] | dict) -> dict[str, float]:
        """Best similarity per procedure (among `known` ones) over the examples."""
        if not len(self._examples):
            return {}
        similarities = self._vectors @ query_vector
        best: dict[str, float] = {}
        for example, similarity in zip(self._examples, similarities.tolist()):
            for code in example.codes:
                if code in known and similarity > best.get(code, -1.0):
                    best[code] = similarity
        return best

    def __len__(self) -> int:
        return len(self._examples)
