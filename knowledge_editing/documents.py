"""Editing the YAML documents (guides, report categories, office settings) in the admin.

A save is checked by the loader the running processes use, refused whole when it does not load,
and published as a revision (both texts, author, time) that bumps the knowledge version, so the
action server and the web app load it within seconds (`document_models.Published`). The version an
editor saw is the digest of the text they started from: a second editor saving over it is told.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from knowledge.guides import guide_ids, guide_path, load_guide_text
from knowledge_editing import revisions
from knowledge_editing.document_models import (
    DEFAULT_KEY,
    GUIDE,
    OFFICE,
    REPORT_CATEGORIES,
    ContentDocument,
    InvalidDocument,
)
from knowledge_editing.errors import NOT_FOUND, Conflict, EditRefused
from knowledge_editing.models import KnowledgeRevision, KnowledgeVersion
from knowledge_editing.reverting import CHANGED_AGAIN
from localization import N_
from staff.models import StaffUser
from urban_reports.categories import CATEGORIES_FILE, load_categories_text
from urban_reports.settings import load_office_text, office_settings, shipped_office_text
from urban_reports.working_time import WorkingCalendar

TARGET = "document"  # the revisions' target_type; target_id is "<kind>:<key>"
MAX_TEXT_CHARS = 200_000
TOO_LONG = N_("Nội dung quá dài (tối đa %(count)d ký tự).")
CATEGORY_REMOVED = N_("Không được bỏ lĩnh vực %(codes)s: phản ánh cũ và ứng dụng Open311 vẫn dùng mã này.")
BAD_CALENDAR = N_("Giờ hoặc ngày không hợp lệ (giờ viết “07:30-11:30”, ngày viết “2027-02-20”): %(problem)s")


@dataclass(frozen=True)
class Kind:
    all_keys: Callable[[], list[str]]
    shipped: Callable[[str], str]  # key -> the shipped file's text
    load: Callable[[str, str], object]  # (text, key) -> what the runtime builds from it; InvalidDocument


def _load_office(text: str, _key: str) -> dict:
    settings = load_office_text(text)
    if settings:
        for field in ("hours", "make_up_working_days", "extra_days_off"):
            try:
                WorkingCalendar.from_config({field: settings.get(field)} if settings.get(field) else {})
            except (ValueError, TypeError, AttributeError) as error:
                raise InvalidDocument(field, BAD_CALENDAR, problem=str(error)) from error
    return settings


KINDS = {
    GUIDE: Kind(guide_ids, lambda key: guide_path(key).read_text(encoding="utf-8"),
                lambda text, key: load_guide_text(text, f"{key}.yml", key)),
    REPORT_CATEGORIES: Kind(lambda: [DEFAULT_KEY], lambda _key: CATEGORIES_FILE.read_text(encoding="utf-8"),
                            lambda text, _key: load_categories_text(text, units=_units())),
    OFFICE: Kind(lambda: [DEFAULT_KEY], lambda _key: shipped_office_text(), _load_office),
}


@dataclass(frozen=True)
class Document:
    kind: str
    key: str
    text: str  # the published text, or the shipped file's
    row: ContentDocument | None  # None while the shipped file is used

    @property
    def version(self) -> str:
        return version_of(self.text)


def version_of(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def target_id(kind: str, key: str) -> str:
    return f"{kind}:{key}"


def document(session: Session, kind: str, key: str) -> Document:
    """The document as the runtime uses it; EditRefused for an unknown one."""
    if kind not in KINDS or key not in KINDS[kind].all_keys():
        raise EditRefused(NOT_FOUND)
    row = session.get(ContentDocument, (kind, key))
    return Document(kind, key, row.text if row else KINDS[kind].shipped(key), row)


def documents(session: Session, kind: str) -> list[Document]:
    return [document(session, kind, key) for key in KINDS[kind].all_keys()]


def check(kind: str, key: str, text: str, current: str | None = None) -> object:
    """What the runtime would build from `text` (a Guide, the categories, the office settings);
    InvalidDocument when it does not load, or removes a category `current` has."""
    if len(text) > MAX_TEXT_CHARS:
        raise InvalidDocument(kind, TOO_LONG, count=MAX_TEXT_CHARS)
    loaded = KINDS[kind].load(text, key)
    if kind == REPORT_CATEGORIES and current is not None:
        removed = [code for code in load_categories_text(current) if code not in loaded]
        if removed:
            raise InvalidDocument("code", CATEGORY_REMOVED, codes=", ".join(removed))
    return loaded


def tidy(text: str) -> str:
    """The textarea's text with Unix line ends and one final newline."""
    return (text or "").replace("\r\n", "\n").rstrip() + "\n"


def save(session: Session, author: StaffUser, kind: str, key: str, expected_version: str, text: str
         ) -> KnowledgeRevision | None:
    """Check and publish an edit of the text seen at `expected_version`; Conflict when it changed since."""
    current = _locked(session, kind, key)
    if current.version != expected_version:
        raise Conflict()
    text = tidy(text)
    check(kind, key, text, current.text)
    return _publish(session, author, current, "edit", text)


def revert(session: Session, author: StaffUser, revision_id: int) -> tuple[Document, KnowledgeRevision]:
    """Publish the text as it was before this revision, unless the document changed again since."""
    revision = session.get(KnowledgeRevision, revision_id)
    if revision is None or revision.target_type != TARGET:
        raise EditRefused(NOT_FOUND)
    current = _locked(session, *revision.target_id.split(":", 1))
    if current.text != revision.after["text"]:
        raise EditRefused(CHANGED_AGAIN)
    restored = revision.before["text"]
    check(current.kind, current.key, restored, current.text)
    return current, _publish(session, author, current, "revert", restored, revision.id)


def history(session: Session, kind: str, key: str) -> list[KnowledgeRevision]:
    return revisions.history(session, TARGET, target_id(kind, key))


def _locked(session: Session, kind: str, key: str) -> Document:
    """The document, read after taking the version row's lock: concurrent publications queue there, so the
    second one sees the first one's text (PostgreSQL)."""
    session.get(KnowledgeVersion, 1, with_for_update=True)
    return document(session, kind, key)


def _publish(session: Session, author: StaffUser, current: Document, action: str, text: str,
             reverts_id: int | None = None) -> KnowledgeRevision | None:
    revision = revisions.publish(session, author, TARGET, target_id(current.kind, current.key), action,
                                 {"text": current.text}, {"text": text}, reverts_id)
    if revision is not None:
        row = current.row or ContentDocument(kind=current.kind, key=current.key)
        row.text, row.updated_at = text, revision.created_at
        session.add(row)
    return revision


def _units() -> dict[str, str]:
    return office_settings().get("urban_reports", {}).get("responsible_units") or {}
