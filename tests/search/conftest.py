import json
from pathlib import Path

import pytest
import yaml

from knowledge.reference_data import DATA_DIR
from knowledge.search import ProcedureSearch, documents_from_records


@pytest.fixture(scope="session")
def seed_documents():
    lines = (DATA_DIR / "seed_procedures.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    aliases = {e["code"]: e["aliases"] for e in yaml.safe_load((DATA_DIR / "aliases.yml").read_text(encoding="utf-8"))}
    return documents_from_records(records, aliases)


@pytest.fixture(scope="session")
def search(seed_documents):
    """The full seed index; built once into var/search (shared with `make run`) and loaded afterwards."""
    return ProcedureSearch.load_or_build(seed_documents, Path(__file__).resolve().parents[2] / "var" / "search")
