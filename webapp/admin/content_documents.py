"""Editing the YAML content in the admin: guides and report categories (editors), office settings
("Cài đặt", admins only). Each document is a monospace text box: "Xem trước" checks it with the
runtime's loader and shows what it gives, "Lưu và xuất bản" publishes it (`knowledge_editing.documents`);
the history shows each revision's line diff with a revert button.
"""

from __future__ import annotations

import difflib

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField
from wtforms.validators import DataRequired

from knowledge.guides import guide
from knowledge_editing import documents
from knowledge_editing.document_models import GUIDE, OFFICE, REPORT_CATEGORIES, InvalidDocument
from knowledge_editing.errors import Conflict, EditRefused
from knowledge_editing.models import KnowledgeRevision
from webapp.admin.blueprint import ADMIN_ROLES, EDITOR_ROLES, admin, db, requires, staff
from webapp.admin.forms import ConfirmForm
from webapp.guides import _chat_start_url, _qr_data_uri


class DocumentForm(FlaskForm):
    version = HiddenField(validators=[DataRequired()])
    text = TextAreaField(_l("Nội dung (YAML)"))


def _title(kind: str, key: str) -> str:
    if kind == GUIDE:
        return guide(key).title.vi
    return _("Lĩnh vực phản ánh") if kind == REPORT_CATEGORIES else _("Cài đặt")


def _allowed(kind: str) -> bool:
    return current_user.has_role(*(ADMIN_ROLES if kind == OFFICE else EDITOR_ROLES))


@admin.get("/content")
@requires(*EDITOR_ROLES)
def content_list():
    kinds = [kind for kind in (GUIDE, REPORT_CATEGORIES, OFFICE) if _allowed(kind)]
    with db() as session:
        listed = [(item, _title(item.kind, item.key)) for kind in kinds for item in documents.documents(session, kind)]
    return render_template("admin/content_list.html", documents=listed)


@admin.route("/content/<kind>/<key>", methods=["GET", "POST"])
@requires(*EDITOR_ROLES)
def content_edit(kind: str, key: str):
    """GET: the text box. POST: preview (nothing saved) or publish, as the button pressed says."""
    if not _allowed(kind):
        abort(403)
    with db() as session:
        current = _found(session, kind, key)
        if request.method == "GET":
            return _page(session, current, DocumentForm(formdata=None, version=current.version, text=current.text))
        form = DocumentForm()
        if not form.validate_on_submit():
            return _page(session, current, form), 400
        try:
            if request.form.get("action") == "preview":
                loaded = documents.check(kind, key, documents.tidy(form.text.data), current.text)
                return _page(session, current, form, preview=loaded)
            revision = documents.save(session, staff(), kind, key, form.version.data, form.text.data)
        except InvalidDocument as invalid:
            return _page(session, current, form, invalid=invalid), 400
        except Conflict as conflict:
            form.version.data = current.version  # a second save publishes over the newer text, knowingly
            return _page(session, current, form, refused=_(conflict.message),
                         theirs=_diff(current.text, documents.tidy(form.text.data))), 409
    flash(_("Đã xuất bản. Trợ lý sẽ trả lời theo nội dung mới sau vài giây.") if revision
          else _("Không có gì thay đổi."))
    return redirect(url_for("admin.content_edit", kind=kind, key=key))


@admin.post("/content/revisions/<int:revision_id>/revert")
@requires(*EDITOR_ROLES)
def content_revert(revision_id: int):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    with db() as session:
        revision = session.get(KnowledgeRevision, revision_id)
        if revision is None or revision.target_type != documents.TARGET:
            abort(404)
        kind, key = revision.target_id.split(":", 1)
    if not _allowed(kind):
        abort(403)
    try:
        with db() as session:
            documents.revert(session, staff(), revision_id)
        flash(_("Đã hoàn tác thay đổi #%(number)d.", number=revision_id))
    except InvalidDocument as invalid:
        flash(_("Không hoàn tác được: nội dung cũ không còn hợp lệ (%(place)s: %(problem)s).",
                place=invalid.place, problem=_(invalid.message, **invalid.values)))
    except EditRefused as refused:
        flash(_(refused.message, **refused.values))
    return redirect(url_for("admin.content_edit", kind=kind, key=key))


def _found(session, kind: str, key: str) -> documents.Document:
    try:
        return documents.document(session, kind, key)
    except EditRefused:
        abort(404)


def _page(session, current: documents.Document, form: DocumentForm, preview=None,
          invalid: InvalidDocument | None = None, refused: str | None = None, theirs: list[str] | None = None):
    revisions = documents.history(session, current.kind, current.key)
    return render_template(
        "admin/content_edit.html", document=current, title=_title(current.kind, current.key), form=form,
        preview=preview, preview_html=_guide_html(preview) if preview is not None and current.kind == GUIDE else None,
        invalid=invalid, problem=_(invalid.message, **invalid.values) if invalid else None, refused=refused,
        theirs=theirs, revisions=[(r, _diff(r.before["text"], r.after["text"])) for r in revisions],
        confirm=ConfirmForm(formdata=None), GUIDE=GUIDE, REPORT_CATEGORIES=REPORT_CATEGORIES)


def _guide_html(item) -> str:
    """The printable guide as volunteers will get it, for the preview frame."""
    chat_url = _chat_start_url(item.id, "vi")
    return render_template("guide.html", guide=item, language="vi", chat_url=chat_url, qr_code=_qr_data_uri(chat_url))


def _diff(before: str, after: str) -> list[str]:
    """The changed lines with two lines of context, as `diff -u` prints them (without the file names)."""
    return list(difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=2))[2:]
