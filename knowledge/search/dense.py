"""FAISS inner-product index over text embeddings, persisted with a content fingerprint.

One vector per indexed text; vector ids map to procedure codes, and a
procedure scores its best text. A restart with the same embedder and texts
loads from disk instead of re-embedding, and one procedure can be replaced
(`upsert`) without touching the others. The index and its id -> code table
are saved together in one file, replaced atomically, so a reader never pairs
a new index with an old table.
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
FILE_NAME = "dense.npz"


def fingerprint(embedder: Embedder, documents: list[SearchDocument]) -> str:
    """Hash of the embedder and every indexed text: what decides whether saved vectors can be reused."""
    digest = hashlib.sha256(embedder.name.encode())
    for document in sorted(documents, key=lambda d: d.code):
        digest.update(json.dumps([document.code, document.texts], ensure_ascii=False).encode())
    return digest.hexdigest()


class DenseIndex:
    def __init__(self, embedder: Embedder) -> None:
        self._embedder = embedder
        self._index = faiss.IndexIDMap2(faiss.IndexFlatIP(embedder.dim))
        self._owners: dict[int, str] = {}
        self._next_id = 0

    def __len__(self) -> int:
        return self._index.ntotal

    def add(self, documents: list[SearchDocument]) -> None:
        pairs = [(d.code, t) for d in documents for t in d.texts]
        for start in range(0, len(pairs), BATCH):
            batch = pairs[start:start + BATCH]
            vectors = self._embedder.embed_passages([text for _, text in batch])
            ids = np.arange(self._next_id, self._next_id + len(batch), dtype=np.int64)
            self._index.add_with_ids(vectors, ids)
            self._owners.update(zip(ids.tolist(), (code for code, _ in batch)))
            self._next_id += len(batch)

    def remove(self, code: str) -> None:
        ids = [vector_id for vector_id, owner in self._owners.items() if owner == code]
        if ids:
            self._index.remove_ids(np.asarray(ids, dtype=np.int64))
            for vector_id in ids:
                del self._owners[vector_id]

    def upsert(self, document: SearchDocument) -> None:
        self.remove(document.code)
        self.add([document])

    def scores(self, query_vector: np.ndarray, k: int) -> dict[str, float]:
        """Best cosine similarity per procedure among the k nearest texts."""
        similarities, ids = self._index.search(query_vector.reshape(1, -1), min(k, max(len(self), 1)))
        best: dict[str, float] = {}
        for similarity, vector_id in zip(similarities[0].tolist(), ids[0].tolist()):
            if vector_id >= 0:
                code = self._owners[vector_id]
                best[code] = max(best.get(code, -1.0), similarity)
        return best

    def save(self, directory: Path, content_fingerprint: str) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        ids = np.fromiter(self._owners, dtype=np.int64, count=len(self._owners))
        temporary = directory / f".{FILE_NAME}.{os.getpid()}.tmp"
        with temporary.open("wb") as handle:
            np.savez(handle, index=faiss.serialize_index(self._index), ids=ids,
                     codes=np.array([self._owners[i] for i in ids.tolist()], dtype=str),
                     fingerprint=np.array(content_fingerprint), next_id=np.array(self._next_id))
        temporary.replace(directory / FILE_NAME)

    @classmethod
    def load(cls, embedder: Embedder, directory: Path, content_fingerprint: str) -> DenseIndex | None:
        """The saved index if it was built from exactly this content, else None."""
        try:
            with np.load(directory / FILE_NAME, allow_pickle=False) as saved:
                if str(saved["fingerprint"]) != content_fingerprint:
                    return None
                index = cls(embedder)
                index._index = faiss.deserialize_index(saved["index"])
                index._owners = dict(zip(saved["ids"].tolist(), saved["codes"].tolist()))
                index._next_id = int(saved["next_id"])
        except (OSError, ValueError, KeyError, RuntimeError):
            return None
        return index
