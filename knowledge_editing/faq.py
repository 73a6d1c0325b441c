"""Editing FAQ entries: snapshot, validation, creation and saving, each published as a revision.

The English answer and phrasings are optional: without them the bot answers in Vietnamese.
"""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.models import FaqEntry
from knowledge_editing import revisions
from knowledge_editing.errors import Conflict, Invalid
from knowledge_editing.models import KnowledgeRevision
from localization import N_
from staff.models import StaffUser
from vietnamese_text import clean_text, match_key

TARGET = "faq"
STATUSES = ("active", "inactive")
MAX_QUESTION_CHARS, MAX_ANSWER_CHARS, MAX_ID_CHARS = 500, 5000, 48
QUESTION_REQUIRED = N_("Câu hỏi không được để trống.")
ANSWER_REQUIRED = N_("Câu trả lời không được để trống.")
TOO_LONG = N_("Nội dung quá dài.")


def load(session: Session, entry_id: str, lock: bool = False) -> FaqEntry:
    return revisions.load(session, FaqEntry, entry_id, lock)


def snapshot(entry: FaqEntry) -> dict:
    return {"question": entry.question, "variants": list(entry.variants or []), "answer": entry.answer,
            "links": list(entry.links or []), "status": entry.status, "answer_en": entry.answer_en or None,
            "variants_en": list(entry.variants_en or [])}


def version_of(entry: FaqEntry) -> str:
    """The table has no version column: the content's digest serves, as a save from an older page differs."""
    return hashlib.sha256(json.dumps(snapshot(entry), ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]


def edited(current: dict, question: str, variants: str, answer: str, status: str, answer_en: str | None = None,
           variants_en: str | None = None) -> dict:
    """The snapshot with the typed values (variants one per line; English ones left as they are when None);
    raises Invalid."""
    question, answer = clean_text(question), _answer(answer)
    errors = {}
    if not question or len(question) > MAX_QUESTION_CHARS:
        errors["question"] = QUESTION_REQUIRED if not question else TOO_LONG
    if not answer or len(answer) > MAX_ANSWER_CHARS:
        errors["answer"] = ANSWER_REQUIRED if not answer else TOO_LONG
    english = {}
    if answer_en is not None:
        english["answer_en"] = _answer(answer_en) or None
        if len(english["answer_en"] or "") > MAX_ANSWER_CHARS:
            errors["answer_en"] = TOO_LONG
    if variants_en is not None:
        english["variants_en"] = _lines(variants_en)
    if errors:
        raise Invalid(errors)
    return current | english | {"question": question, "answer": answer, "variants": _lines(variants),
                                "status": status if status in STATUSES else current["status"]}


def _answer(text: str | None) -> str:
    return (text or "").replace("\r\n", "\n").strip()


def _lines(text: str | None) -> list[str]:
    """Phrasings typed one per line, cleaned, without blanks or repeats."""
    lines = [clean_text(line, MAX_QUESTION_CHARS) for line in (text or "").splitlines()]
    return list(dict.fromkeys(line for line in lines if line))


def write(entry: FaqEntry, fields: dict) -> None:
    for name, value in fields.items():
        setattr(entry, name, value)


def save(session: Session, author: StaffUser, entry_id: str, expected_version: str, question: str, variants: str,
         answer: str, status: str, answer_en: str | None = None, variants_en: str | None = None
         ) -> KnowledgeRevision | None:
    entry = load(session, entry_id, lock=True)
    if version_of(entry) != expected_version:
        raise Conflict()
    before = snapshot(entry)
    after = edited(before, question, variants, answer, status, answer_en, variants_en)
    write(entry, after)
    return revisions.publish(session, author, TARGET, entry.id, "edit", before, after)


def create(session: Session, author: StaffUser, question: str, variants: list[str], answer: str) -> FaqEntry:
    blank = {"question": "", "variants": [], "answer": "", "links": [], "status": "active", "answer_en": None,
             "variants_en": []}
    after = edited(blank, question, "\n".join(variants), answer, "active")
    entry = FaqEntry(id=_free_id(session, after["question"]), **after)
    session.add(entry)
    revisions.publish(session, author, TARGET, entry.id, "create", None, after)
    return entry


def _free_id(session: Session, question: str) -> str:
    """A readable id from the question ("lam-cccd-o-dau"), numbered when taken."""
    base = "-".join(match_key(question).split())[:MAX_ID_CHARS].strip("-") or "faq"
    taken = set(session.scalars(select(FaqEntry.id).where(FaqEntry.id.like(f"{base}%"))))
    return next(candidate for candidate in (base, *(f"{base}-{n}" for n in range(2, len(taken) + 3)))
                if candidate not in taken)
