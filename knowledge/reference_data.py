"""Load the curated data files shipped in knowledge/data/: aliases, FAQ, directory, ward mapping."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import yaml
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from knowledge.models import AdminUnitMapping, DirectoryEntry, FaqEntry, Procedure, ProcedureAlias
from vietnamese_text import match_key

DATA_DIR = Path(__file__).resolve().parent / "data"
REPO_ROOT = DATA_DIR.parent.parent


def shipped_records() -> tuple[list[dict], dict[str, list[str]]]:
    """The seed procedures and curated aliases as shipped, without a database (evaluation, tests)."""
    lines = (DATA_DIR / "seed_procedures.jsonl").read_text(encoding="utf-8").splitlines()
    entries = yaml.safe_load((DATA_DIR / "aliases.yml").read_text(encoding="utf-8")) or []
    return [json.loads(line) for line in lines], {e["code"]: e["aliases"] for e in entries}


def load_aliases(session: Session, path: Path = DATA_DIR / "aliases.yml") -> list[str]:
    """Replace curated aliases (staff-added ones stay); returns warnings for unknown codes."""
    known = set(session.scalars(select(Procedure.code)))
    session.execute(delete(ProcedureAlias).where(ProcedureAlias.source == "curated"))
    warnings = []
    for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
        if entry["code"] not in known:
            warnings.append(f"aliases: {entry['code']} is not in the knowledge base")
            continue
        session.add_all(ProcedureAlias(procedure_code=entry["code"], alias=alias, source="curated")
                        for alias in dict.fromkeys(entry.get("aliases") or []))
    return warnings


def load_faq(session: Session, path: Path = DATA_DIR / "faq.yml") -> int:
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    for entry in entries:
        session.merge(FaqEntry(id=entry["id"], question=entry["question"], variants=entry.get("variants") or [],
                               answer=entry["answer"], links=entry.get("links") or [], status="active",
                               answer_en=entry.get("answer_en"), variants_en=entry.get("variants_en") or []))
    return len(entries)


def load_directory(session: Session, path: Path = DATA_DIR / "directory.yml") -> int:
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    for entry in entries:
        session.merge(DirectoryEntry(**entry))
    return len(entries)


def load_ward_mapping(session: Session, path: Path = DATA_DIR / "hcmc_old_to_new_wards.csv") -> int:
    session.execute(delete(AdminUnitMapping))
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    session.add_all(
        AdminUnitMapping(old_province=row["old_province"], old_district=row["old_district"] or None,
                         old_ward=row["old_ward"] or None, new_ward=row["new_ward"],
                         mapping_type=row["mapping_type"] or None,
                         district_key=match_key(row["old_district"]) or None,
                         ward_key=match_key(row["old_ward"]) or None)
        for row in rows)
    return len(rows)
