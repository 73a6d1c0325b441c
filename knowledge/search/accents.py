"""Put diacritics back on an unaccented query, using the catalogue's own vocabulary.

multilingual-e5 ranks "dang ky tam tru" far below "đăng ký tạm trú". Folded word
n-grams seen in the indexed texts map back to their most frequent accented form;
the longest match wins, and words that match nothing stay as typed.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from vietnamese_text import fold, word_key

_WORD = re.compile(r"\w+")
MAX_NGRAM = 4


class AccentRestorer:
    def __init__(self, texts: list[str]) -> None:
        counts: dict[str, Counter] = defaultdict(Counter)
        for text in texts:
            words = _WORD.findall(text.lower())
            for size in range(1, MAX_NGRAM + 1):
                for start in range(len(words) - size + 1):
                    gram = words[start:start + size]
                    counts[" ".join(fold(w) for w in gram)][" ".join(gram)] += 1
        self._forms = {key: forms.most_common(1)[0][0] for key, forms in counts.items()}

    def restore(self, query: str) -> str:
        """The query with accents restored where the vocabulary knows the words; words typed with
        diacritics are kept as typed (the resident's "chồng" is not the vocabulary's "chống")."""
        out, plain = [], []
        for word in _WORD.findall(query):
            if fold(word) != word.lower().replace("đ", "d"):
                out += self._restore_plain(plain) + [word.lower()]
                plain = []
            else:
                plain.append(word)
        return " ".join(out + self._restore_plain(plain))

    def _restore_plain(self, typed: list[str]) -> list[str]:
        words = " ".join(word_key(w) for w in typed).split()  # abbreviations may expand to several words
        out, position = [], 0
        while position < len(words):
            for size in range(min(MAX_NGRAM, len(words) - position), 0, -1):
                form = self._forms.get(" ".join(words[position:position + size]))
                if form:
                    out.append(form)
                    position += size
                    break
            else:
                out.append(words[position])
                position += 1
        return out
