"""The knowledge base as the action server and the web app use it.

Procedures are read from the app database once and kept as plain records
(dicts shaped like `knowledge/data/seed_procedures.jsonl`); the search index is
loaded from disk or built. `refresh()` re-reads what staff changed.
"""

from __future__ import annotations

import logging
import os
import threading
from functools import lru_cache
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from knowledge.models import UnansweredQuestion
from knowledge.records import procedure_records
from knowledge.search import ProcedureSearch, SearchResult, documents_from_records
from storage.database import REPO_ROOT, session_factory
from vietnamese_text import clean_text, match_key
from vietnamese_text.privacy import mask_personal_data

logger = logging.getLogger(__name__)
MAX_QUESTION_CHARS = 1000


class KnowledgeBase:
    def __init__(self, sessions: sessionmaker[Session], index_dir: Path) -> None:
        self._sessions = sessions
        self._index_dir = index_dir
        self._lock = threading.Lock()
        self._records: dict[str, dict] = {}
        self._search: ProcedureSearch | None = None
        self.refresh()

    def refresh(self) -> None:
        """Reload every active procedure and bring the search index up to date."""
        with self._sessions() as session:
            records, aliases = procedure_records(session)
        search = ProcedureSearch.load_or_build(documents_from_records(records, aliases), self._index_dir)
        with self._lock:
            self._records = {record["code"]: record for record in records}
            self._search = search
        logger.info("knowledge base: %d procedures", len(records))

    def procedure(self, code: str) -> dict | None:
        return self._records.get(code)

    def search(self, query: str, k: int = 5) -> SearchResult:
        assert self._search is not None
        return self._search.search(query, k=k)

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

