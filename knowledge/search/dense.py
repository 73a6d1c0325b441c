"""FAISS inner-product index over text embeddings, persisted with a content fingerprint.

One vector per indexed text; vector ids map to procedure codes. A restart with
the same embedder and texts loads from disk instead of re-embedding, and one
procedure can be replaced (`upsert`) without touching the others.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import faiss
import numpy as np

from knowledge.search.documents import SearchDocument
from knowledge.search.embeddings import Embedder

BATCH = 64
# One query against one flat index is a few milliseconds on one thread. With faiss's OpenMP threads, the
# threads left spinning after a search slowed the next query's embedding on a 2-core machine (uncached
# /api/search p95 about 110 ms; 27-34 ms with one thread, evaluation/bench_search.py, 2026-12-07).
faiss.omp_set_num_threads(1)
KEEP_SAVED = 4  # indexes kept on disk (about 5 MB each for the full catalogue)


def fingerprint(embedder: Embedder, documents: list[SearchDocument]) -> str:
    digest = hashlib.sha256(embedder.name.encode())
    for document in sorted(documents, key=lambda d: d.code):
        digest.update(json.dumps([document.code, document.texts], ensure_ascii=False).encode())
    return digest.hexdigest()


class DenseIndex:
    def __init__(self, embedder: Embedder) -> None:
        self._embedder = embedder
        self._index = faiss.IndexIDMap2(faiss.IndexFlatIP(embedder.dim))
        self._owners: dict[int, str] = {}
        self._ids_by_code: dict[str, list[int]] = {}
        self._next_id = 0

    def add(self, documents: list[SearchDocument]) -> None:
        pairs = [(d.code, t) for d in documents for t in d.texts]
        for start in range(0, len(pairs), BATCH):
            batch = pairs[start:start + BATCH]
            vectors = self._embedder.embed_passages([text for _, text in batch])
            ids = np.arange(self._next_id, self._next_id + len(batch), dtype=np.int64)
            self._index.add_with_ids(vectors, ids)
            for vector_id, (code, _) in zip(ids.tolist(), batch):
                self._owners[vector_id] = code
                self._ids_by_code.setdefault(code, []).append(vector_id)
            self._next_id += len(batch)

    def remove(self, code: str) -> None:
        ids = self._ids_by_code.pop(code, [])
        if ids:
            self._index.remove_ids(np.asarray(ids, dtype=np.int64))
            for vector_id in ids:
                self._owners.pop(vector_id, None)

    def upsert(self, document: SearchDocument) -> None:
        self.remove(document.code)
        self.add([document])

    def scores(self, query_vector: np.ndarray, k: int) -> dict[str, float]:
        """Best cosine similarity per procedure among the k nearest texts."""
        similarities, ids = self._index.search(query_vector.reshape(1, -1), k)
        best: dict[str, float] = {}
        for similarity, vector_id in zip(similarities[0].tolist(), ids[0].tolist()):
            if vector_id >= 0:
                code = self._owners[vector_id]
                best[code] = max(best.get(code, -1.0), similarity)
        return best

    def save(self, directory: Path, content_fingerprint: str) -> None:
        """Saved under the content's fingerprint, beside the few last saved: a server that publishes an edit
        saves a new index without overwriting the one every fresh start of the seed loads."""
        directory.mkdir(parents=True, exist_ok=True)
        name = _file_stem(content_fingerprint)
        partial = f"{name}.{os.getpid()}.partial"
        faiss.write_index(self._index, str(directory / f"{partial}.faiss"))
        meta = {"fingerprint": content_fingerprint, "owners": self._owners, "next_id": self._next_id}
        (directory / f"{partial}.json").write_text(json.dumps(meta), encoding="utf-8")
        (directory / f"{partial}.faiss").replace(directory / f"{name}.faiss")
        (directory / f"{partial}.json").replace(directory / f"{name}.json")  # written last: loaders look for it
        _forget_old_indexes(directory)

    @classmethod
    def load(cls, embedder: Embedder, directory: Path, content_fingerprint: str) -> DenseIndex | None:
        """The saved index if it was built from exactly this content, else None."""
        name = _file_stem(content_fingerprint)
        try:
            meta = json.loads((directory / f"{name}.json").read_text(encoding="utf-8"))
            if meta["fingerprint"] != content_fingerprint:
                return None
            index = cls(embedder)
            index._index = faiss.read_index(str(directory / f"{name}.faiss"))
            os.utime(directory / f"{name}.json")  # recently used: kept when older ones are forgotten
        except (OSError, ValueError, KeyError, RuntimeError):
            return None
        index._owners = {int(k): v for k, v in meta["owners"].items()}
        for vector_id, code in index._owners.items():
            index._ids_by_code.setdefault(code, []).append(vector_id)
        index._next_id = meta["next_id"]
        return index


def _file_stem(content_fingerprint: str) -> str:
    return f"dense-{content_fingerprint[:20]}"


def _forget_old_indexes(directory: Path) -> None:
    """Keep the KEEP_SAVED most recently saved or loaded indexes."""
    saved = sorted(directory.glob("dense-*.json"), key=lambda path: path.stat().st_mtime, reverse=True)
    for old in saved[KEEP_SAVED:]:
        for path in (old, old.with_suffix(".faiss")):
            path.unlink(missing_ok=True)
