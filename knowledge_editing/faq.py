"""Editing FAQ entries: snapshot, validation, creation and saving, each published as a revision."""

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
            "links": list(entry.links or []), "status": entry.status}


def version_of(entry: FaqEntry) -> str:
    """The table has no version column: the content's digest serves, as a save from an older page differs."""
    return hashlib.sha256(json.dumps(snapshot(entry), ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]


def edited(current: dict, question: str, variants: str, answer: str, status: str) -> dict:
    """The snapshot with the typed values (variants one per line); raises Invalid."""
    question, answer = clean_text(question), (answer or "").replace("\r\n", "\n").strip()
    errors = {}
    if not question or len(question) > MAX_QUESTION_CHARS:
        errors["question"] = QUESTION_REQUIRED if not question else TOO_LONG
    if not answer or len(answer) > MAX_ANSWER_CHARS:
        errors["answer"] = ANSWER_REQUIRED if not answer else TOO_LONG
    if errors:
        raise Invalid(errors)
    lines = [clean_text(line, MAX_QUESTION_CHARS) for line in (variants or "").splitlines()]
    return current | {"question": question, "answer": answer, "variants": list(dict.fromkeys(v for v in lines if v)),
                      "status": status if status in STATUSES else current["status"]}


def write(entry: FaqEntry, fields: dict) -> None:
    for name, value in fields.items():
        setattr(entry, name, value)


def save(session: Session, author: StaffUser, entry_id: str, expected_version: str, question: str, variants: str,
         answer: str, status: str) -> KnowledgeRevision | None:
    entry = load(session, entry_id, lock=True)
    if version_of(entry) != expected_version:
        raise Conflict()
    before = snapshot(entry)
    after = edited(before, question, variants, answer, status)
    write(entry, after)
    return revisions.publish(session, author, TARGET, entry.id, "edit", before, after)


def create(session: Session, author: StaffUser, question: str, variants: list[str], answer: str) -> FaqEntry:
    blank = {"question": "", "variants": [], "answer": "", "links": [], "status": "active"}
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
