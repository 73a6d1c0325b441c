"""BM25 over accent-folded, abbreviation-expanded syllables and syllable bigrams.

Folding makes "đăng ký tạm trú", "dang ky tam tru" and "dk tam tru" the same
query; bigrams reward the phrase ("tam_tru") over scattered syllables.
"""

from __future__ import annotations

import bm25s
import numpy as np

from vietnamese_text import match_key


def lexical_tokens(text: str) -> list[str]:
    words = match_key(text).split()
    return words + [f"{a}_{b}" for a, b in zip(words, words[1:])]


class LexicalIndex:
    def __init__(self, texts: list[str], owners: list[str]) -> None:
        self._owners = owners
        self._bm25 = bm25s.BM25(k1=1.2, b=0.5)
        self._vocabulary: set[str] = set()
        if texts:  # an empty knowledge base (before the first import) finds nothing instead of failing
            self._bm25.index([lexical_tokens(t) for t in texts], show_progress=False)
            self._vocabulary = set(self._bm25.vocab_dict)

    def scores(self, query: str) -> dict[str, float]:
        """Best BM25 score per owner (procedure code) for the query; empty when nothing matches."""
        tokens = [t for t in lexical_tokens(query) if t in self._vocabulary]
        if not tokens:
            return {}
        per_text = self._bm25.get_scores(tokens)
        best: dict[str, float] = {}
        for index in np.flatnonzero(per_text):
            owner = self._owners[index]
            best[owner] = max(best.get(owner, 0.0), float(per_text[index]))
        return best
