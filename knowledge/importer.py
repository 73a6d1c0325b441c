"""Import the national catalogue into the knowledge base, and export the shipped seed.

Three inputs are accepted: the portal collection (JSONL with the portal's field
names, `procedures_light.jsonl`), the structured seed (JSONL in the format
`export_seed` writes), and the portal's list export (.xlsx/.csv: code, name,
issuing body, implementing body, field), which staff download to refresh names.

Imports upsert by official code and are idempotent. Fields staff edited
(`Procedure.locally_edited_fields`) are kept unless forced. A dry run computes
the same report and writes nothing. Nothing is retired unless asked. Every cell
that could not be parsed, and every record that was skipped, is in the report.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload
from tqdm import tqdm

from knowledge.catalogue_parsing import ParseIssue, clean_legal_basis, clean_result, parse_channels, parse_documents
from knowledge.models import Procedure
from knowledge.records import apply_record, to_record
from vietnamese_text import clean_text, fold, nfc

# The shared collection has no per-record date; its README says it was collected in July 2026.
COLLECTED_AT = "2026-07-01"
PORTAL_URL = "https://dichvucong.gov.vn"
SEED_FIELDS = ("code", "name", "source_url", "collected_at", "levels", "field", "audience", "competent_agency",
               "implementing_agency", "submission_address", "channels", "documents", "steps", "conditions",
               "result", "legal_basis", "decision_number")
CHANNEL_FIELDS = ("kind", "time_value", "time_unit", "time_text", "fee_text", "fee_vnd", "description")
DOCUMENT_FIELDS = ("group", "name", "form_name", "copies_original", "copies_copy", "copies_text")
LIST_FIELDS = ("name", "field")  # what a list export may change on a known procedure
_CODE = re.compile(r"^\d+\.\d{6}$")
_EXAMPLES = 3


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do)."""

    dry_run: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0
    reactivated: int = 0
    changed_fields: Counter = field(default_factory=Counter)
    examples: dict = field(default_factory=lambda: defaultdict(list))
    kept_local_edits: Counter = field(default_factory=Counter)
    issues: list[ParseIssue] = field(default_factory=list)

    def note_change(self, code: str, name: str, before, after) -> None:
        self.changed_fields[name] += 1
        if len(self.examples[name]) < _EXAMPLES:
            self.examples[name].append(f"{code}: {_short(before)} → {_short(after)}")

    def lines(self) -> list[str]:
        out = ["DRY RUN: nothing was written."] if self.dry_run else []
        out.append(f"procedures: {self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
                   f"{self.retired} retired, {self.reactivated} reactivated")
        for name, count in self.changed_fields.most_common():
            out.append(f"  {name}: {count} changed")
            out += [f"    {example}" for example in self.examples[name]]
        if self.kept_local_edits:
            kept = ", ".join(f"{name} ×{count}" for name, count in self.kept_local_edits.most_common())
            out.append(f"kept local edits (use --force to overwrite): {kept}")
        out += issue_lines(self.issues)
        return out


def issue_lines(issues: list[ParseIssue]) -> list[str]:
    """Every issue counted by field and kind, with a few examples each."""
    if not issues:
        return ["could not parse: nothing"]
    groups: dict[tuple[str, str], list[ParseIssue]] = defaultdict(list)
    for issue in issues:
        groups[(issue.field, issue.kind)].append(issue)
    out = [f"could not parse ({len(issues)}; the published text is kept, no value was derived):"]
    for (name, kind), group in sorted(groups.items(), key=lambda item: -len(item[1])):
        out.append(f"  {name}/{kind}: {len(group)} in {len({i.code for i in group})} procedures")
        out += [f"    {issue.code}: {issue.excerpt[:110]}" for issue in group[:_EXAMPLES]]
    return out


def _short(value) -> str:
    if isinstance(value, list):
        return f"[{len(value)} items]"
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else f"“{value}”"
    return text if len(text) <= 60 else text[:57] + "…"


# --- reading ---------------------------------------------------------------------------------------


def in_seed_scope(levels: list[str], audience: str | None) -> bool:
    """Ward-level procedures, plus city-level ones open to citizens ("Công dân Việt Nam")."""
    return "Cấp xã" in levels or ("Cấp tỉnh" in levels and "Công dân" in (audience or ""))


def _text(value) -> str | None:
    value = nfc(value or "").strip()
    return value or None


def record_from_portal(raw: dict) -> tuple[dict, list[ParseIssue]]:
    """A structured record from one line of the portal collection, and what could not be parsed."""
    raw = {key: nfc(value) if isinstance(value, str) else value for key, value in raw.items()}
    code = raw["ma_thu_tuc"].strip()
    channels, channel_issues = parse_channels(raw.get("cach_thuc_thuc_hien", ""), code)
    documents, document_issues = parse_documents(raw.get("thanh_phan_ho_so", ""), code)
    results, result_issues = clean_result(raw.get("ket_qua_xu_ly", ""), code)
    record = {
        "code": code,
        "name": clean_text(raw["ten_thu_tuc"]),
        "source_url": raw["detail_url"].strip(),
        "collected_at": COLLECTED_AT,
        "levels": [level.strip() for level in (raw.get("cap_thuc_hien") or "").split(",") if level.strip()],
        "field": clean_text(raw.get("linh_vuc") or "") or None,
        "audience": clean_text(raw.get("doi_tuong_thuc_hien") or "") or None,
        "competent_agency": _text(raw.get("co_quan_co_tham_quyen")),
        "implementing_agency": _text(raw.get("co_quan_thuc_hien")),
        "submission_address": _text(raw.get("dia_chi_tiep_nhan")),
        "channels": channels,
        "documents": documents,
        "steps": _text(raw.get("trinh_tu_thuc_hien")),
        "conditions": _text(raw.get("yeu_cau_dieu_kien")),
        "result": "\n".join(results) or None,
        "legal_basis": clean_legal_basis(raw.get("can_cu_phap_ly", "")) or None,
        "decision_number": _text(raw.get("so_quyet_dinh")),
    }
    return record, channel_issues + document_issues + result_issues


def read_records(path: Path, scope: str = "seed") -> tuple[list[dict], list[ParseIssue]]:
    """Structured records from the portal collection or the seed file, with every problem found.

    A detail page collected for several codes belongs to none of them (the collection holds two
    such pages, each copied onto 7-10 unrelated codes): those records are skipped and reported.
    """
    lines = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    url_codes = Counter(item.get("detail_url") for item in lines if "ma_thu_tuc" in item)
    records, issues, seen = [], [], set()
    for number, item in enumerate(lines, start=1):
        if "ma_thu_tuc" in item:
            code = item["ma_thu_tuc"].strip()
            if url_codes[item.get("detail_url")] > 1:
                issues.append(ParseIssue("record", code, f"{item.get('detail_url')} (shared by "
                                         f"{url_codes[item.get('detail_url')]} codes)", "shared_detail_page"))
                continue
            record, record_issues = record_from_portal(item)
        elif "code" in item:
            record, record_issues = _seed_record(item)
        else:
            issues.append(ParseIssue("record", f"line {number}", str(item)[:120], "unknown_format"))
            continue
        if record is None or not (scope == "all" or in_seed_scope(record["levels"], record["audience"])):
            issues += [issue for issue in record_issues if issue.field == "record"]
            continue
        if record["code"] in seen:
            issues.append(ParseIssue("record", record["code"], f"line {number} repeats the code", "duplicate_code"))
            continue
        seen.add(record["code"])
        records.append(record)
        issues += record_issues
    return records, issues


def _seed_record(item: dict) -> tuple[dict | None, list[ParseIssue]]:
    missing = [name for name in ("code", "name", "source_url") if not item.get(name)]
    if missing:
        return None, [ParseIssue("record", str(item.get("code")), f"missing {', '.join(missing)}", "incomplete")]
    record = {name: item.get(name) for name in SEED_FIELDS}
    record["levels"] = list(record["levels"] or [])
    record["channels"] = [{name: c.get(name) for name in CHANNEL_FIELDS} for c in record["channels"] or []]
    record["documents"] = [{name: d.get(name) for name in DOCUMENT_FIELDS} for d in record["documents"] or []]
    return record, []


def read_list_export(path: Path) -> tuple[list[dict], list[ParseIssue]]:
    """Rows (code, name, field, implementing_agency) of the portal's list export, .csv or .xlsx."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            table = list(csv.reader(handle))
    else:
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True, data_only=True)
        table = [list(row) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)]
        workbook.close()
    rows, issues, columns = [], [], None
    for cells in table:
        keys = [_list_column(cell) for cell in cells]
        if "code" in keys and "name" in keys:  # a header row (an .xlsx has a title block above it)
            columns = keys
            continue
        if columns is None or not any(cells):
            continue
        row = {key: clean_text(str(cell)) for key, cell in zip(columns, cells) if key and cell is not None}
        if not _CODE.match(row.get("code", "")) or not row.get("name"):
            issues.append(ParseIssue("list_export", row.get("code", "?"), str(cells)[:120], "bad_row"))
            continue
        rows.append(row)
    if columns is None:
        issues.append(ParseIssue("list_export", path.name, "no header row with “Mã số” and “Tên”", "no_header"))
    return rows, issues


def _list_column(cell) -> str | None:
    """Header cell → record key; the .xlsx says "Mã số", the combined .csv says "ma_so"."""
    key = fold(str(cell or "")).replace("_", " ").strip()
    return {"ma so": "code", "ten": "name", "linh vuc": "field", "co quan thuc hien": "implementing_agency"}.get(key)


# --- writing ---------------------------------------------------------------------------------------


def upsert_records(session: Session, records: list[dict], *, force: bool = False, dry_run: bool = False,
                   retire_missing: bool = False) -> ImportReport:
    """Create or update procedures from structured records; see the module docstring for the rules."""
    report = ImportReport(dry_run=dry_run)
    existing = {p.code: p for p in session.scalars(
        select(Procedure).options(selectinload(Procedure.channels), selectinload(Procedure.documents)))}
    for record in tqdm(records, desc="procedures", unit=" records", file=sys.stderr, disable=not sys.stderr.isatty()):
        procedure = existing.get(record["code"])
        if procedure is None:
            report.created += 1
            if not dry_run:
                procedure = Procedure(code=record["code"], status="active", levels=[], locally_edited_fields=[])
                apply_record(procedure, record)
                session.add(procedure)
            continue
        _update(procedure, record, report, force=force, dry_run=dry_run)
    if retire_missing:
        _retire(existing.values(), {r["code"] for r in records}, report, dry_run)
    return report


def _update(procedure: Procedure, record: dict, report: ImportReport, *, force: bool, dry_run: bool) -> None:
    protected = set() if force else set(procedure.locally_edited_fields or [])
    before = to_record(procedure)
    changed = [name for name, value in record.items() if name in before and name != "code" and before[name] != value]
    report.kept_local_edits.update(name for name in changed if name in protected)
    changed = [name for name in changed if name not in protected]
    reactivate = procedure.status == "retired"
    if not changed and not reactivate:
        report.unchanged += 1
        return
    report.updated += bool(changed)
    report.reactivated += reactivate
    for name in changed:
        report.note_change(procedure.code, name, before[name], record[name])
    if dry_run:
        return
    apply_record(procedure, {name: record[name] for name in changed})
    procedure.status = "active"
    if force:
        procedure.locally_edited_fields = [f for f in procedure.locally_edited_fields or [] if f not in changed]
    procedure.updated_at = func.now()  # also when only channels/documents changed: bumps `version`


def _retire(procedures, present: set[str], report: ImportReport, dry_run: bool) -> None:
    for procedure in procedures:
        if procedure.status == "active" and procedure.code not in present:
            report.retired += 1
            report.note_change(procedure.code, "status", "active", "retired")
            if not dry_run:
                procedure.status = "retired"
                procedure.updated_at = func.now()


def import_list_export(session: Session, path: Path, *, scope: str = "seed", force: bool = False,
                       dry_run: bool = False, retire_missing: bool = False) -> ImportReport:
    """Names and fields from a list export; with scope "all", unknown codes become name-only entries.

    A list row has no detail URL, level or documents: a new entry points to the portal's home page
    and is dated by the export file. With scope "seed" unknown codes are only reported, so a
    ministry-wide export does not fill a ward's knowledge base with ministry procedures.
    """
    rows, issues = read_list_export(path)
    known = {code for (code,) in session.execute(select(Procedure.code))}
    exported = dt.date.fromtimestamp(Path(path).stat().st_mtime).isoformat()
    records = []
    for row in rows:
        if row["code"] in known:
            records.append({"code": row["code"], **{name: row[name] for name in LIST_FIELDS if row.get(name)}})
        elif scope == "all":
            agencies = ", ".join(part.strip() for part in row.get("implementing_agency", "").split("\n") if part)
            records.append({"code": row["code"], "name": row["name"], "field": row.get("field"),
                            "implementing_agency": agencies or None, "source_url": PORTAL_URL,
                            "collected_at": exported, "levels": [], "channels": [], "documents": []})
        else:
            issues.append(ParseIssue("list_export", row["code"], f"not in the knowledge base: {row['name']}",
                                     "unknown_code"))
    report = upsert_records(session, records, force=force, dry_run=dry_run, retire_missing=retire_missing)
    report.issues = issues
    return report


def export_seed(session: Session, path: Path) -> int:
    """Write every active procedure as one JSON line, sorted by code, keys in `SEED_FIELDS` order."""
    procedures = session.scalars(
        select(Procedure).where(Procedure.status == "active").order_by(Procedure.code)
        .options(selectinload(Procedure.channels), selectinload(Procedure.documents))).all()
    with Path(path).open("w", encoding="utf-8", newline="\n") as handle:
        for procedure in procedures:
            record = to_record(procedure)
            handle.write(json.dumps({name: record[name] for name in SEED_FIELDS}, ensure_ascii=False) + "\n")
    return len(procedures)
