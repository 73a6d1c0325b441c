"""Accent-insensitive hybrid search over procedures (BM25 + e5 embeddings + FAISS)."""

from knowledge.search.documents import SearchDocument, documents_from_records
from knowledge.search.hybrid import ProcedureSearch, SearchHit, SearchResult

__all__ = ["ProcedureSearch", "SearchDocument", "SearchHit", "SearchResult", "documents_from_records"]
