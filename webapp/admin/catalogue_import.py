"""Re-import of the official catalogue, reviewed first: upload the portal's JSONL (or the seed file) or its
list export (.csv/.xlsx), see per procedure what would change, then "Áp dụng".

The review is the importer's own dry-run decision (`knowledge.importer.review`), so what editors approve
is what the import does: fields staff edited stay as they are (the CLI's --force is not offered here).
Applying bumps the knowledge version, so the running assistant answers from the new content within
seconds. The file waits under var/catalogue_imports/<token>.<ext>; the token is kept in the editor's
session, so only the person who saw the review can apply it, and only once.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired

from knowledge import importer
from knowledge_editing import version
from staff.audit import record
from storage.database import utcnow
from webapp.admin import knowledge as knowledge_views
from webapp.admin.blueprint import EDITOR_ROLES, admin, db, requires, staff
from webapp.admin.reviewed_uploads import ALREADY_APPLIED, ApplyForm, ReviewedUploads

LIST_EXPORTS = (".csv", ".xlsx")
SHOWN = 300  # rows per table; the counts cover every procedure
UPLOADS = ReviewedUploads("catalogue_imports", "CATALOGUE_IMPORT_DIR", (".jsonl", *LIST_EXPORTS))


class UnreadableExport(ValueError):
    """Not a catalogue export this importer understands."""


class UploadForm(FlaskForm):
    export = FileField(_l("Tệp danh mục thủ tục (.jsonl, hoặc danh sách .csv/.xlsx)"), validators=[
        FileRequired(_l("Bạn chọn tệp cần nhập.")),
        FileAllowed(["jsonl", "csv", "xlsx"], _l("Chỉ nhận tệp .jsonl, .csv hoặc .xlsx xuất từ Cổng Dịch vụ công."))])


@admin.route("/knowledge/import", methods=["GET", "POST"])
@requires(*EDITOR_ROLES)
def catalogue_import():
    form = UploadForm()
    if not form.validate_on_submit():
        return _page(form), 400 if form.errors else 200
    path = UPLOADS.keep(form.export.data)
    try:
        with db() as session:
            changes = _review(session, path)
    except UnreadableExport:
        path.unlink()
        return _page(form, unreadable=True), 400
    return _page(UploadForm(formdata=None), changes, UPLOADS.await_apply(path))


@admin.post("/knowledge/import/apply")
@requires(*EDITOR_ROLES)
def catalogue_import_apply():
    path = UPLOADS.claim()
    if path is None:
        flash(_(ALREADY_APPLIED))
        return redirect(url_for("admin.catalogue_import"))
    try:
        with db() as session:
            report = _import(session, path)
    finally:
        path.unlink(missing_ok=True)
    flash(_("Đã nhập danh mục: %(created)d thủ tục mới, %(updated)d thủ tục cập nhật, %(unchanged)d không đổi; "
            "nội dung cán bộ đã sửa được giữ nguyên.", created=report.created, updated=report.updated,
            unchanged=report.unchanged))
    return redirect(url_for("admin.catalogue_import"))


def _records(path: Path) -> list[dict]:
    """The export's records (portal JSONL rows are parsed, in the seed's scope as the CLI does by default)."""
    try:
        records, _issues = importer.read_records(path)
    except (ValueError, KeyError, TypeError) as error:  # not JSON lines, or a portal row without its code
        raise UnreadableExport() from error
    if not records or not all(isinstance(r, dict) and r.get("code") and r.get("name") and r.get("source_url")
                              for r in records):
        raise UnreadableExport()
    return records


def _review(session, path: Path) -> list[importer.ProcedureChange]:
    if path.suffix not in LIST_EXPORTS:
        return importer.review(session, _records(path))
    try:
        changes = importer.review_list_export(session, path)
    except (ValueError, KeyError, StopIteration, zipfile.BadZipFile) as error:
        raise UnreadableExport() from error
    if not changes:
        raise UnreadableExport()
    return changes


def _import(session, path: Path) -> importer.ImportReport:
    """The import itself, published: the version bump tells the running assistant, the audit log says who."""
    if path.suffix in LIST_EXPORTS:
        report = importer.update_from_list_export(session, path)
    else:
        report = importer.upsert_records(session, _records(path), progress=False)
    if report.created or report.updated:
        version.bump(session, utcnow())
    record(session, staff(), "knowledge.import", created=report.created, updated=report.updated,
           unchanged=report.unchanged, local_edits_kept=report.skipped_local_edits,
           fields=dict(report.changed_fields))
    return report


def _page(form: UploadForm, changes: list[importer.ProcedureChange] | None = None,
          confirm: ApplyForm | None = None, unreadable: bool = False) -> str:
    by_outcome = {outcome: [c for c in changes or [] if c.outcome == outcome]
                  for outcome in ("new", "changed", "unchanged", "unknown")}
    kept = [c for c in changes or [] if c.kept]
    return render_template("admin/knowledge_import.html", form=form, changes=changes, by_outcome=by_outcome,
                           kept=kept, confirm=confirm, unreadable=unreadable, shown=SHOWN,
                           labels=knowledge_views.FIELD_LABELS)
