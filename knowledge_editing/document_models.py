"""YAML content documents published from the admin, and how the running processes read them.

A row of `content_documents` overrides the shipped file of the same document (a guide, the report
categories, the office settings). The loaders keep their values in `Published` caches, rebuilt when
the knowledge version moves: like `knowledge.service`, the version row is read at most every
KNOWLEDGE_REFRESH_SECONDS (2), so a publication reaches the action server and the web app within
seconds, without a restart. This module imports no loader, so every loader can import it.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import time
from collections.abc import Callable, Mapping
from typing import Generic, TypeVar

import yaml
from sqlalchemy import DateTime, String, Text, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from knowledge_editing.models import KnowledgeVersion
from localization import N_
from storage.database import Base, database_url, session_factory

logger = logging.getLogger(__name__)
T = TypeVar("T")
_UNSET = ("unset",)
Documents = Mapping[tuple[str, str], str]  # (kind, key) -> published YAML text

GUIDE, REPORT_CATEGORIES, OFFICE = "guide", "report_categories", "office"
DEFAULT_KEY = "default"  # the key of the documents that exist once (categories, office)
YAML_SYNTAX = N_("Lỗi cú pháp YAML: %(problem)s")


class ContentDocument(Base):
    """The published text of one document; without a row the shipped file is used."""

    __tablename__ = "content_documents"

    kind: Mapped[str] = mapped_column(String(32), primary_key=True)  # guide | report_categories | office
    key: Mapped[str] = mapped_column(String(64), primary_key=True)  # a guide id, or "default"
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


class InvalidDocument(ValueError):
    """A document the loader refuses: `message` is a Vietnamese msgid with `values`, `place` the field
    path ("steps[2].title") and `line` the 1-based line when known."""

    def __init__(self, place: str, message: str, line: int | None = None, **values) -> None:
        self.place, self.message, self.line, self.values = place, message, line, values
        super().__init__(f"{place}: {message % values}" if values else f"{place}: {message}")


def parse_yaml(text: str, origin: str) -> object:
    """The parsed document; a syntax error names its line."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = str(getattr(error, "problem", None) or error)
        raise InvalidDocument(origin, YAML_SYNTAX, mark.line + 1 if mark else None, problem=problem) from error


def refresh_seconds() -> float:
    return float(os.environ.get("KNOWLEDGE_REFRESH_SECONDS", "2"))


class _Snapshot:
    """The published documents of the app database as last read, and which publication they are."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.key: tuple | None = None  # (database URL, knowledge version, when it changed)
        self.documents: Documents = {}
        self.checked_at = float("-inf")

    def read(self) -> tuple[tuple | None, Documents]:
        with self.lock:
            now = time.monotonic()
            if now - self.checked_at >= refresh_seconds():
                self.checked_at = now
                self._catch_up()
            return self.key, self.documents

    def _catch_up(self) -> None:
        url = database_url()
        try:
            with session_factory(url)() as session:
                row = session.execute(select(KnowledgeVersion.value, KnowledgeVersion.changed_at)
                                      .where(KnowledgeVersion.id == 1)).first()
                key = (url, *(row or (None, None)))
                if key == self.key:
                    return
                documents = {(d.kind, d.key): d.text for d in session.scalars(select(ContentDocument))}
        except SQLAlchemyError as error:  # no migrated database (a test, a first start): the shipped files
            key, documents = (url, "unavailable"), {}
            if key != self.key:
                logger.warning("published content unavailable, using the shipped files: %s", error)
        self.key, self.documents = key, documents


_snapshot = _Snapshot()


def published_documents() -> tuple[tuple | None, Documents]:
    """(which publication, {(kind, key): text}), re-read when the knowledge version moved."""
    return _snapshot.read()


class Published(Generic[T]):
    """A value built from the published documents, rebuilt after each publication."""

    def __init__(self, build: Callable[[Documents], T]) -> None:
        self._build = build
        self._lock = threading.Lock()
        self._key: tuple | None = _UNSET
        self._value: T | None = None

    def get(self) -> T:
        key, documents = published_documents()
        with self._lock:
            if self._key != key:
                self._value, self._key = self._build(documents), key
            return self._value

    def cache_clear(self) -> None:
        with self._lock:
            self._key = _UNSET


def published_or_shipped(documents: Documents, kind: str, key: str, shipped: Callable[[], T],
                         load: Callable[[str], T]) -> T:
    """The published document loaded, or the shipped one when none is published or it no longer loads
    (a loader made stricter since: the bot keeps working, the log says why)."""
    text = documents.get((kind, key))
    if text is None:
        return shipped()
    try:
        return load(text)
    except ValueError as error:  # InvalidDocument included
        logger.error("published %s %s no longer loads, using the shipped file: %s", kind, key, error)
        return shipped()
