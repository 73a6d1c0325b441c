"""Frequently asked questions that are not one catalogue procedure ("còn quận không?", "số 1022 là gì?").

A question matches an entry when nearly all the words of its question or of
one of its variants are in the message (accent-insensitive `match_key` words).
Short phrasings need every word; nothing is guessed from one shared word.
English phrasings staff add are matched the same way; the English answer, when there is one,
is given in conversations held in English, the Vietnamese one otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.models import FaqEntry
from vietnamese_text import match_key

MIN_SHARE = 0.8  # of a phrasing's words found in the message
MIN_WORDS = 2
MIN_PAIRS_TOGETHER = 0.5  # of a phrasing's neighbouring word pairs found side by side in the message
# Words that only shape a question: a message may leave them out ("số 1022 là gì" / "số 1022") and still ask it
_QUESTION_WORDS = frozenset("la gi o dau nao the khong co cua cho toi em minh bao nhieu sao thi vay a nhe duoc "
                            "what is the where how of a an".split())


@dataclass(frozen=True)
class Faq:
    id: str
    answer: str
    links: tuple[str, ...]
    phrasings: tuple[tuple[str, ...], ...]  # the question and its variants, as match_key words in order
    answer_en: str | None = None

    def answer_in(self, language: str) -> str:
        return self.answer_en if language == "en" and self.answer_en else self.answer


def load_faq(session: Session) -> list[Faq]:
    entries = session.scalars(select(FaqEntry).where(FaqEntry.status == "active").order_by(FaqEntry.id)).all()
    return [Faq(entry.id, entry.answer, tuple(entry.links or ()),
                tuple(tuple(match_key(text).split())
                      for text in [entry.question, *(entry.variants or []), *(entry.variants_en or [])]),
                entry.answer_en or None)
            for entry in entries]


def match_faq(entries: list[Faq], text: str) -> Faq | None:
    """The entry whose phrasing the message covers best, or None when none is covered enough.

    Words are single syllables, so a long message holds most of a short phrasing's by chance ("gọi đâu để phản
    ánh" in "… lập văn bản phân chia di sản ở đâu"): a phrasing of three words or more must also keep at least
    half of its neighbouring pairs together in the message."""
    said = match_key(text).split()
    words, pairs = set(said), set(zip(said, said[1:]))
    best, best_share = None, 0.0
    for entry in entries:
        for phrasing in entry.phrasings:
            if len(phrasing) < MIN_WORDS:
                continue
            if any(word not in _QUESTION_WORDS for word in set(phrasing) - words):
                continue  # "mã hồ sơ ở đâu" is not "nộp hồ sơ ở đâu": only question words may be missing
            share = len(set(phrasing) & words) / len(set(phrasing))
            own_pairs = set(zip(phrasing, phrasing[1:]))
            together = len(own_pairs & pairs) / len(own_pairs) if len(phrasing) >= 3 else 1.0
            if share > best_share and together >= MIN_PAIRS_TOGETHER:
                best, best_share = entry, share
    return best if best_share >= MIN_SHARE else None
