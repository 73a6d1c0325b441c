"""Search documents straight from the shipped files, without the database (evaluation, benchmark, tests).

The knowledge base proper comes from `knowledge/data/seed_procedures.jsonl` and
`aliases.yml`. Before those exist, the raw national catalogue filtered to the
same scope stands in for it: ward-level procedures, plus city-level ones open
to citizens.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from knowledge.search.documents import SearchDocument, documents_from_records

REPO_ROOT = Path(__file__).resolve().parents[2]
SEED = REPO_ROOT / "knowledge" / "data" / "seed_procedures.jsonl"
ALIASES = REPO_ROOT / "knowledge" / "data" / "aliases.yml"
CATALOGUE = Path("/work/shared/data/catalogue/procedures_light.jsonl")


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def read_aliases(path: Path = ALIASES) -> list[dict]:
    return (yaml.safe_load(path.read_text(encoding="utf-8")) or []) if path.exists() else []


def in_kb_scope(raw: dict) -> bool:
    levels = raw.get("cap_thuc_hien") or ""
    return "Cấp xã" in levels or ("Cấp tỉnh" in levels and "Công dân" in (raw.get("doi_tuong_thuc_hien") or ""))


def record_from_catalogue(raw: dict) -> dict:
    """A raw catalogue line in the seed file's shape (only what search uses)."""
    return {
        "code": raw["ma_thu_tuc"].strip(), "name": raw["ten_thu_tuc"].strip(), "source_url": raw.get("detail_url"),
        "levels": [level.strip() for level in (raw.get("cap_thuc_hien") or "").split(",") if level.strip()],
        "field": raw.get("linh_vuc") or None,
    }


def catalogue_records(path: Path = CATALOGUE, kb_scope_only: bool = True) -> list[dict]:
    """Catalogue records, one per code (the collection repeats a few)."""
    records = {}
    for raw in read_jsonl(path):
        if not kb_scope_only or in_kb_scope(raw):
            record = record_from_catalogue(raw)
            records.setdefault(record["code"], record)
    return list(records.values())


def kb_documents(seed: Path = SEED, aliases: Path = ALIASES, catalogue: Path = CATALOGUE) -> list[SearchDocument]:
    """The knowledge base's procedures with curated aliases: the seed file when present, else the catalogue."""
    records = read_jsonl(seed) if seed.exists() else catalogue_records(catalogue)
    return documents_from_records(records, read_aliases(aliases))


def catalogue_documents(catalogue: Path = CATALOGUE, aliases: Path = ALIASES) -> list[SearchDocument]:
    """Every record of the national catalogue (the benchmark's worst case)."""
    return documents_from_records(catalogue_records(catalogue, kb_scope_only=False), read_aliases(aliases))
