"""The staff admin: roles, CSRF, lockout, the report queue and concurrent edits, on SQLite and PostgreSQL."""

import datetime as dt
import io
import re

import pytest
from PIL import Image
from sqlalchemy import select, text

from notifications.outbox import OutboxMessage
from staff.accounts import create_user, user_named
from staff.models import AuditEntry, Role
from storage.database import make_engine, session_scope
from tests.urban_reports import conftest as reports_conftest
from tests.urban_reports.conftest import database_url, postgres_url  # noqa: F401 (fixtures used by name)
from urban_reports.drafts import ReportDraft
from urban_reports.locations import Location
from urban_reports.models import ReportFollower
from urban_reports.photos import store_report_photo
from urban_reports.service import file_report, report_by_code
from webapp import create_app

PASSWORD = "mật khẩu đủ dài"
PHONE = "0912345678"
BEN_THANH = Location(10.7725, 106.6980)
LONG_AGO = dt.datetime(2026, 11, 20, 2, 0)  # deadlines long past: the report is overdue


db_url = reports_conftest.db_url  # a migrated database with the ward mapping; reports are emptied after each test


@pytest.fixture(autouse=True)
def _forget_accounts(db_url):
    """The PostgreSQL database is shared by the session: accounts and audit entries go after each test."""
    yield
    if db_url.startswith("postgresql"):
        with make_engine(db_url).begin() as connection:
            connection.execute(text("TRUNCATE staff_users, staff_audit_log CASCADE"))


def make_app(db_url, media_dir, **config):
    app = create_app({"TESTING": True, "APP_DATABASE_URL": db_url, "WTF_CSRF_ENABLED": False,
                      "MEDIA_DIR": media_dir, **config})
    return app


@pytest.fixture
def app(db_url, tmp_path):
    return make_app(db_url, tmp_path / "media")


@pytest.fixture
def accounts(db_url):
    with session_scope(db_url) as session:
        for role in Role:
            create_user(session, role.value.replace("_", "-"), PASSWORD, role)


def signed_in(app, username):
    client = app.test_client()
    response = client.post("/admin/login", data={"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


@pytest.fixture
def report_code(db_url):
    with session_scope(db_url) as session:
        return file_report(session, ReportDraft("garbage", "Rác đổ bậy đầu hẻm", BEN_THANH, contact_phone=PHONE),
                           "web:abc", "vi", now=LONG_AGO).code


def user_id(db_url, username):
    with session_scope(db_url) as session:
        return user_named(session, username).id


def version(page: str) -> str:
    return re.search(r'name="version" type="hidden" value="([^"]+)"', page).group(1)


@pytest.mark.parametrize(("username", "path", "status"), [
    ("admin", "/admin/", 200), ("editor", "/admin/", 200), ("case-officer", "/admin/", 200),
    ("admin", "/admin/reports", 200), ("editor", "/admin/reports", 403), ("case-officer", "/admin/reports", 200),
    ("admin", "/admin/users", 200), ("editor", "/admin/users", 403), ("case-officer", "/admin/users", 403),
    ("admin", "/admin/audit", 200), ("editor", "/admin/audit", 403), ("case-officer", "/admin/audit", 403),
])
def test_each_role_opens_only_its_pages(app, accounts, username, path, status):
    assert signed_in(app, username).get(path).status_code == status


def test_an_editor_cannot_change_a_report_or_add_an_account(app, accounts, report_code):
    client = signed_in(app, "editor")
    page = client.post(f"/admin/reports/{report_code}/status", data={"status": "resolved", "version": "x"})
    assert page.status_code == 403 and "không có quyền" in page.get_data(as_text=True)
    assert client.post("/admin/users", data={"username": "x", "role": "admin", "password": PASSWORD}).status_code == 403


def test_pages_need_a_sign_in_and_next_stays_inside_the_admin(app, accounts):
    client = app.test_client()
    response = client.get("/admin/reports")
    assert response.status_code == 302 and "/admin/login" in response.location
    response = client.post("/admin/login?next=//evil.example/", data={"username": "admin", "password": PASSWORD})
    assert response.location == "/admin/"


def test_the_session_cookie_is_httponly_lax_and_secure(app, accounts):
    response = app.test_client().post("/admin/login", data={"username": "admin", "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie


def test_forms_without_the_csrf_token_are_refused(db_url, tmp_path, accounts, report_code):
    app = make_app(db_url, tmp_path, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    assert client.post("/admin/login", data={"username": "admin", "password": PASSWORD}).status_code == 400
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/admin/login").text).group(1)
    response = client.post("/admin/login", data={"username": "admin", "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    page = client.get(f"/admin/reports/{report_code}").text
    forged = client.post(f"/admin/reports/{report_code}/status",
                         data={"status": "resolved", "reply": "xong", "version": version(page)})
    assert forged.status_code == 400 and "Biểu mẫu đã hết hạn" in forged.text
    with session_scope(db_url) as session:
        assert report_by_code(session, report_code).status == "received"


def test_five_wrong_passwords_lock_the_account(app, accounts, db_url):
    client = app.test_client()
    answers = [client.post("/admin/login", data={"username": "editor", "password": f"sai {n}"}) for n in range(5)]
    assert [answer.status_code for answer in answers] == [401] * 5
    assert "không đúng" in answers[0].text and "tạm khóa" in answers[4].text
    right = client.post("/admin/login", data={"username": "editor", "password": PASSWORD})
    assert right.status_code == 401 and "tạm khóa" in right.text
    with session_scope(db_url) as session:
        actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["login.wrong"] * 4 + ["login.just_locked", "login.locked"]
    admin = signed_in(app, "admin")
    assert "Tạm khóa" in admin.get("/admin/users").text
    assert admin.post(f"/admin/users/{user_id(db_url, 'editor')}/unlock").status_code == 302
    signed_in(app, "editor")


def test_the_address_limit_stops_a_flood_of_sign_ins(db_url, tmp_path, accounts):
    client = make_app(db_url, tmp_path, STAFF_LOGIN_ATTEMPTS_PER_ADDRESS=2).test_client()
    codes = [client.post("/admin/login", data={"username": f"u{n}", "password": "x"}).status_code for n in range(3)]
    assert codes == [401, 401, 429]


def test_a_status_change_notifies_the_reporter_and_is_audited(app, accounts, db_url, report_code):
    client = signed_in(app, "case-officer")
    page = client.get(f"/admin/reports/{report_code}").text
    assert "091****678" in page and PHONE not in page
    response = client.post(f"/admin/reports/{report_code}/status", data={
        "status": "in_progress", "reply": "Đã cử người đến dọn.", "version": version(page)})
    assert response.status_code == 302
    with session_scope(db_url) as session:
        (message,) = session.scalars(select(OutboxMessage)).all()
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "report.status"))
        assert report_by_code(session, report_code).status == "in_progress"
    assert message.conversation_id == "web:abc" and message.kind == "report_status"
    assert "Đã cử người đến dọn." in message.replies[0]["text"] and PHONE not in message.replies[0]["text"]
    assert entry.actor == "case-officer" and entry.summary == {"status": ["received", "in_progress"], "reply": True}


def test_the_second_of_two_concurrent_saves_is_told_and_keeps_its_input(app, accounts, db_url, report_code):
    first, second = signed_in(app, "case-officer"), signed_in(app, "admin")
    seen = version(first.get(f"/admin/reports/{report_code}").text)
    assert version(second.get(f"/admin/reports/{report_code}").text) == seen
    assert first.post(f"/admin/reports/{report_code}/status",
                      data={"status": "verifying", "reply": "", "version": seen}).status_code == 302
    late = second.post(f"/admin/reports/{report_code}/status",
                       data={"status": "resolved", "reply": "Trả lời soạn công phu", "version": seen})
    assert late.status_code == 409
    assert "người khác cập nhật" in late.text and "Trả lời soạn công phu" in late.text
    assert version(late.text) != seen  # saving again from this page goes through
    with session_scope(db_url) as session:
        assert report_by_code(session, report_code).status == "verifying"
    again = second.post(f"/admin/reports/{report_code}/status",
                        data={"status": "resolved", "reply": "Trả lời soạn công phu", "version": version(late.text)})
    assert again.status_code == 302


def test_the_queue_filters_and_highlights_overdue_reports(app, accounts, db_url, report_code):
    client = signed_in(app, "case-officer")
    page = client.get("/admin/reports?overdue=y").text
    assert report_code in page and 'class="overdue"' in page and "Quá hạn" in page
    assert report_code not in client.get("/admin/reports?category=streetlight").text
    assert report_code not in client.get("/admin/reports?since=2026-11-21").text
    assert report_code in client.get("/admin/reports?since=2026-11-20&until=2026-11-20&status=received").text
    assert report_code in client.get("/admin/reports?status=bogus&since=not-a-date").text


def test_marking_a_duplicate_moves_the_reporter_to_the_original(app, accounts, db_url, report_code):
    with session_scope(db_url) as session:
        copy = file_report(session, ReportDraft("garbage", "Lại rác", BEN_THANH, anonymous=True), "telegram:42", "en",
                           now=LONG_AGO).code
    client = signed_in(app, "case-officer")
    page = client.get(f"/admin/reports/{copy}").text
    assert client.post(f"/admin/reports/{copy}/duplicate",
                       data={"original": copy, "version": version(page)}).status_code == 400
    assert client.post(f"/admin/reports/{copy}/duplicate",
                       data={"original": report_code.lower(), "version": version(page)}).status_code == 302
    with session_scope(db_url) as session:
        assert report_by_code(session, copy).status == "duplicate"
        followers = session.scalars(select(ReportFollower.conversation_id)).all()
        (message,) = session.scalars(select(OutboxMessage)).all()
    assert followers == ["telegram:42"] and message.conversation_id == "telegram:42"
    assert report_code in message.replies[0]["text"] and "Duplicate" in message.replies[0]["text"]


def test_the_phone_is_shown_on_request_and_can_be_erased(app, accounts, db_url, report_code):
    client = signed_in(app, "case-officer")
    assert PHONE in client.post(f"/admin/reports/{report_code}/phone").text
    page = client.get(f"/admin/reports/{report_code}").text
    assert client.post(f"/admin/reports/{report_code}/redact-phone", data={"version": version(page)}).status_code == 302
    with session_scope(db_url) as session:
        assert report_by_code(session, report_code).contact_phone is None
        audit = session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
        assert PHONE not in str(session.scalars(select(AuditEntry.summary)).all())
    assert audit[-2:] == ["report.view_phone", "report.redact"]


def test_photos_are_served_to_staff_only_and_can_be_erased(app, accounts, db_url, tmp_path):
    image = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(image, "PNG")
    reference = store_report_photo(image.getvalue(), tmp_path / "media")
    name = reference.rsplit("/", 1)[1]
    with session_scope(db_url) as session:
        draft = ReportDraft("garbage", "Rác", BEN_THANH, photos=(reference,), anonymous=True)
        code = file_report(session, draft, "web:abc", "vi", now=LONG_AGO).code
    url = f"/admin/reports/{code}/photos/{name}"
    assert app.test_client().get(url).status_code == 302
    client = signed_in(app, "case-officer")
    photo = client.get(url)
    assert photo.status_code == 200 and photo.headers["Cache-Control"] == "private, no-store"
    assert client.get(f"/admin/reports/{code}/photos/..%2F..%2Fsecret_key").status_code == 404
    page = client.get(f"/admin/reports/{code}").text
    assert "openstreetmap.org/?mlat=10.772500&amp;mlon=106.698000" in page
    assert client.post(f"/admin/reports/{code}/redact-photo",
                       data={"photo": name, "version": version(page)}).status_code == 302
    assert client.get(url).status_code == 404 and not (tmp_path / "media" / "reports" / name).exists()


def test_an_admin_adds_and_deactivates_accounts(app, accounts, db_url):
    client = signed_in(app, "admin")
    assert client.post("/admin/users", data={"username": "minh", "role": "editor", "password": "ngắn"}).status_code \
        == 400
    assert client.post("/admin/users", data={"username": "minh", "role": "editor", "password": PASSWORD}) \
        .status_code == 302
    other = signed_in(app, "minh")
    assert client.post(f"/admin/users/{user_id(db_url, 'minh')}/active").status_code == 302
    assert other.get("/admin/").status_code == 302  # the deactivated account's session no longer counts
