"""Put diacritics back on an unaccented query, using the catalogue's own vocabulary.

multilingual-e5 places "dang ky tam tru" far from "đăng ký tạm trú". Folded word
n-grams seen in the indexed texts map back to their most frequent accented form,
and the longest n-gram around a word decides it, so context settles ambiguous
syllables ("ban sao" -> "bản sao", "mua ban" -> "mua bán"). Words typed with
diacritics are kept as typed, and words the vocabulary does not know stay as they are.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Iterable

from knowledge.search.query import Term
from vietnamese_text import fold

_WORD = re.compile(r"\w+")
MAX_NGRAM = 4


class AccentRestorer:
    def __init__(self, texts: Iterable[str]) -> None:
        counts: dict[str, Counter] = defaultdict(Counter)
        for text in texts:
            words = _WORD.findall(text.lower())
            for size in range(1, MAX_NGRAM + 1):
                for start in range(len(words) - size + 1):
                    gram = words[start:start + size]
                    counts[" ".join(fold(w) for w in gram)][" ".join(gram)] += 1
        self._forms = {key: forms.most_common(1)[0][0] for key, forms in counts.items()}

    def restore(self, terms: list[Term]) -> str:
        """The query text for the embedder: typed accents kept, missing ones restored where known.

        Each word takes its form from the longest known n-gram covering it, wherever that n-gram starts:
        in "xoa dang ky tam tru", "tru" is read inside "tam tru" (trú), not alone (trừ, the commoner syllable).
        """
        keys = [t.key for t in terms]
        best: list[str | None] = [None] * len(terms)  # filled longest n-grams first
        for size in range(min(MAX_NGRAM, len(keys)), 0, -1):
            for start in range(len(keys) - size + 1):
                form = self._forms.get(" ".join(keys[start:start + size]))
                if form:
                    for offset, word in enumerate(form.split()):
                        if best[start + offset] is None:
                            best[start + offset] = word
        return " ".join(term.typed or known or term.key for term, known in zip(terms, best))
