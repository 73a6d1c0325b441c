"""The one-stop export (CSV or XLSX) imports all or nothing, reports bad rows, and re-imports as a no-op."""

import csv
import datetime as dt
import os
import subprocess
import sys

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from dossiers.importer import DEFAULT_COLUMNS, RowError, import_file
from dossiers.models import Dossier, DossierStatusChange
from storage.database import REPO_ROOT

HEADER = ["STT", "Số biên nhận", "Mã thủ tục", "Tên thủ tục", "Người nộp", "Số điện thoại", "Trạng thái",
          "Ngày tiếp nhận", "Ngày hẹn trả", "Nơi trả kết quả", "Đơn vị xử lý", "Ghi chú"]
ROWS = [
    ["1", "38.98.H29-210519-0013", "1.001612", "Đăng ký khai sinh", "Nguyễn Văn An", "0912 345 678", "Đang xử lý",
     "02/11/2026", "05/11/2026", "Bộ phận một cửa phường", "UBND phường", "Thiếu bản sao\ngiấy chứng nhận kết hôn"],
    ["2", "000.00.31.h29-251103-0042", "1.004222", "Chứng thực bản sao", "Trần Thị Bích", "0987654321",
     "Đã trả kết quả", "2026-11-03", "2026-11-03", "Bộ phận một cửa phường", "UBND phường", ""],
]


def write_csv(path, rows, header=HEADER, delimiter=","):
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows([header, *rows])
    return path


def write_xlsx(path, rows, header=HEADER):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        # As exports do: dates as date cells, the phone as a number (its leading zero lost).
        sheet.append([*row[:5], int(row[5].replace(" ", "")), row[6], dt.datetime.strptime(row[7], "%d/%m/%Y")
                      if "/" in row[7] else row[7], row[8], *row[9:]])
    workbook.save(path)
    return path


def table_counts(session):
    return (session.scalar(select(func.count()).select_from(Dossier)),
            session.scalar(select(func.count()).select_from(DossierStatusChange)))


@pytest.mark.parametrize("writer", [write_csv, write_xlsx])
def test_an_export_imports_and_a_second_import_changes_nothing(sessions, tmp_path, writer):
    path = writer(tmp_path / f"export.{'csv' if writer is write_csv else 'xlsx'}", ROWS)
    with sessions.begin() as session:
        report = import_file(session, path, progress=False)
    assert report.errors == [] and report.outcomes == {"created": 2}
    with sessions.begin() as session:
        dossier = session.scalar(select(Dossier).where(Dossier.receipt_number == "38.98.H29-210519-0013"))
        assert (dossier.status, dossier.received_on, dossier.due_on) == (
            "processing", dt.date(2026, 11, 2), dt.date(2026, 11, 5))
        assert dossier.applicant_phone.endswith("912345678") and dossier.procedure_code == "1.001612"
        assert dossier.notes == "Thiếu bản sao\ngiấy chứng nhận kết hôn"
        assert session.scalar(select(Dossier.status).where(Dossier.receipt_number == "000.00.31.H29-251103-0042")) \
            == "result_returned"
    with sessions.begin() as session:
        again = import_file(session, path, progress=False)
        assert again.outcomes == {"duplicate": 2} and table_counts(session) == (2, 2)


def test_a_later_export_appends_only_real_changes(sessions, tmp_path):
    with sessions.begin() as session:
        import_file(session, write_csv(tmp_path / "monday.csv", ROWS), progress=False)
    processed = [ROWS[0][:6] + ["Đã xử lý xong"] + ROWS[0][7:], ROWS[1]]
    with sessions.begin() as session:
        report = import_file(session, write_csv(tmp_path / "tuesday.csv", processed, delimiter=";"), progress=False)
        assert report.outcomes == {"changed": 1, "duplicate": 1} and table_counts(session) == (2, 3)


def test_bad_rows_import_nothing_and_are_reported_by_row_and_column(sessions, tmp_path):
    bad = [ROWS[0], ROWS[1][:7] + ["31/02/2026"] + ROWS[1][8:],
           ["3", "38.98.H29-2105-0013", *ROWS[0][2:]], ["4", *ROWS[0][1:6], "Đang chờ", *ROWS[0][7:]]]
    with sessions.begin() as session:
        report = import_file(session, write_csv(tmp_path / "bad.csv", bad), progress=False)
        assert table_counts(session) == (0, 0)
    assert [(e.row, e.column) for e in report.errors] == [
        (3, "Ngày tiếp nhận"), (4, "Số biên nhận"), (5, "Trạng thái")]
    assert "not a date" in report.errors[0].reason and "nothing imported" in report.lines()[0]


def test_a_missing_required_column_is_reported_on_the_header_row(sessions, tmp_path):
    header = [title for title in HEADER if title != "Trạng thái"]
    rows = [row[:6] + row[7:] for row in ROWS]
    with sessions.begin() as session:
        report = import_file(session, write_csv(tmp_path / "no_status.csv", rows, header), progress=False)
        assert table_counts(session) == (0, 0)
    assert report.errors == [RowError(1, "Trạng thái", "missing column")]


def test_header_names_can_be_mapped_and_match_without_accents(sessions, tmp_path):
    header = ["Ma ho so", *(title.upper() for title in HEADER[2:])]
    rows = [row[1:] for row in ROWS]
    with sessions.begin() as session:
        report = import_file(session, write_csv(tmp_path / "other.csv", rows, header),
                             columns={"receipt_number": "Mã hồ sơ"}, progress=False)
    assert report.errors == [] and report.outcomes == {"created": 2}
    assert DEFAULT_COLUMNS["receipt_number"] == "Số biên nhận"


def test_the_command_line_dry_run_writes_nothing_and_a_real_run_does(db_url, sessions, tmp_path):
    path = write_csv(tmp_path / "export.csv", ROWS)
    env = os.environ | {"APP_DATABASE_URL": db_url}

    def run(*extra):
        return subprocess.run([sys.executable, "-m", "dossiers", "import", str(path), *extra], cwd=REPO_ROOT,
                              env=env, capture_output=True, text=True, timeout=120)

    dry = run("--dry-run")
    assert dry.returncode == 0 and "DRY RUN" in dry.stdout and "2 created" in dry.stdout
    with sessions.begin() as session:
        assert table_counts(session) == (0, 0)
    real = run()
    assert real.returncode == 0 and "2 created" in real.stdout
    with sessions.begin() as session:
        assert table_counts(session) == (2, 2)
    bad = write_csv(tmp_path / "bad.csv", [ROWS[0][:7] + ["hôm qua"] + ROWS[0][8:]])
    failed = subprocess.run([sys.executable, "-m", "dossiers", "import", str(bad)], cwd=REPO_ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert failed.returncode == 1 and "row 2, column 'Ngày tiếp nhận'" in failed.stdout
