"""Import the national catalogue: the portal's JSONL collection, the seed file, or its list export.

Upserts by official code, idempotent; fields staff edited locally are kept
unless `force`; `dry_run` reports what would change without writing. Every
field that could not be parsed is reported with examples, never dropped.
`review` and `review_list_export` say the same per procedure, for the admin's review screen.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session
from tqdm import tqdm

from knowledge.catalogue_parsing import ParseIssue, clean_result, parse_channels, parse_documents
from knowledge.models import Procedure
from knowledge.records import apply_record, to_record

COLLECTED_AT = "2026-07-01"  # shared/data README: collected in July 2026 (no per-record date is published)
LIST_EXPORT_COLUMNS = {"ma_so": "code", "ten": "name", "linh_vuc": "field", "co_quan_thuc_hien": "implementing_agency"}


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped_local_edits: int = 0
    changed_fields: Counter = field(default_factory=Counter)
    examples: dict = field(default_factory=lambda: defaultdict(list))
    issues: list[ParseIssue] = field(default_factory=list)

    def note_change(self, code: str, name: str) -> None:
        self.changed_fields[name] += 1
        if len(self.examples[name]) < 3:
            self.examples[name].append(code)

    def lines(self) -> list[str]:
        out = [f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}, "
               f"local edits kept {self.skipped_local_edits}"]
        out += [f"  {name}: {count} changed (e.g. {', '.join(self.examples[name])})"
                for name, count in self.changed_fields.most_common()]
        by_field = defaultdict(list)
        for issue in self.issues:
            by_field[issue.field].append(issue)
        out.append(f"unparsed: {len(self.issues)}" if self.issues else "unparsed: none")
        for name, issues in sorted(by_field.items()):
            out.append(f"  {name}: {len(issues)}")
            out += [f"    {i.code}: {i.excerpt[:100]}" for i in issues[:3]]
        return out


@dataclass(frozen=True)
class ProcedureChange:
    """What importing one record would do. `kept`: fields that differ but staff edited (kept unless forced)."""

    code: str
    name: str
    outcome: str  # new | changed | unchanged | unknown (a list export row for a code not in the knowledge base)
    changed: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()


def compare(procedure: Procedure | None, record: dict, force: bool = False, creates: bool = True) -> ProcedureChange:
    """The dry-run decision for one record against the stored procedure (None when there is none)."""
    if procedure is None:
        return ProcedureChange(record["code"], record.get("name") or "", "new" if creates else "unknown")
    protected = set() if force else set(procedure.locally_edited_fields or [])
    before = to_record(procedure)
    differing = [name for name, value in record.items() if name in before and name != "code" and before[name] != value]
    changed = tuple(name for name in differing if name not in protected)
    return ProcedureChange(procedure.code, procedure.name, "changed" if changed else "unchanged", changed,
                           tuple(name for name in differing if name in protected))


def review(session: Session, records: list[dict], force: bool = False) -> list[ProcedureChange]:
    """Per procedure, what `upsert_records` would do with these records; nothing is written."""
    existing = _existing(session, records)
    return [compare(existing.get(record["code"]), record, force) for record in records]


def review_list_export(session: Session, path: Path) -> list[ProcedureChange]:
    """Per row, what `update_from_list_export` would do with this file; nothing is written."""
    return [compare(session.get(Procedure, item["code"]), item, creates=False) for item in read_list_export(path)]


def _existing(session: Session, records: list[dict]) -> dict[str, Procedure]:
    return {p.code: p for p in session.scalars(select(Procedure).where(
        Procedure.code.in_([r["code"] for r in records])))}


# Who the portal says may apply, for the procedures a person (not a company) brings to the ward or the city.
# The field is uneven ("Đăng ký biến động quyền sử dụng đất" lists civil servants and overseas Vietnamese but
# not "Công dân"), so any individual category counts.
INDIVIDUAL_APPLICANTS = ("Công dân", "Người nước ngoài", "Người Việt Nam định cư", "Cán bộ, công chức")


def in_seed_scope(raw: dict) -> bool:
    """Ward-level procedures, plus any procedure a person may apply for (driving licences are "Cấp bộ" records)."""
    levels = raw.get("cap_thuc_hien") or ""
    audience = raw.get("doi_tuong_thuc_hien") or ""
    return "Cấp xã" in levels or any(category in audience for category in INDIVIDUAL_APPLICANTS)


def record_from_portal(raw: dict) -> tuple[dict, list[ParseIssue]]:
    code = raw["ma_thu_tuc"].strip()
    channels, issues = parse_channels(raw.get("cach_thuc_thuc_hien", ""), code)
    documents, document_issues = parse_documents(raw.get("thanh_phan_ho_so", ""), code)
    record = {
        "code": code, "name": raw["ten_thu_tuc"].strip(), "source_url": raw["detail_url"],
        "collected_at": COLLECTED_AT,
        "levels": [level.strip() for level in (raw.get("cap_thuc_hien") or "").split(",") if level.strip()],
        "field": raw.get("linh_vuc") or None, "audience": raw.get("doi_tuong_thuc_hien") or None,
        "competent_agency": raw.get("co_quan_co_tham_quyen") or None,
        "implementing_agency": raw.get("co_quan_thuc_hien") or None,
        "submission_address": raw.get("dia_chi_tiep_nhan") or None,
        "steps": raw.get("trinh_tu_thuc_hien") or None, "conditions": raw.get("yeu_cau_dieu_kien") or None,
        "result": clean_result(raw.get("ket_qua_xu_ly", "")) or None,
        "legal_basis": raw.get("can_cu_phap_ly") or None, "decision_number": raw.get("so_quyet_dinh") or None,
        "channels": channels, "documents": documents,
    }
    return record, issues + document_issues


def read_records(path: Path, scope: str = "seed") -> tuple[list[dict], list[ParseIssue]]:
    """Records from the portal JSONL (raw fields) or the seed JSONL (already structured)."""
    records, issues = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        if "ma_thu_tuc" not in item:
            records.append(item)
            continue
        if scope == "seed" and not in_seed_scope(item):
            continue
        record, record_issues = record_from_portal(item)
        records.append(record)
        issues += record_issues
    return records, issues


def upsert_records(session: Session, records: Iterable[dict], force: bool = False, dry_run: bool = False,
                   progress: bool = True) -> ImportReport:
    report = ImportReport()
    records = list(records)
    existing = _existing(session, records)
    for record in tqdm(records, desc="procedures", disable=not progress or not sys.stderr.isatty()):
        procedure = existing.get(record["code"])
        change = compare(procedure, record, force)
        if change.outcome == "new":
            report.created += 1
            if not dry_run:
                procedure = Procedure(code=record["code"], status="active", levels=[], locally_edited_fields=[])
                apply_record(procedure, record)
                session.add(procedure)
            continue
        report.skipped_local_edits += bool(change.kept)
        if not change.changed:
            report.unchanged += 1
            continue
        report.updated += 1
        for name in change.changed:
            report.note_change(record["code"], name)
        if not dry_run:
            apply_record(procedure, record, skip=set() if force else set(procedure.locally_edited_fields or []))
            if force:
                procedure.locally_edited_fields = []
    if dry_run:
        session.rollback()
    return report


def read_list_export(path: Path) -> Iterator[dict]:
    """Rows of the portal's list export (.csv or .xlsx): code, name, field, implementing body."""
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    else:
        from openpyxl import load_workbook

        sheet = load_workbook(path, read_only=True).active
        values = list(sheet.iter_rows(values_only=True))
        header_index = next(i for i, row in enumerate(values) if row and any(
            str(c or "").strip().lower() in ("mã số", "ma_so", "mã thủ tục") for c in row))
        header = [_list_column(c) for c in values[header_index]]
        rows = [dict(zip(header, row)) for row in values[header_index + 1:] if row and any(row)]
    for row in rows:
        item = {LIST_EXPORT_COLUMNS[k]: str(v).strip() for k, v in row.items() if k in LIST_EXPORT_COLUMNS and v}
        if item.get("code") and item.get("name"):
            yield item


def _list_column(cell) -> str:
    text = str(cell or "").strip().lower()
    return {"mã số": "ma_so", "mã thủ tục": "ma_so", "tên": "ten", "tên thủ tục": "ten", "lĩnh vực": "linh_vuc",
            "cơ quan thực hiện": "co_quan_thuc_hien"}.get(text, text)


def update_from_list_export(session: Session, path: Path, dry_run: bool = False) -> ImportReport:
    """The list export only carries names and fields: update those for known codes, report the unknown."""
    report = ImportReport()
    for item in read_list_export(path):
        procedure = session.get(Procedure, item["code"])
        change = compare(procedure, item, creates=False)
        if change.outcome == "unknown":
            report.issues.append(ParseIssue("code", item["code"], f"not in the knowledge base: {item['name'][:80]}"))
            continue
        if not change.changed:
            report.unchanged += 1
            continue
        report.updated += 1
        for name in change.changed:
            report.note_change(item["code"], name)
            if not dry_run:
                setattr(procedure, name, item[name])
    if dry_run:
        session.rollback()
    return report


def export_seed(session: Session, path: Path) -> int:
    procedures = session.scalars(select(Procedure).order_by(Procedure.code)).all()
    with path.open("w", encoding="utf-8") as handle:
        for procedure in procedures:
            handle.write(json.dumps(to_record(procedure), ensure_ascii=False, sort_keys=True) + "\n")
    return len(procedures)
