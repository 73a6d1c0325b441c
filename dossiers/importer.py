"""Import the one-stop system's export (CSV or XLSX) into the registry, all or nothing.

Every row is checked before anything is written; one bad row and nothing is
imported, and the report names each bad row, column and reason. Rows carry no
event id, so each row's content fingerprint serves as one: importing the same
file again changes nothing. `preview` runs the import and rolls it back, so its
report (status changes, notifications queued) is exactly what `apply` commits.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from tqdm import tqdm

from dossiers.models import Dossier, DossierSubscription
from dossiers.privacy import mask_name
from dossiers.registry import Outcome, record_status
from dossiers.reports import FieldError, StatusReport, parse_report
from dossiers.statuses import DossierStatus
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


class UnreadableFile(ValueError):
    """Not a CSV file in UTF-8 nor an XLSX workbook."""


@dataclass(frozen=True)
class StatusChange:
    """A row that gives a dossier a status: what staff check before applying (the applicant's name masked)."""

    receipt_number: str
    procedure_name: str | None
    applicant: str | None  # privacy.mask_name
    old: DossierStatus | None  # None: a dossier new to the registry
    new: DossierStatus
    notifications: int  # queued for the dossier's followers


@dataclass
class ImportReport:
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    outcomes: Counter = field(default_factory=Counter)
    changes: list[StatusChange] = field(default_factory=list)  # in file order

    @property
    def notifications(self) -> int:
        return sum(change.notifications for change in self.changes)

    def lines(self) -> list[str]:
        if self.errors:
            return [f"{len(self.errors)} problem(s); nothing imported:",
                    *(f"  row {e.row}, column {e.column!r}: {e.reason}" for e in self.errors)]
        counts = ", ".join(f"{count} {outcome}" for outcome, count in sorted(self.outcomes.items()))
        return [f"{self.rows} rows: {counts or 'nothing to do'}; {self.notifications} notification(s) queued"]


def import_file(session: Session, path: Path, columns: dict[str, str] | None = None, progress: bool = True,
                now: dt.datetime | None = None) -> ImportReport:
    """Check every row, then record them in the caller's transaction; the caller commits or rolls back.

    `columns` maps registry fields to header names and overrides DEFAULT_COLUMNS one by one.
    Raises UnreadableFile when the file is neither UTF-8 CSV nor XLSX.
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
        old = session.scalar(select(Dossier.status).where(Dossier.receipt_number == status_report.receipt))
        outcome = record_status(session, status_report.receipt, status_report.status, status_report.at or at,
                                "import", f"row:{status_report.fingerprint()}", status_report.fields)
        report.outcomes[outcome.value] += 1
        if outcome in (Outcome.CREATED, Outcome.CHANGED):
            report.changes.append(_change(session, status_report, old))
    return report


def preview(sessions: sessionmaker[Session], path: Path, columns: dict[str, str] | None = None,
            progress: bool = False) -> ImportReport:
    """What `apply` would do, changes and notifications included, in a transaction rolled back at the end.

    A real transaction, not a savepoint: with pysqlite, releasing a savepoint commits (see dossiers.registry).
    """
    with sessions() as session:
        try:
            return import_file(session, path, columns, progress)
        finally:
            session.rollback()


def apply(sessions: sessionmaker[Session], path: Path, columns: dict[str, str] | None = None,
          progress: bool = False, also: Callable[[Session, ImportReport], object] | None = None) -> ImportReport:
    """Import and commit, or roll back when a row is bad; `also` runs in the same transaction (an audit entry)."""
    with sessions() as session:
        report = import_file(session, path, columns, progress)
        if report.errors:
            session.rollback()
            return report
        if also is not None:
            also(session, report)
        session.commit()
    return report


def _change(session: Session, status_report: StatusReport, old: str | None) -> StatusChange:
    """Read right after record_status: the dossier is in the session, its details updated by the row."""
    dossier = session.scalar(select(Dossier).where(Dossier.receipt_number == status_report.receipt))
    followers = 0 if old is None else session.scalar(
        select(func.count()).select_from(DossierSubscription).where(DossierSubscription.dossier_id == dossier.id))
    return StatusChange(dossier.receipt_number, dossier.procedure_name, mask_name(dossier.applicant_name),
                        None if old is None else DossierStatus(old), status_report.status, followers)


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
    try:
        table = _xlsx_table(path) if path.suffix.lower() == ".xlsx" else _csv_table(path)
    except (OSError, ValueError, KeyError, IndexError, csv.Error, zipfile.BadZipFile, InvalidFileException) as error:
        raise UnreadableFile(f"{path.name}: {type(error).__name__}") from error
    header = [str(title or "") for title in (table[0] if table else [])]
    rows = [(number, cells) for number, cells in enumerate(table[1:], start=2)
            if any(cell not in (None, "") for cell in cells)]
    return header, rows


def _xlsx_table(path: Path) -> list[list]:
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        return [list(cells) for cells in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()


def _csv_table(path: Path) -> list[list]:
    text = path.read_text(encoding="utf-8-sig")
    header_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=header_line.count)  # Excel in a Vietnamese locale saves with ";"
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
