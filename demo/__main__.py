"""`python -m demo load`: demo dossiers and reports into an empty registry (see demo/__init__.py)."""

from __future__ import annotations

import argparse
from pathlib import Path

from sqlalchemy import func, select

from dossiers.importer import import_file
from dossiers.models import Dossier
from storage.database import session_scope
from urban_reports.drafts import ReportDraft
from urban_reports.locations import Location
from urban_reports.models import Report
from urban_reports.service import file_report

DATA = Path(__file__).resolve().parent / "data"
DEMO_REPORTS = (
    ReportDraft(category="garbage", description="DEMO: rác đổ tràn ra lề đường mấy ngày chưa thu (phản ánh thử)",
                location=Location(address="DEMO - hẻm thử, không có thật", ward="Phường Bến Thành"), anonymous=True),
    ReportDraft(category="street_lights", description="DEMO: đèn đường tắt cả tuần (phản ánh thử)",
                location=Location(address="DEMO - đường thử, không có thật", ward="Phường Sài Gòn"),
                contact_phone="0900000004"),
)


def load(database_url: str | None = None) -> None:
    with session_scope(database_url) as session:
        if session.scalar(select(func.count()).select_from(Dossier)) or \
                session.scalar(select(func.count()).select_from(Report)):
            print("Demo: the registry already has dossiers or reports; nothing loaded.")
            return
        imported = import_file(session, DATA / "dossiers.csv", progress=False)
        if imported.errors:
            raise SystemExit("Demo dossiers could not be imported:\n" + "\n".join(imported.lines()))
        codes = [file_report(session, draft, conversation_id=None, language="vi").code for draft in DEMO_REPORTS]
    print(f"Demo: {imported.rows} DEMO dossiers (try 000.00.99.H29-261201-0001) and DEMO reports "
          f"{', '.join(codes)}; ward profile config/office.demo.yml. Every demo text says DEMO.")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m demo", description=__doc__)
    parser.add_argument("command", choices=["load"])
    parser.parse_args()
    load()


if __name__ == "__main__":
    main()
