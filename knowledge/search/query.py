"""The part of a resident's question that names the procedure, word by word as typed and as matched.

"cho e hỏi làm CCCD cần giấy tờ j" -> căn cước công dân: aspect words (fee,
documents...) and filler would otherwise match procedures that merely mention
"giấy tờ". Each kept word carries its folded key (for BM25) and its typed form
when that form has diacritics (for the embedder, which reads accents).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from knowledge.question_aspects import strip_aspect_words
from vietnamese_text import clean_text, fold_token, word_key

_WORD = re.compile(r"\w+")


class Term(NamedTuple):
    key: str  # folded, abbreviation expanded: "dang", "can"
    typed: str | None  # the word as typed when it carries diacritics: "đăng"; None for plain or expanded words


def query_terms(query: str) -> list[Term]:
    """The query's content words in order; aspect phrases and filler removed."""
    words = [(word, key) for word in _WORD.findall(clean_text(query)) for key in word_key(word).split()]
    terms, position = [], 0
    for key in strip_aspect_words(query).split():  # a subsequence of the word keys, in order
        while position < len(words) and words[position][1] != key:
            position += 1
        word = words[position][0] if position < len(words) else key
        accented = fold_token(word) == key and word.lower() != key
        terms.append(Term(key, word.lower() if accented else None))
        position += 1
    return terms
