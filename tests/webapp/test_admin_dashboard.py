"""The statistics dashboard: which tables each role sees, the vendored charts, and the CSV export."""

import csv
import io

import pytest
from sqlalchemy import text

from analytics.tables import Table
from staff.accounts import create_user
from staff.models import Role
from storage.database import make_engine, session_scope
from tests.analytics.conftest import CODE, NOW, app_data, tracker_db  # noqa: F401 (fixtures used by name)
from tests.feedback.conftest import database_url, db_url, feedback_db, postgres_url  # noqa: F401 (fixtures)
from tests.webapp.test_admin import PASSWORD, make_app, signed_in
from webapp.admin import dashboard

TITLES = {"procedures": "Thủ tục được hỏi nhiều nhất", "reports": "Phản ánh theo lĩnh vực và trạng thái",
          "conversations": "Hội thoại theo ngày và kênh", "dossier_lookups": "Tra cứu hồ sơ theo ngày"}


@pytest.fixture
def app(app_data, tracker_db, tmp_path, monkeypatch):  # noqa: F811 (the imported fixtures)
    monkeypatch.setattr(dashboard, "utcnow", lambda: NOW)
    with session_scope(app_data) as session:
        for role in Role:
            create_user(session, role.value.replace("_", "-"), PASSWORD, role)
    yield make_app(app_data, tmp_path / "media")
    if app_data.startswith("postgresql"):
        with make_engine(app_data).begin() as connection:
            connection.execute(text("TRUNCATE staff_users, staff_audit_log CASCADE"))


@pytest.mark.parametrize("username, shown, hidden", [
    ("admin", ["conversations", "procedures", "reports", "dossier_lookups"], []),
    ("editor", ["conversations", "procedures"], ["reports", "dossier_lookups"]),
    ("case-officer", ["conversations", "reports", "dossier_lookups"], ["procedures"]),
])
def test_each_role_sees_its_tables(app, username, shown, hidden):
    page = signed_in(app, username).get("/admin/dashboard").get_data(as_text=True)
    assert all(TITLES[name] in page for name in shown)
    assert not any(TITLES[name] in page for name in hidden)
    assert '<script src="/static/vendor/chartjs/chart.umd.min.js"></script>' in page
    assert "https://" not in page


def test_the_chart_library_is_served_from_the_app(app):
    response = app.test_client().get("/static/vendor/chartjs/chart.umd.min.js")
    assert response.status_code == 200 and b"Chart.js v4" in response.data


def test_signed_out_staff_go_to_the_sign_in_page(app):
    assert app.test_client().get("/admin/dashboard").status_code == 302


def test_csv_export_of_a_table(app):
    response = signed_in(app, "editor").get("/admin/dashboard/answer_ratings.csv?days=7")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "dashboard-answer_ratings-7d-" in response.headers["Content-Disposition"]
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(body.removeprefix("\ufeff")))) == [
        ["Mã thủ tục", "Tên thủ tục", "👍", "👎"], [CODE, "Đăng ký khai sinh", "2", "1"]]


def test_csv_export_follows_the_roles(app):
    editor, officer = signed_in(app, "editor"), signed_in(app, "case-officer")
    assert editor.get("/admin/dashboard/reports.csv").status_code == 403
    assert officer.get("/admin/dashboard/procedures.csv").status_code == 403
    assert officer.get("/admin/dashboard/timeliness.csv").get_data(as_text=True).splitlines()[1] == "1,1,1,1,33.3"
    assert officer.get("/admin/dashboard/nothing.csv").status_code == 404


def test_no_csv_cell_is_read_as_a_formula():
    table = Table("procedures", "t", ["Tên"], [("=HYPERLINK(\"x\")",), (-1,)])
    assert list(csv.reader(io.StringIO(dashboard._csv(table))))[1:] == [["'=HYPERLINK(\"x\")"], ["-1"]]
