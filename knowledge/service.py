"""The knowledge base as the action server and the web app use it.

Procedures are read from the app database once and kept as plain records
(dicts shaped like `knowledge/data/seed_procedures.jsonl`); the search index is
loaded from disk or built. What staff publish in the admin bumps the knowledge version
(`knowledge_editing.version`); at most every KNOWLEDGE_REFRESH_SECONDS (2) a lookup checks that one
row and, when it moved, reloads the records and re-indexes only the procedures whose search texts
changed (about a second each: one embedding pass and a BM25 rebuild), with no restart.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from functools import lru_cache
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from knowledge.faq import Faq, load_faq, match_faq
from knowledge.models import UnansweredQuestion
from knowledge.records import procedure_records
from knowledge.search import ProcedureSearch, SearchDocument, SearchResult, documents_from_records
from knowledge_editing.version import published
from storage.database import REPO_ROOT, session_factory
from vietnamese_text import clean_text, match_key
from vietnamese_text.privacy import mask_personal_data

logger = logging.getLogger(__name__)
MAX_QUESTION_CHARS = 1000


class KnowledgeBase:
    def __init__(self, sessions: sessionmaker[Session], index_dir: Path, refresh_seconds: float | None = None
                 ) -> None:
        self._sessions = sessions
        self._index_dir = index_dir
        self._refresh_seconds = (float(os.environ.get("KNOWLEDGE_REFRESH_SECONDS", "2"))
                                 if refresh_seconds is None else refresh_seconds)
        self._lock = threading.RLock()  # searches never see the index half updated
        self._records: dict[str, dict] = {}
        self._documents: dict[str, SearchDocument] = {}
        self._search: ProcedureSearch | None = None
        self._faq: list[Faq] = []
        self._version = -1
        self._checked_at = 0.0
        self.refresh()

    def refresh(self) -> None:
        """Reload every active procedure and bring the search index up to date."""
        version, records, documents = self._read()
        search = ProcedureSearch.load_or_build(list(documents.values()), self._index_dir)
        with self._lock:
            self._records, self._documents, self._search, self._version = records, documents, search, version
            self._faq = self._read_faq()
        logger.info("knowledge base: %d procedures", len(records))

    def catch_up(self) -> None:
        """Apply what staff published since the last look; the version row is read at most every N seconds."""
        now = time.monotonic()
        if now - self._checked_at < self._refresh_seconds:
            return
        with self._lock:
            self._checked_at = now
            with self._sessions() as session:
                if published(session) == self._version:
                    return
            version, records, documents = self._read()
            for code in self._documents.keys() - documents.keys():
                self._search.remove(code)
            changed = [d for code, d in documents.items() if self._documents.get(code) != d]
            for document in changed:
                self._search.upsert(document)
            self._records, self._documents, self._version = records, documents, version
            self._faq = self._read_faq()
        logger.info("knowledge base: version %d, %d procedures re-indexed", version, len(changed))

    def _read(self) -> tuple[int, dict[str, dict], dict[str, SearchDocument]]:
        with self._sessions() as session:
            version = published(session)
            records, aliases = procedure_records(session)
        documents = {document.code: document for document in documents_from_records(records, aliases)}
        return version, {record["code"]: record for record in records}, documents

    def _read_faq(self) -> list[Faq]:
        with self._sessions() as session:
            return load_faq(session)

    def faq(self, text: str) -> Faq | None:
        """The FAQ entry this question asks, if one is covered closely enough."""
        self.catch_up()
        return match_faq(self._faq, text)

    def procedure(self, code: str) -> dict | None:
        self.catch_up()
        return self._records.get(code)

    def search(self, query: str, k: int = 5) -> SearchResult:
        self.catch_up()
        with self._lock:
            return self._search.search(query, k=k)

    def core(self, query: str) -> str:
        """The words of a question that name a procedure (see ProcedureSearch.core)."""
        return self._search.core(query)

    def twins(self, code: str) -> list:
        """The same procedure's records at other levels (ward, city, ministry)."""
        self.catch_up()
        with self._lock:
            return self._search.twins(code)

    def word_fit(self, core: str, code: str) -> float:
        with self._lock:
            return self._search.word_fit(core, code)

    def naming_words(self, core: str, code: str, other: str | None = None) -> list[str]:
        with self._lock:
            return self._search.naming_words(core, code, other)

    def log_unanswered(self, text: str, channel: str) -> None:
        """Keep the question, without personal data, for staff to answer or attach."""
        masked = mask_personal_data(clean_text(text, MAX_QUESTION_CHARS))
        with self._sessions.begin() as session:
            session.add(UnansweredQuestion(text=masked, match_key=match_key(masked), channel=channel[:32]))

    def count(self) -> int:
        return len(self._records)


@lru_cache(maxsize=1)
def knowledge_base() -> KnowledgeBase:
    """The process-wide knowledge base, on APP_DATABASE_URL and SEARCH_INDEX_DIR."""
    index_dir = Path(os.environ.get("SEARCH_INDEX_DIR", REPO_ROOT / "var" / "search"))
    return KnowledgeBase(session_factory(), index_dir)

