"""Upload of the one-stop system's export: a preview of the status changes and notifications, then "Áp dụng".

The preview runs the real import and rolls it back (`dossiers.importer.preview`), so what staff approve
is what `apply` commits. The file waits under var/dossier_imports/<token>.<ext>; the token is kept in
the staff member's session, so only the person who saw the preview can apply it, and only once.
"""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired, FileSize
from sqlalchemy.orm import Session

from dossiers.importer import ImportReport, UnreadableFile, apply, preview
from staff.audit import record
from storage.database import session_factory
from webapp.admin.blueprint import REPORT_ROLES, admin, requires, staff
from webapp.admin.reviewed_uploads import ALREADY_APPLIED, ApplyForm, ReviewedUploads

MAX_BYTES = 5 * 1024 * 1024  # below the app's MAX_CONTENT_LENGTH, so the form says it, not a bare 413
SHOWN_CHANGES = 500  # rows of the change table; the counts cover every row
UPLOADS = ReviewedUploads("dossier_imports", "DOSSIER_IMPORT_DIR", (".csv", ".xlsx"))


class UploadForm(FlaskForm):
    export = FileField(_l("Tệp xuất từ hệ thống một cửa (.csv hoặc .xlsx)"), validators=[
        FileRequired(_l("Bạn chọn tệp cần nhập.")),
        FileAllowed(["csv", "xlsx"], _l("Chỉ nhận tệp .csv hoặc .xlsx xuất từ hệ thống một cửa.")),
        FileSize(MAX_BYTES, message=_l("Tệp lớn hơn %(megabytes)d MB. Bạn chia tệp thành nhiều phần rồi nhập lần lượt.",
                                       megabytes=MAX_BYTES // 2**20))])


@admin.route("/dossiers/import", methods=["GET", "POST"])
@requires(*REPORT_ROLES)
def dossier_import():
    form = UploadForm()
    if not form.validate_on_submit():
        return _page(form), 400 if form.errors else 200
    path = UPLOADS.keep(form.export.data)
    try:
        report = preview(_sessions(), path)
    except UnreadableFile:
        path.unlink()
        return _page(form, unreadable=True), 400
    if report.errors:
        path.unlink()
        return _page(UploadForm(formdata=None), report)
    return _page(UploadForm(formdata=None), report, UPLOADS.await_apply(path))


@admin.post("/dossiers/import/apply")
@requires(*REPORT_ROLES)
def dossier_import_apply():
    path = UPLOADS.claim()
    if path is None:
        flash(_(ALREADY_APPLIED))
        return redirect(url_for("admin.dossier_import"))
    try:
        report = apply(_sessions(), path, also=_audit)
    finally:
        path.unlink(missing_ok=True)
    if report.errors:  # the previewed file had none; only a changed importer could get here
        flash(_("Tệp có dòng lỗi nên chưa nhập gì. Bạn tải tệp lên lại để xem lỗi."))
    else:
        flash(_("Đã nhập %(rows)d dòng: %(created)d hồ sơ mới, %(changed)d hồ sơ đổi trạng thái; "
                "%(notifications)d thông báo sẽ được gửi tới người dân theo dõi hồ sơ.",
                rows=report.rows, created=report.outcomes["created"], changed=report.outcomes["changed"],
                notifications=report.notifications))
    return redirect(url_for("admin.dossier_import"))


def _page(form: UploadForm, report: ImportReport | None = None, confirm: ApplyForm | None = None,
          unreadable: bool = False) -> str:
    """The changes that notify someone come first: they are the ones to check."""
    changes = sorted(report.changes, key=lambda change: -change.notifications) if report else []
    return render_template("admin/dossier_import.html", form=form, report=report, confirm=confirm,
                           unreadable=unreadable, changes=changes[:SHOWN_CHANGES],
                           hidden_changes=max(0, len(changes) - SHOWN_CHANGES))


def _audit(session: Session, report: ImportReport) -> None:
    """Counts only: the rows hold applicants' names and phones."""
    record(session, staff(), "dossiers.import", rows=report.rows, outcomes=dict(report.outcomes),
           notifications=report.notifications)


def _sessions():
    return session_factory(current_app.config.get("APP_DATABASE_URL"))
