"""Knowledge editing in the admin: roles, preview, publish, concurrent saves, verify, revert, unanswered queue."""

import html
import json
import re

import pytest

from knowledge.models import FaqEntry, Procedure, UnansweredQuestion
from knowledge.reference_data import shipped_records
from knowledge_editing import procedures, version
from staff.accounts import create_user
from staff.models import AuditEntry, Role
from storage.database import session_scope
from tests.knowledge_editing import conftest as editing_conftest
from tests.knowledge_editing.conftest import (  # noqa: F401 (fixtures)
    CAN_CUOC,
    KHAI_SINH,
    TAM_TRU,
    database_url,
    postgres_url,
)
from webapp import create_app

PASSWORD = "mật khẩu đủ dài"
db_url = editing_conftest.db_url  # a few seed procedures and two editors


@pytest.fixture
def app(db_url, tmp_path):
    with session_scope(db_url) as session:
        create_user(session, "case-officer", PASSWORD, Role.CASE_OFFICER)
    return create_app({"TESTING": True, "APP_DATABASE_URL": db_url, "WTF_CSRF_ENABLED": False,
                       "MEDIA_DIR": tmp_path / "media", "CATALOGUE_IMPORT_DIR": tmp_path / "imports"})


def signed_in(app, username="editor"):
    client = app.test_client()
    assert client.post("/admin/login", data={"username": username, "password": PASSWORD}).status_code == 302
    return client


def form_of(page: str) -> dict:
    """The edit form's fields as the browser would send them back (unticked boxes are not sent)."""
    inputs = re.findall(r'<input([^>]*?)name="([^"]+)"([^>]*?)value="([^"]*)"', page)
    fields = {name: value for before, name, after, value in inputs
              if 'type="checkbox"' not in before + after or "checked" in before + after}
    fields.update(re.findall(r'<textarea[^>]*?name="([^"]+)"[^>]*>\s*([^<]*)</textarea>', page))
    return {name: html.unescape(value) for name, value in fields.items()}


def fee_of(db_url, code=TAM_TRU):
    with session_scope(db_url) as session:
        return session.get(Procedure, code).channels[0].fee_vnd


@pytest.mark.parametrize(("username", "status"), [("editor", 200), ("case-officer", 403)])
def test_only_editors_and_admins_edit_knowledge(app, username, status):
    client = signed_in(app, username)
    for path in ("/admin/knowledge?q=tam tru", f"/admin/knowledge/procedures/{TAM_TRU}", "/admin/unanswered"):
        assert client.get(path).status_code == status
    assert client.post(f"/admin/knowledge/procedures/{TAM_TRU}/verify").status_code in (302, status)


def test_the_list_finds_procedures_without_accents(app):
    page = signed_in(app).get("/admin/knowledge?q=dang ky tam tru").text
    assert TAM_TRU in page and CAN_CUOC not in page


def test_preview_shows_the_answer_and_saves_nothing_then_publish_saves(app, db_url):
    client = signed_in(app)
    data = form_of(client.get(f"/admin/knowledge/procedures/{TAM_TRU}").text) | {"fees-0-amount": "25000",
                                                                               "fees-0-note": ""}
    preview = client.post(f"/admin/knowledge/procedures/{TAM_TRU}", data=data | {"action": "preview"})
    assert preview.status_code == 200 and "25.000 đồng" in preview.text and fee_of(db_url) == 7000
    published = client.post(f"/admin/knowledge/procedures/{TAM_TRU}", data=data | {"action": "publish"})
    assert published.status_code == 302 and fee_of(db_url) == 25000
    assert "25.000 đồng" in client.get(published.location).text  # in the history


def test_documents_and_times_are_previewed_then_published(app, db_url):
    client = signed_in(app)
    page = client.get(f"/admin/knowledge/procedures/{CAN_CUOC}").text
    assert "7 Ngày làm việc" in page and "Phiếu thu thập thông tin dân cư" in page
    data = form_of(page) | {"fees-0-time": "5 ngày làm việc", "documents-1-remove": "y",
                            "documents-3-name": "Giấy khai sinh", "documents-3-copies_copy": "1"}
    preview = client.post(f"/admin/knowledge/procedures/{CAN_CUOC}", data=data | {"action": "preview"})
    assert preview.status_code == 200
    assert "Trực tiếp: cổng dịch vụ công không ghi; 5 ngày làm việc" in preview.text
    assert "• Giấy khai sinh (1 bản sao)" in preview.text and "• Phiếu đề nghị giải quyết" not in preview.text
    assert client.post(f"/admin/knowledge/procedures/{CAN_CUOC}", data=data | {"action": "publish"}).status_code == 302
    with session_scope(db_url) as session:
        procedure = session.get(Procedure, CAN_CUOC)
        assert procedure.channels[0].time_text == "5 Ngày làm việc" and procedure.channels[1].time_value == 7
        assert [d.name[:16] for d in procedure.documents] == ["Phiếu thu thập t", "Phiếu CC01 được ", "Giấy khai sinh"]
    history = client.get(f"/admin/knowledge/procedures/{CAN_CUOC}").text
    assert "Thành phần hồ sơ" in history and "Giấy khai sinh (1 bản sao)" in history


def test_a_document_without_a_name_and_a_time_without_unit_are_shown_and_not_saved(app, db_url):
    client = signed_in(app)
    data = form_of(client.get(f"/admin/knowledge/procedures/{CAN_CUOC}").text)
    page = client.post(f"/admin/knowledge/procedures/{CAN_CUOC}",
                       data=data | {"fees-1-time": "7", "documents-0-name": "", "action": "publish"})
    assert page.status_code == 400 and "Hãy ghi cả đơn vị thời gian" in page.text
    assert "Tên giấy tờ không được để trống" in page.text
    with session_scope(db_url) as session:
        assert len(session.get(Procedure, CAN_CUOC).documents) == 3


def test_an_invalid_fee_is_shown_and_not_saved(app, db_url):
    client = signed_in(app)
    data = form_of(client.get(f"/admin/knowledge/procedures/{TAM_TRU}").text) | {"fees-0-amount": "-3"}
    page = client.post(f"/admin/knowledge/procedures/{TAM_TRU}", data=data | {"action": "publish"})
    assert page.status_code == 400 and "không âm" in page.text and fee_of(db_url) == 7000


def test_the_second_editor_is_told_and_keeps_the_input(app, db_url):
    first, second = signed_in(app), signed_in(app, "editor2")
    stale = form_of(second.get(f"/admin/knowledge/procedures/{TAM_TRU}").text)
    first.post(f"/admin/knowledge/procedures/{TAM_TRU}",
               data=stale | {"fees-0-amount": "20000", "fees-0-note": "", "action": "publish"})
    page = second.post(f"/admin/knowledge/procedures/{TAM_TRU}",
                       data=stale | {"fees-0-amount": "30000", "fees-0-note": "", "action": "publish"})
    assert page.status_code == 409 and "Người khác vừa lưu" in page.text and 'value="30000"' in page.text
    assert fee_of(db_url) == 20000


def test_verify_and_revert(app, db_url):
    client = signed_in(app)
    data = form_of(client.get(f"/admin/knowledge/procedures/{TAM_TRU}").text) | {"fees-0-amount": "1000"}
    client.post(f"/admin/knowledge/procedures/{TAM_TRU}", data=data | {"action": "publish"})
    client.post(f"/admin/knowledge/procedures/{TAM_TRU}/verify")
    page = client.get(f"/admin/knowledge/procedures/{TAM_TRU}").text
    assert "Kiểm tra với nguồn lần cuối" in page
    edit_id = min(map(int, re.findall(r"/admin/knowledge/revisions/(\d+)/revert", page)))
    assert client.post(f"/admin/knowledge/revisions/{edit_id}/revert").status_code == 302
    assert fee_of(db_url) == 7000


def test_attach_a_group_and_create_an_faq_from_another(app, db_url):
    with session_scope(db_url) as session:
        session.add_all(UnansweredQuestion(text=text, match_key=text, channel="web") for text in
                        ["làm căn cước gắn chip", "lam can cuoc gan chip o dau", "giờ làm việc của phường"])
    client = signed_in(app)
    page = client.get("/admin/unanswered").text
    assert "2 lần hỏi" in page and "1 lần hỏi" in page
    groups = re.findall(r'name="ids" value="([^"]+)"', page)
    assert client.post("/admin/unanswered/attach", data={"ids": groups[0], "code": CAN_CUOC}).status_code == 302
    response = client.post("/admin/unanswered/faq", data={"ids": groups[2], "question": "Giờ làm việc?",
                                                           "answer": "7g30 đến 17g"})
    assert response.status_code == 302
    again = client.post("/admin/unanswered/attach", data={"ids": groups[0], "code": CAN_CUOC}, follow_redirects=True)
    assert "đã được người khác xử lý" in again.text and "Không còn câu hỏi nào" in again.text
    with session_scope(db_url) as session:
        assert "căn cước gắn chip" in {alias.alias for alias in session.get(Procedure, CAN_CUOC).aliases}
        assert session.get(FaqEntry, "gio-lam-viec").answer == "7g30 đến 17g"


def test_forms_without_the_csrf_token_are_refused(app):
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/admin/login").text).group(1)
    client.post("/admin/login", data={"username": "editor", "password": PASSWORD, "csrf_token": token})
    assert client.post(f"/admin/knowledge/procedures/{TAM_TRU}/verify").status_code == 400


def test_the_faq_form_saves_an_english_answer(app, db_url):
    with session_scope(db_url) as session:
        session.add(FaqEntry(id="gio", question="Giờ làm việc?", variants=[], answer="7g30 đến 17g", links=[]))
    client = signed_in(app)
    page = client.get("/admin/knowledge/faq/gio").text
    assert "Câu trả lời bằng tiếng Anh" in page
    data = form_of(page) | {"status": "active", "answer_en": "7:30 am to 5 pm", "variants_en": "opening hours\r\n"}
    assert client.post("/admin/knowledge/faq/gio", data=data).status_code == 302
    with session_scope(db_url) as session:
        entry = session.get(FaqEntry, "gio")
        assert (entry.answer_en, entry.variants_en) == ("7:30 am to 5 pm", ["opening hours"])
        assert entry.answer == "7g30 đến 17g"
    assert "7:30 am to 5 pm" in client.get("/admin/knowledge/faq/gio").text
    assert "/admin/knowledge/faq/gio" in client.get("/admin/knowledge?q=opening hours").text
    assert "/admin/knowledge/faq/gio" not in client.get("/admin/knowledge?q=tam tru").text


NEW_CODE = "1.004873"  # xác nhận tình trạng hôn nhân: in the seed, not in the test database


def catalogue_file(tmp_path, db_url):
    """A catalogue export: tạm trú renamed, khai sinh's audience changed (staff edited it), one new procedure."""
    with session_scope(db_url) as session:
        procedure = procedures.load(session, KHAI_SINH)
        procedures.save(session, procedures_editor(session), KHAI_SINH, procedures.version_of(procedure),
                        {"audience": "Công dân Việt Nam (đã sửa)"}, [])
    records = {r["code"]: r for r in shipped_records()[0] if r["code"] in (TAM_TRU, KHAI_SINH, CAN_CUOC, NEW_CODE)}
    records[TAM_TRU]["name"] = "Đăng ký tạm trú (tên mới)"
    records[KHAI_SINH]["audience"] = "Công dân"
    path = tmp_path / "catalogue.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records.values()), encoding="utf-8")
    return path


def procedures_editor(session):
    from staff.accounts import user_named

    return user_named(session, "editor2")


def upload(client, path, name=None):
    with path.open("rb") as handle:
        return client.post("/admin/knowledge/import", data={"export": (handle, name or path.name)},
                           content_type="multipart/form-data")


def test_a_catalogue_export_is_reviewed_then_applied_keeping_staff_edits(app, db_url, tmp_path):
    client = signed_in(app)
    assert "Nhập lại danh mục thủ tục" in client.get("/admin/knowledge").text
    review = upload(client, catalogue_file(tmp_path, db_url))
    assert review.status_code == 200
    new, changed, kept = (re.search(rf"<h3>{title}</h3>(.*?)</table>", review.text, re.S).group(1) for title in (
        "Thủ tục mới", "Nội dung sẽ được cập nhật", "Cán bộ đã sửa: giữ nguyên, không cập nhật theo tệp"))
    assert NEW_CODE in new and TAM_TRU in changed and "Tên thủ tục" in changed and KHAI_SINH not in changed
    assert KHAI_SINH in kept and "Đối tượng thực hiện" in kept and CAN_CUOC not in review.text.split("<h3>", 1)[1]
    with session_scope(db_url) as session:  # the review wrote nothing
        assert session.get(Procedure, NEW_CODE) is None and session.get(Procedure, TAM_TRU).name == "Đăng ký tạm trú"
        published = version.published(session)
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', review.text).group(1)
    applied = client.post("/admin/knowledge/import/apply", data={"token": token}, follow_redirects=True)
    assert "1 thủ tục mới, 1 thủ tục cập nhật, 2 không đổi" in applied.text
    with session_scope(db_url) as session:
        assert session.get(Procedure, NEW_CODE).name.startswith("Thủ tục cấp Giấy xác nhận tình trạng hôn nhân")
        assert session.get(Procedure, TAM_TRU).name == "Đăng ký tạm trú (tên mới)"
        assert session.get(Procedure, KHAI_SINH).audience == "Công dân Việt Nam (đã sửa)"
        assert version.published(session) == published + 1  # the running assistant reloads
        assert session.query(AuditEntry).filter_by(action="knowledge.import").one().summary["created"] == 1
    again = client.post("/admin/knowledge/import/apply", data={"token": token}, follow_redirects=True)
    assert "đã được áp dụng hoặc không còn nữa" in again.text


def test_a_list_export_reviews_known_codes_and_names_the_unknown(app, db_url, tmp_path):
    path = tmp_path / "danh_sach.csv"
    path.write_text(f"ma_so,ten\n{TAM_TRU},Đăng ký tạm trú (tên mới)\n9.999999,Thủ tục chưa có\n", encoding="utf-8")
    review = upload(signed_in(app), path)
    assert review.status_code == 200 and "Mã chưa có trong cơ sở tri thức" in review.text and "9.999999" in review.text
    row = rf"<code>{TAM_TRU}</code></td>\s*<td[^>]*>Đăng ký tạm trú</td>\s*<td[^>]*>Tên thủ tục"
    assert re.search(row, review.text)


@pytest.mark.parametrize(("name", "content"), [("catalogue.jsonl", "không phải JSON"),
                                               ("catalogue.jsonl", '{"name": "thiếu mã"}'),
                                               ("danh_sach.xlsx", "không phải Excel")])
def test_an_unreadable_export_is_said_and_nothing_is_kept(app, tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    page = upload(signed_in(app), path)
    assert page.status_code == 400 and "Không đọc được tệp" in page.text
    assert list((tmp_path / "imports").iterdir()) == []


def test_only_editors_reimport_the_catalogue(app):
    assert signed_in(app, "case-officer").get("/admin/knowledge/import").status_code == 403
