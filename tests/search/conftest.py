import pytest

from knowledge.reference_data import REPO_ROOT, shipped_records
from knowledge.search import ProcedureSearch, documents_from_records


@pytest.fixture(scope="session")
def seed_documents():
    return documents_from_records(*shipped_records())


@pytest.fixture(scope="session")
def search(seed_documents):
    """The full seed index; built once into var/search (shared with `make run`) and loaded afterwards."""
    return ProcedureSearch.load_or_build(seed_documents, REPO_ROOT / "var" / "search")
