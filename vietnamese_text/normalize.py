"""Normalisation for matching Vietnamese as residents type it.

Residents mix NFC and NFD input, drop diacritics, and use chat abbreviations
("ko", "dc", "j", "z"). Everything that compares text (NLU lemmas, BM25, the
abbreviation table) goes through these functions so that "đăng ký tạm trú",
"dang ky tam tru" and "đk tạm trú" meet on the same key.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

_ABBREVIATIONS_FILE = Path(__file__).with_name("abbreviations.tsv")
_CONTROL = re.compile(r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\ufeff]")
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+", re.UNICODE)


def nfc(text: str) -> str:
    """Compose to NFC (input from some keyboards and phones arrives as NFD)."""
    return unicodedata.normalize("NFC", text)


def clean_text(text: str, max_chars: int | None = None) -> str:
    """NFC, control and zero-width characters removed, whitespace collapsed."""
    text = _CONTROL.sub(" ", nfc(text or ""))
    text = _SPACES.sub(" ", text).strip()
    if max_chars is not None:
        text = text[:max_chars]
    return text


@lru_cache(maxsize=65536)
def fold_token(token: str) -> str:
    """Lower-case and strip diacritics, mapping đ to d: 'Đăng' -> 'dang'."""
    lowered = nfc(token).lower().replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", lowered)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def fold(text: str) -> str:
    """Fold a whole text (see fold_token), keeping its spacing."""
    return fold_token(text) if len(text) < 64 else "".join(fold_token(part) for part in re.split(r"(\s+)", text))


@lru_cache(maxsize=1)
def abbreviation_table() -> dict[str, str]:
    """Folded abbreviation -> folded expansion, from abbreviations.tsv."""
    table: dict[str, str] = {}
    for line in _ABBREVIATIONS_FILE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        short, _, expansion = line.partition("\t")
        if expansion.strip():
            table[fold_token(short.strip())] = fold(expansion.strip())
    return table


def expand_abbreviations(folded_token: str) -> str:
    """Expansion of one folded token ('ko' -> 'khong'), or the token itself."""
    return abbreviation_table().get(folded_token, folded_token)


def word_key(word: str) -> str:
    """Folded word, expanded when it was typed as a chat abbreviation.

    Abbreviations are typed without tone or vowel marks, so a marked word is only
    folded: "ạ" stays "a" instead of becoming the expansion of "a" ("anh").
    """
    folded = fold_token(word)
    if folded != word.lower().replace("đ", "d"):
        return folded
    return expand_abbreviations(folded)


def match_key(text: str) -> str:
    """Folded words with abbreviations expanded: the key lexical matching uses."""
    return " ".join(word_key(word) for word in _WORD.findall(clean_text(text)))
