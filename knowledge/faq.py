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


@dataclass(frozen=True)
class Faq:
    id: str
    answer: str
    links: tuple[str, ...]
    phrasings: tuple[frozenset[str], ...]  # the question and its variants, as sets of match_key words
    answer_en: str | None = None

    def answer_in(self, language: str) -> str:
        return self.answer_en if language == "en" and self.answer_en else self.answer


def load_faq(session: Session) -> list[Faq]:
    entries = session.scalars(select(FaqEntry).where(FaqEntry.status == "active").order_by(FaqEntry.id)).all()
    return [Faq(entry.id, entry.answer, tuple(entry.links or ()),
                tuple(frozenset(match_key(text).split())
                      for text in [entry.question, *(entry.variants or []), *(entry.variants_en or [])]),
                entry.answer_en or None)
            for entry in entries]


def match_faq(entries: list[Faq], text: str) -> Faq | None:
    """The entry whose phrasing the message covers best, or None when none is covered enough."""
    words = set(match_key(text).split())
    best, best_share = None, 0.0
    for entry in entries:
        for phrasing in entry.phrasings:
            if len(phrasing) < MIN_WORDS:
                continue
            share = len(phrasing & words) / len(phrasing)
            if share > best_share:
                best, best_share = entry, share
    return best if best_share >= MIN_SHARE else None
