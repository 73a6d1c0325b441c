"""Split a message into word pieces with their character spans.

Pure standard library: the Rasa tokenizer groups these pieces into words with
underthesea, and the search code folds them into match keys.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vietnamese_text.normalize import word_key
from vietnamese_text.patterns import special_spans

_PIECE = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Piece:
    """One syllable (or one special token such as a receipt number) of a message."""

    text: str
    start: int
    end: int
    kind: str = "word"  # or a special kind from vietnamese_text.patterns

    @property
    def lemma(self) -> str:
        """Folded, abbreviation-expanded form; special tokens become their kind."""
        if self.kind != "word":
            return self.kind
        return word_key(self.text)


def pieces(text: str) -> list[Piece]:
    """Word pieces and special tokens of text, in order; punctuation and emoji dropped."""
    found: list[Piece] = []
    cursor = 0
    for start, end, kind in special_spans(text) + [(len(text), len(text), "")]:
        for match in _PIECE.finditer(text, cursor, start):
            found.append(Piece(match.group(), match.start(), match.end()))
        if kind:
            found.append(Piece(text[start:end], start, end, kind))
        cursor = end
    return found
