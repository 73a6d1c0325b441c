"""Staff upload the one-stop export, see which statuses change and who is notified, then apply exactly that file."""

import datetime as dt
import io
import re

import pytest
from sqlalchemy import func, select

from dossiers.models import Dossier, DossierStatusChange
from dossiers.registry import record_status
from dossiers.statuses import DossierStatus
from dossiers.subscriptions import subscribe
from notifications.outbox import OutboxMessage
from staff.models import AuditEntry
from storage.database import session_scope
from tests.dossiers import conftest as dossiers_conftest
from tests.dossiers.test_importer import ROWS, write_csv, write_xlsx
from tests.knowledge.conftest import database_url, postgres_url  # noqa: F401 (fixtures used by name)
from tests.webapp import test_admin
from tests.webapp.test_admin import PASSWORD, make_app, signed_in

db_url = dossiers_conftest.db_url  # a migrated database; the dossier tables and the outbox are emptied after each test
accounts = test_admin.accounts  # one account per role
_forget_accounts = test_admin._forget_accounts  # autouse: accounts and audit entries go after each test

RECEIPT = "38.98.H29-210519-0013"  # ROWS[0]; ROWS[1] is a dossier new to the registry
PROCESSED = [ROWS[0][:6] + ["Đã xử lý xong"] + ROWS[0][7:], ROWS[1]]
FOLLOWER = "telegram:4242"


@pytest.fixture
def app(db_url, tmp_path):
    return make_app(db_url, tmp_path / "media", DOSSIER_IMPORT_DIR=tmp_path / "imports")


@pytest.fixture
def followed(db_url):
    """RECEIPT is being processed and one resident follows it on Telegram."""
    with session_scope(db_url) as session:
        record_status(session, RECEIPT, DossierStatus.PROCESSING, dt.datetime(2026, 11, 2, 1, 30), "webhook", "e-1")
        subscribe(session, RECEIPT, FOLLOWER, "vi")


def upload(client, path, name=None):
    data = {"export": (io.BytesIO(path.read_bytes()), name or path.name)}
    return client.post("/admin/dossiers/import", data=data, content_type="multipart/form-data")


def stored(db_url):
    """RECEIPT's status, the number of dossiers, of history rows and of queued notifications."""
    with session_scope(db_url) as session:
        return (session.scalar(select(Dossier.status).where(Dossier.receipt_number == RECEIPT)),
                session.scalar(select(func.count()).select_from(Dossier)),
                session.scalar(select(func.count()).select_from(DossierStatusChange)),
                session.scalar(select(func.count()).select_from(OutboxMessage)))


def apply_button(page: str) -> bool:
    return ">Áp dụng</button>" in page


@pytest.mark.parametrize("writer", [write_csv, write_xlsx])
def test_the_preview_lists_status_changes_and_notifications_and_writes_nothing(app, accounts, followed, db_url,
                                                                              tmp_path, writer):
    path = writer(tmp_path / ("export.csv" if writer is write_csv else "export.xlsx"), PROCESSED)
    response = upload(signed_in(app, "case-officer"), path)
    page = response.text
    assert response.status_code == 200 and apply_button(page)
    row = re.search(rf"<tr>\s*<td[^>]*><code>{re.escape(RECEIPT)}</code>.*?</tr>", page, re.S).group(0)
    assert "Đăng ký khai sinh" in row and "Đang xử lý" in row and "Đã xử lý xong" in row
    assert 'Người dân được báo">1</td>' in row
    assert "Thông báo sẽ gửi cho người dân</dt><dd><strong>1</strong>" in page
    assert "N. V. A." in page and "Nguyễn V" not in page and "345678" not in page
    assert stored(db_url) == ("processing", 1, 1, 0)


def test_apply_records_the_statuses_queues_the_notifications_and_only_once(app, accounts, followed, db_url,
                                                                           tmp_path):
    client = signed_in(app, "admin")
    page = upload(client, write_csv(tmp_path / "export.csv", PROCESSED)).text
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', page).group(1)
    done = client.post("/admin/dossiers/import/apply", data={"token": token}, follow_redirects=True).text
    assert "Đã nhập 2 dòng: 1 hồ sơ mới, 1 hồ sơ đổi trạng thái; 1 thông báo" in done
    assert stored(db_url) == ("processed", 2, 3, 1)
    with session_scope(db_url) as session:
        message = session.scalar(select(OutboxMessage))
        audit = session.scalar(select(AuditEntry).where(AuditEntry.action == "dossiers.import"))
        assert message.conversation_id == FOLLOWER and "Đã xử lý xong" in message.replies[0]["text"]
        assert (audit.actor, audit.summary) == (
            "admin", {"rows": 2, "outcomes": {"created": 1, "changed": 1}, "notifications": 1})
    assert list((tmp_path / "imports").iterdir()) == []
    again = client.post("/admin/dossiers/import/apply", data={"token": token}, follow_redirects=True).text
    assert "đã được áp dụng hoặc không còn nữa" in again
    assert stored(db_url) == ("processed", 2, 3, 1)


def test_a_file_with_a_bad_row_shows_the_errors_and_cannot_be_applied(app, accounts, followed, db_url, tmp_path):
    bad = [PROCESSED[0], PROCESSED[1][:7] + ["31/02/2026"] + PROCESSED[1][8:]]
    page = upload(signed_in(app, "case-officer"), write_csv(tmp_path / "bad.csv", bad)).text
    assert "Tệp có 1 lỗi" in page and not apply_button(page)
    assert re.search(r">3</td>\s*<td[^>]*>Ngày tiếp nhận</td>", page)
    assert stored(db_url) == ("processing", 1, 1, 0)
    assert list((tmp_path / "imports").iterdir()) == []


def test_a_file_of_another_type_or_unreadable_is_refused_with_a_message(app, accounts, followed, db_url, tmp_path):
    client = signed_in(app, "case-officer")
    csv_file = write_csv(tmp_path / "export.csv", PROCESSED)
    refused = upload(client, csv_file, "export.pdf")
    assert refused.status_code == 400 and "Chỉ nhận tệp .csv hoặc .xlsx" in refused.text
    unreadable = upload(client, csv_file, "export.xlsx")
    assert unreadable.status_code == 400 and "Không đọc được tệp" in unreadable.text
    assert not apply_button(refused.text + unreadable.text)
    assert stored(db_url) == ("processing", 1, 1, 0)


def test_an_editor_cannot_open_or_use_the_import(app, accounts, tmp_path):
    client = signed_in(app, "editor")
    assert client.get("/admin/dossiers/import").status_code == 403
    assert upload(client, write_csv(tmp_path / "export.csv", PROCESSED)).status_code == 403
    assert client.post("/admin/dossiers/import/apply", data={"token": "x"}).status_code == 403


def test_an_upload_without_the_csrf_token_is_rejected(db_url, tmp_path, accounts, followed):
    client = make_app(db_url, tmp_path / "media", WTF_CSRF_ENABLED=True,
                      DOSSIER_IMPORT_DIR=tmp_path / "imports").test_client()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/admin/login").text).group(1)
    client.post("/admin/login", data={"username": "admin", "password": PASSWORD, "csrf_token": token})
    path = write_csv(tmp_path / "export.csv", PROCESSED)
    forged = upload(client, path)
    assert forged.status_code == 400 and "Biểu mẫu đã hết hạn" in forged.text
    assert client.post("/admin/dossiers/import/apply", data={"token": "x"}).status_code == 400
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      client.get("/admin/dossiers/import").text).group(1)
    page = client.post("/admin/dossiers/import", content_type="multipart/form-data", data={
        "csrf_token": token, "export": (io.BytesIO(path.read_bytes()), "export.csv")}).text
    assert apply_button(page)
    assert stored(db_url) == ("processing", 1, 1, 0)
