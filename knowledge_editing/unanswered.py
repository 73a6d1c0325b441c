"""Questions the bot could not answer, grouped by similarity, and what an editor does with a group.

Two questions fall in one group when the words naming what they ask about (aspect words and
filler removed, accents folded) overlap enough: "làm cccd ở đâu" and "lam can cuoc cong dan
mat bao lau" ask about the same thing. Attaching a group to a procedure makes its questions
aliases, so the search finds that procedure for them; creating an FAQ entry keeps them as its
variants. Either way the questions are marked resolved and the group leaves the queue.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.models import FaqEntry, UnansweredQuestion
from knowledge.question_aspects import strip_aspect_words
from knowledge_editing import faq, procedures
from knowledge_editing.errors import EditRefused
from localization import N_
from staff.models import StaffUser
from storage.database import utcnow
from vietnamese_text import clean_text, word_key

SIMILAR = 0.5  # Jaccard overlap of the core words with the group's first question
ALREADY_HANDLED = N_("Nhóm câu hỏi này đã được người khác xử lý.")
_WORD = re.compile(r"\w+")


@dataclass
class QuestionGroup:
    words: frozenset[str]
    ids: list[int] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # distinct, oldest first
    first_seen: dt.datetime | None = None
    last_seen: dt.datetime | None = None

    @property
    def count(self) -> int:
        return len(self.ids)

    def add(self, question: UnansweredQuestion) -> None:
        self.ids.append(question.id)
        if question.text not in self.texts:
            self.texts.append(question.text)
        self.first_seen = min(filter(None, (self.first_seen, question.created_at)))
        self.last_seen = max(filter(None, (self.last_seen, question.created_at)))


def core_words(text: str) -> frozenset[str]:
    return frozenset(strip_aspect_words(text).split())


def open_groups(session: Session) -> list[QuestionGroup]:
    """Unresolved questions in groups, the most asked first."""
    groups: list[QuestionGroup] = []
    for question in session.scalars(select(UnansweredQuestion).where(UnansweredQuestion.resolved_at.is_(None))
                                    .order_by(UnansweredQuestion.created_at, UnansweredQuestion.id)):
        words = core_words(question.text) or frozenset(question.match_key.split())
        group = next((g for g in groups if _overlap(words, g.words) >= SIMILAR), None)
        if group is None:
            group = QuestionGroup(words)
            groups.append(group)
        group.add(question)
    return sorted(groups, key=lambda g: (-g.count, -g.last_seen.timestamp() if g.last_seen else 0))


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def alias_from_question(text: str) -> str:
    """The question's words that name the procedure, as typed (accents kept): "cho em hỏi làm căn cước
    ở đâu" -> "căn cước"; the whole question when nothing is left."""
    remaining = Counter(strip_aspect_words(text).split())
    kept = []
    for word in _WORD.findall(clean_text(text)):
        keys = word_key(word).split()
        if keys and all(remaining[key] > 0 for key in keys):
            remaining.subtract(keys)
            kept.append(word)
    return " ".join(kept) or clean_text(text)


def attach_to_procedure(session: Session, author: StaffUser, ids: list[int], code: str) -> list[str]:
    """The group's questions become aliases of the procedure; returns the aliases added."""
    questions = _claim(session, ids)
    aliases = list(dict.fromkeys(alias_from_question(q.text) for q in questions))
    procedures.add_aliases(session, author, code, aliases)
    return aliases


def create_faq(session: Session, author: StaffUser, ids: list[int], question: str, answer: str) -> FaqEntry:
    questions = _claim(session, ids)
    return faq.create(session, author, question, list(dict.fromkeys(q.text for q in questions)), answer)


def _claim(session: Session, ids: list[int], now: dt.datetime | None = None) -> list[UnansweredQuestion]:
    """Lock the group's questions still open and mark them resolved; refused when none is left."""
    questions = list(session.scalars(select(UnansweredQuestion).where(
        UnansweredQuestion.id.in_(ids), UnansweredQuestion.resolved_at.is_(None)).with_for_update()))
    if not questions:
        raise EditRefused(ALREADY_HANDLED)
    for question in questions:
        question.resolved_at = now or utcnow()
    return questions
