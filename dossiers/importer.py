"""Import the one-stop system's export (CSV or XLSX) into the registry, all or nothing.

Every row is checked before anything is written; one bad row and nothing is
imported, and the report names each bad row, column and reason. Rows carry no
event id, so each row's content fingerprint serves as one: importing the same
file again changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy.orm import Session
from tqdm import tqdm

from dossiers.registry import record_status
from dossiers.reports import FieldError, StatusReport, parse_report
from storage.database import utcnow
from vietnamese_text import fold

DEFAULT_COLUMNS = {
    "receipt_number": "Số biên nhận",
    "procedure_name": "Tên thủ tục",
    "procedure_code": "Mã thủ tục",
    "applicant_name": "Người nộp",
    "applicant_phone": "Số điện thoại",
    "status": "Trạng thái",
    "received_on": "Ngày tiếp nhận",
    "due_on": "Ngày hẹn trả",
    "result_location": "Nơi trả kết quả",
    "handling_unit": "Đơn vị xử lý",
    "notes": "Ghi chú",
    "status_at": "Thời điểm cập nhật",
}
REQUIRED = ("receipt_number", "status")


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str
    reason: str


@dataclass
class ImportReport:
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    outcomes: Counter = field(default_factory=Counter)

    def lines(self) -> list[str]:
        if self.errors:
            return [f"{len(self.errors)} problem(s); nothing imported:",
                    *(f"  row {e.row}, column {e.column!r}: {e.reason}" for e in self.errors)]
        counts = ", ".join(f"{count} {outcome}" for outcome, count in sorted(self.outcomes.items()))
        return [f"{self.rows} rows: {counts or 'nothing to do'}"]


def import_file(session: Session, path: Path, columns: dict[str, str] | None = None, progress: bool = True,
                now: dt.datetime | None = None) -> ImportReport:
    """Check every row, then record them in the caller's transaction; the caller commits or rolls back.

    `columns` maps registry fields to header names and overrides DEFAULT_COLUMNS one by one.
    """
    columns = DEFAULT_COLUMNS | (columns or {})
    header, rows = _read_table(path)
    report = ImportReport()
    positions = _column_positions(header, columns, report)
    if report.errors:
        return report
    checked: list[StatusReport] = []
    for number, cells in tqdm(rows, desc="Kiểm tra", unit=" dòng", disable=not progress):
        report.rows += 1
        values = {name: cells[index] if index < len(cells) else None for name, index in positions.items()}
        try:
            checked.append(parse_report(values))
        except FieldError as error:
            report.errors.append(RowError(number, columns[error.field], error.reason))
    if report.errors:
        return report
    at = now or utcnow()
    for status_report in tqdm(checked, desc="Ghi", unit=" dòng", disable=not progress):
        outcome = record_status(session, status_report.receipt, status_report.status, status_report.at or at,
                                "import", f"row:{status_report.fingerprint()}", status_report.fields)
        report.outcomes[outcome.value] += 1
    return report


def _column_positions(header: list[str], columns: dict[str, str], report: ImportReport) -> dict[str, int]:
    """Field -> column index, matching headers without regard to case, accents or spacing."""
    index_by_key = {_header_key(name): index for index, name in enumerate(header)}
    positions = {name: index_by_key[_header_key(title)] for name, title in columns.items()
                 if _header_key(title) in index_by_key}
    report.errors.extend(RowError(1, columns[name], "missing column") for name in REQUIRED if name not in positions)
    return positions


def _header_key(title: object) -> str:
    return fold(" ".join(str(title or "").split()))


def _read_table(path: Path) -> tuple[list[str], list[tuple[int, list]]]:
    """The header and the numbered, non-empty data rows of a CSV file or of an XLSX file's first sheet."""
    if path.suffix.lower() == ".xlsx":
        workbook = load_workbook(path, read_only=True, data_only=True)
        table = [list(cells) for cells in workbook.worksheets[0].iter_rows(values_only=True)]
        workbook.close()
    else:
        text = path.read_text(encoding="utf-8-sig")
        header_line = text.split("\n", 1)[0]
        delimiter = max(",;\t", key=header_line.count)  # Excel in a Vietnamese locale saves with ";"
        table = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    header = [str(title or "") for title in (table[0] if table else [])]
    rows = [(number, cells) for number, cells in enumerate(table[1:], start=2)
            if any(cell not in (None, "") for cell in cells)]
    return header, rows
