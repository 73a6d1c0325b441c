"""Knowledge editing for editors (and admins): find a procedure or FAQ entry, edit it with validation,
preview the bot's answer, publish, mark it checked against the source, see its history and revert.

Publishing goes through `knowledge_editing`, which keeps each change as a revision with its diff and
tells the running action server (it re-indexes within seconds). A save from a page drawn before
someone else's save is refused with a 409 and the editor's input kept (optimistic locking).
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import Session
from wtforms import BooleanField, FieldList, Form, FormField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

import webapp.admin.catalogue_import  # noqa: F401 (registers the catalogue re-import views)
from knowledge.answer_text import render_aspects, render_summary
from knowledge.models import FaqEntry, Procedure
from knowledge_editing import faq, procedures, reverting
from knowledge_editing.errors import Conflict, EditRefused, Invalid
from knowledge_editing.fees import fee_fields, time_field
from knowledge_editing.models import KnowledgeRevision
from knowledge_editing.revisions import history
from localization import gettext_for
from vietnamese_text import match_key
from webapp.admin.blueprint import EDITOR_ROLES, admin, db, requires, staff
from webapp.admin.forms import ConfirmForm

MAX_LISTED = 100
NEW_DOCUMENT_ROWS = 3  # blank rows under the documents, for adding some
FIELD_LABELS = {
    "name": _l("Tên thủ tục"), "field": _l("Lĩnh vực"), "audience": _l("Đối tượng thực hiện"),
    "competent_agency": _l("Cơ quan có thẩm quyền"), "implementing_agency": _l("Cơ quan thực hiện"),
    "submission_address": _l("Địa chỉ tiếp nhận hồ sơ"), "steps": _l("Trình tự thực hiện"),
    "conditions": _l("Yêu cầu, điều kiện"), "result": _l("Kết quả thực hiện"), "legal_basis": _l("Căn cứ pháp lý"),
    "channels": _l("Cách nộp, lệ phí, thời hạn"), "documents": _l("Thành phần hồ sơ"), "aliases": _l("Cách gọi khác"),
    "verified_at": _l("Ngày kiểm tra với nguồn"), "question": _l("Câu hỏi"), "variants": _l("Cách hỏi khác"),
    "answer": _l("Câu trả lời"), "status": _l("Trạng thái"), "links": _l("Liên kết"),
    "answer_en": _l("Câu trả lời bằng tiếng Anh"), "variants_en": _l("Cách hỏi bằng tiếng Anh"),
    "source_url": _l("Liên kết nguồn"), "levels": _l("Cấp thực hiện"), "decision_number": _l("Quyết định công bố"),
    "collected_at": _l("Ngày thu thập"),
}


# The form shows the portal's whole fee text when it names no single amount: some run to several hundred characters.
MAX_FEE_FIELD_CHARS = 2000


class ChannelForm(Form):
    amount = StringField(_l("Lệ phí (đồng hoặc “miễn phí”)"), validators=[Length(max=MAX_FEE_FIELD_CHARS)])
    note = StringField(_l("Ghi chú"), validators=[Length(max=400)])
    time = StringField(_l("Thời gian giải quyết (ví dụ “3 ngày làm việc”)"), validators=[Length(max=400)])


class DocumentForm(Form):
    group = StringField(_l("Nhóm (trường hợp)"))
    name = TextAreaField(_l("Tên giấy tờ"))
    form_name = StringField(_l("Mẫu đơn, tờ khai"))
    copies_original = StringField(_l("Số bản chính"), validators=[Length(max=4)])
    copies_copy = StringField(_l("Số bản sao"), validators=[Length(max=4)])
    remove = BooleanField(_l("Bỏ"))


class ProcedureForm(FlaskForm):
    version = HiddenField(validators=[DataRequired()])
    fees = FieldList(FormField(ChannelForm))
    documents = FieldList(FormField(DocumentForm))


for _name in procedures.TEXT_FIELDS:  # one text box per editable field, labelled as in FIELD_LABELS
    setattr(ProcedureForm, _name, (StringField if _name in ("name", "field") else TextAreaField)(
        FIELD_LABELS[_name], validators=[Length(max=procedures.MAX_TEXT_CHARS)]))


class FaqForm(FlaskForm):
    version = HiddenField(validators=[DataRequired()])
    question = StringField(FIELD_LABELS["question"], validators=[Length(max=faq.MAX_QUESTION_CHARS)])
    variants = TextAreaField(_l("Cách hỏi khác (mỗi dòng một câu)"))
    answer = TextAreaField(FIELD_LABELS["answer"], validators=[Length(max=faq.MAX_ANSWER_CHARS)])
    answer_en = TextAreaField(_l("Câu trả lời bằng tiếng Anh (không bắt buộc; để trống thì trợ lý trả lời "
                                 "bằng tiếng Việt)"), validators=[Length(max=faq.MAX_ANSWER_CHARS)])
    variants_en = TextAreaField(_l("Cách hỏi bằng tiếng Anh (mỗi dòng một câu)"))
    status = SelectField(FIELD_LABELS["status"], choices=[("active", _l("Đang dùng")), ("inactive", _l("Ngừng dùng"))])


@admin.get("/knowledge")
@requires(*EDITOR_ROLES)
def knowledge_list():
    """Procedures and FAQ entries whose code, id or (accent-insensitive) text contains the query."""
    query = (request.args.get("q") or "").strip()[:200]
    wanted = match_key(query)
    with db() as session:
        found = [row for row in session.execute(select(Procedure.code, Procedure.name, Procedure.verified_at)
                                                .order_by(Procedure.code))
                 if not wanted or query in row.code or wanted in match_key(row.name)]
        entries = [entry for entry in session.scalars(select(FaqEntry).order_by(FaqEntry.id))
                   if not wanted or wanted in match_key(" ".join([entry.id, entry.question, *entry.variants,
                                                                  *(entry.variants_en or [])]))]
    return render_template("admin/knowledge_list.html", query=query, procedures=found[:MAX_LISTED],
                           more=len(found) > MAX_LISTED, entries=entries[:MAX_LISTED])


@admin.route("/knowledge/procedures/<code>", methods=["GET", "POST"])
@requires(*EDITOR_ROLES)
def knowledge_procedure(code: str):
    """GET: the edit form. POST: preview (nothing saved) or publish, as the button pressed says."""
    with db() as session:
        procedure = _found(procedures.load, session, code)
        if request.method == "GET":
            return _procedure_page(session, procedure, _procedure_form(procedure))
        form = ProcedureForm()
        if not form.validate_on_submit():
            return _procedure_page(session, procedure, form, refused=_form_problems(form)), 400
        texts = {name: form[name].data or "" for name in procedures.TEXT_FIELDS}
        fees = [(entry.amount.data or "", entry.note.data or "") for entry in form.fees]
        times = [entry.time.data or "" for entry in form.fees]
        documents = [row.data for row in form.documents]
        try:
            if request.form.get("action") == "preview":
                record = procedures.edited(procedures.snapshot(procedure), texts, fees, times, documents)
                return _procedure_page(session, procedure, form, preview=_previews(record))
            revision = procedures.save(session, staff(), code, form.version.data, texts, fees, times, documents)
        except Invalid as invalid:
            return _procedure_page(session, procedure, form, errors=invalid.errors), 400
        except Conflict as conflict:
            form.version.data = procedures.version_of(procedure)
            return _procedure_page(session, procedure, form, refused=_(conflict.message)), 409
    flash(_("Đã xuất bản. Trợ lý sẽ trả lời theo nội dung mới sau vài giây.") if revision
          else _("Không có gì thay đổi."))
    return redirect(url_for("admin.knowledge_procedure", code=code))


@admin.post("/knowledge/procedures/<code>/verify")
@requires(*EDITOR_ROLES)
def knowledge_verify(code: str):
    if ConfirmForm().validate_on_submit():
        with db() as session:
            _found(procedures.verify, session, staff(), code)
        flash(_("Đã ghi nhận: nội dung đã được kiểm tra với nguồn hôm nay."))
    return redirect(url_for("admin.knowledge_procedure", code=code))


@admin.route("/knowledge/faq/<entry_id>", methods=["GET", "POST"])
@requires(*EDITOR_ROLES)
def knowledge_faq(entry_id: str):
    with db() as session:
        entry = _found(faq.load, session, entry_id)
        if request.method == "GET":
            return _faq_page(session, entry, _faq_form(entry))
        form = FaqForm()
        if not form.validate_on_submit():
            return _faq_page(session, entry, form, refused=_form_problems(form)), 400
        try:
            revision = faq.save(session, staff(), entry_id, form.version.data, form.question.data,
                                form.variants.data, form.answer.data, form.status.data, form.answer_en.data or "",
                                form.variants_en.data or "")
        except Invalid as invalid:
            return _faq_page(session, entry, form, errors=invalid.errors), 400
        except Conflict as conflict:
            form.version.data = faq.version_of(entry)
            return _faq_page(session, entry, form, refused=_(conflict.message)), 409
    flash(_("Đã lưu.") if revision else _("Không có gì thay đổi."))
    return redirect(url_for("admin.knowledge_faq", entry_id=entry_id))


@admin.post("/knowledge/revisions/<int:revision_id>/revert")
@requires(*EDITOR_ROLES)
def knowledge_revert(revision_id: int):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    with db() as session:
        revision = session.get(KnowledgeRevision, revision_id) or abort(404)
        target_type, target_id = revision.target_type, revision.target_id
    try:
        with db() as session:
            reverting.revert(session, staff(), revision_id)
        flash(_("Đã hoàn tác thay đổi #%(number)d.", number=revision_id))
    except EditRefused as refused:
        flash(_(refused.message, **refused.values))
    if target_type == faq.TARGET:
        return redirect(url_for("admin.knowledge_faq", entry_id=target_id))
    return redirect(url_for("admin.knowledge_procedure", code=target_id))


def _found(load, *args):
    """The loader's result, or the 404 page when the record does not exist."""
    try:
        return load(*args)
    except EditRefused:
        abort(404)


def _previews(record: dict) -> tuple[str, str]:
    """The bot's first answer and its "Xem đầy đủ" detail (documents without copies only show there)."""
    vietnamese = gettext_for("vi"), "vi"
    return render_summary(record, *vietnamese), render_aspects(record, {"full"}, *vietnamese)


def _procedure_form(procedure: Procedure) -> ProcedureForm:
    record = procedures.snapshot(procedure)
    channels = [dict(zip(("amount", "note"), fee_fields(channel)), time=time_field(channel))
                for channel in record["channels"]]
    documents = [procedures.document_fields(document) for document in record["documents"]]
    return ProcedureForm(formdata=None, version=procedures.version_of(procedure), fees=channels,
                         documents=documents + [{}] * NEW_DOCUMENT_ROWS,
                         **{name: record[name] for name in procedures.TEXT_FIELDS})


def _procedure_page(session: Session, procedure: Procedure, form: ProcedureForm, preview: tuple | None = None,
                    errors: dict | None = None, refused: str | None = None):
    return render_template("admin/knowledge_procedure.html", procedure=procedure, form=form, preview=preview,
                           errors=_translated(errors), refused=refused, confirm=ConfirmForm(formdata=None),
                           revisions=history(session, procedures.TARGET, procedure.code), labels=FIELD_LABELS,
                           shown=_shown, text_fields=procedures.TEXT_FIELDS)


def _faq_form(entry: FaqEntry) -> FaqForm:
    return FaqForm(formdata=None, version=faq.version_of(entry), question=entry.question,
                   variants="\n".join(entry.variants or []), answer=entry.answer, status=entry.status,
                   answer_en=entry.answer_en or "", variants_en="\n".join(entry.variants_en or []))


def _faq_page(session: Session, entry: FaqEntry, form: FaqForm, errors: dict | None = None,
              refused: str | None = None):
    return render_template("admin/knowledge_faq.html", entry=entry, form=form, errors=_translated(errors),
                           refused=refused, confirm=ConfirmForm(formdata=None),
                           revisions=history(session, faq.TARGET, entry.id), labels=FIELD_LABELS,
                           shown=_shown)


def _shown(name: str, before, after) -> tuple[str, str]:
    """A diff's two sides as the history table shows them; of the documents, only those that differ."""
    if name == "documents":
        before, after = ([d for d in side if d not in other] for side, other in ((before, after), (after, before)))
    return _shown_value(name, before), _shown_value(name, after)


def _shown_value(name: str, value) -> str:
    if value is None or value == []:
        return "—"
    if name == "channels":
        return "; ".join(f"{c.get('kind') or '?'}: {c.get('fee_text') or '—'}, {c.get('time_text') or '—'}"
                         for c in value)
    if name == "documents":
        return "; ".join(f"{d.get('name')} ({d.get('copies_text') or '—'})" for d in value)
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def _form_problems(form: FlaskForm) -> str:
    """The form's own validation messages (lengths, a stale CSRF token) in one line, so nothing fails silently."""
    messages = []
    for field in form:
        for error in _flat(field.errors):
            messages.append(f"{field.label.text}: {error}" if field.label.text else error)
    return " ".join(messages) or _("Biểu mẫu chưa hợp lệ. Bạn tải lại trang rồi thử lại.")


def _flat(errors) -> list[str]:
    """WTForms nests the errors of FieldList/FormField entries in lists and dicts."""
    if isinstance(errors, dict):
        return [message for value in errors.values() for message in _flat(value)]
    if isinstance(errors, list):
        return [message for value in errors for message in _flat(value)]
    return [str(errors)]


def _translated(errors: dict | None) -> dict[str, str]:
    return {name: _(message) for name, message in (errors or {}).items()}
