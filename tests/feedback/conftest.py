"""Feedback tests run on a migrated SQLite and PostgreSQL database with one procedure and one closed report."""

import datetime as dt

import pytest

from knowledge.models import Procedure
from storage.database import session_scope
from tests.database_cleanup import empty_tables
from tests.urban_reports.conftest import database_url, db_url, postgres_url  # noqa: F401 (fixtures used by name)
from urban_reports.drafts import ReportDraft
from urban_reports.locations import Location
from urban_reports.service import change_status, file_report
from urban_reports.statuses import ReportStatus

CODE = "1.004194"
FILED = dt.datetime(2026, 11, 20, 2, 0)
REPORTER = "web:reporter"


@pytest.fixture
def feedback_db(db_url):  # noqa: F811 (the imported fixture)
    with session_scope(db_url) as session:
        session.add(Procedure(code=CODE, name="Đăng ký khai sinh", source_url="https://dichvucong.gov.vn/x",
                              levels=[], locally_edited_fields=[]))
    yield db_url
    empty_tables(db_url, "answer_ratings", "case_ratings", "procedures")


def filed_report(url: str, status: ReportStatus | None = None) -> str:
    with session_scope(url) as session:
        code = file_report(session, ReportDraft("garbage", "Rác đổ bậy đầu hẻm", Location(10.7725, 106.6980),
                                                       anonymous=True),
                           REPORTER, "vi", now=FILED).code
        if status is not None:
            change_status(session, code, status, staff_reply="Đã dọn.", now=FILED + dt.timedelta(hours=3))
        return code
