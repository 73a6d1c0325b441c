"""The report queue and a report's page, where case officers reply, assign, merge and redact.

Each change is saved only if the report is still the version the page showed (`version_of`):
otherwise the page comes back with a 409, the newer report, and the officer's input kept in the form.
"""

from __future__ import annotations

from typing import Callable

from flask import abort, current_app, flash, redirect, render_template, request, send_from_directory, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from staff.audit import entries, record
from storage.database import utcnow
from urban_reports.categories import categories
from urban_reports.models import Report
from urban_reports.statuses import ReportStatus
from urban_reports.working_time import format_deadline
from webapp.admin import report_edits
from webapp.admin.blueprint import REPORT_ROLES, admin, db, requires, staff
from webapp.admin.forms import (
    OPEN,
    AssignForm,
    ConfirmForm,
    DuplicateForm,
    QueueFilterForm,
    RedactPhotoForm,
    ReportEditForm,
    StatusForm,
    status_choices,
)
from webapp.admin.report_queue import QueueFilter, countdown, is_overdue, queue

Edit = Callable[[Session, Report], "dict | None"]


@admin.get("/reports")
@requires(*REPORT_ROLES)
def report_list():
    form = QueueFilterForm(request.args)
    form.category.choices = [("", _("Tất cả"))] + [(code, c.display_name(_language()))
                                                     for code, c in categories().items()]
    form.status.choices = [(OPEN, _("Chưa đóng")), ("", _("Tất cả"))] + status_choices()
    form.validate()
    valid_statuses = {value for value, _label in form.status.choices}
    chosen = QueueFilter(category=form.category.data or "", ward=form.ward.data or "",
                         status=form.status.data if form.status.data in valid_statuses else OPEN,
                         overdue=bool(form.overdue.data), since=_valid(form.since), until=_valid(form.until))
    page = max(request.args.get("page", 1, type=int), 1)
    now = utcnow()
    with db() as session:
        rows, more = queue(session, chosen, now, page)
        return render_template("admin/reports.html", form=form, reports=rows, page=page, more=more, now=now,
                               countdown=countdown, is_overdue=is_overdue, category_name=_category_name,
                               status_label=_status_label)


def _valid(field):
    return None if field.errors else field.data


@admin.get("/reports/<code>")
@requires(*REPORT_ROLES)
def report(code: str):
    with db() as session:
        return _page(session, _report_or_404(session, code))


@admin.post("/reports/<code>/phone")
@requires(*REPORT_ROLES)
def reveal_phone(code: str):
    """Showing the full number is logged: staff see it only when they mean to call back."""
    with db() as session:
        found = _report_or_404(session, code)
        if ConfirmForm().validate_on_submit() and found.contact_phone:
            record(session, staff(), "report.view_phone", "report", found.code)
            return _page(session, found, phone=found.contact_phone)
        return _page(session, found)


@admin.get("/reports/<code>/photos/<name>")
@requires(*REPORT_ROLES)
def report_photo(code: str, name: str):
    with db() as session:
        if name not in report_edits.photo_names(_report_or_404(session, code)):
            abort(404)
    response = send_from_directory(current_app.config["MEDIA_DIR"] / "reports", name, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@admin.post("/reports/<code>/status")
@requires(*REPORT_ROLES)
def report_status(code: str):
    form = StatusForm()
    return _save(code, "status", form, "report.status",
                 lambda session, found: report_edits.set_status(session, found, form.status.data, form.reply.data))


@admin.post("/reports/<code>/assign")
@requires(*REPORT_ROLES)
def report_assign(code: str):
    form = AssignForm()
    return _save(code, "assign", form, "report.assign",
                 lambda session, found: report_edits.assign(session, found, form.handling_unit.data))


@admin.post("/reports/<code>/duplicate")
@requires(*REPORT_ROLES)
def report_duplicate(code: str):
    form = DuplicateForm()
    return _save(code, "duplicate", form, "report.duplicate",
                 lambda session, found: report_edits.mark_duplicate(session, found, form.original.data))


@admin.post("/reports/<code>/redact-phone")
@requires(*REPORT_ROLES)
def report_redact_phone(code: str):
    return _save(code, "redact_phone", ReportEditForm(), "report.redact",
                 lambda _session, found: report_edits.redact_phone(found, utcnow()))


@admin.post("/reports/<code>/redact-photo")
@requires(*REPORT_ROLES)
def report_redact_photo(code: str):
    form = RedactPhotoForm()
    return _save(code, "redact_photo", form, "report.redact", lambda _session, found: report_edits.redact_photo(
        found, form.photo.data, current_app.config["MEDIA_DIR"], utcnow()))


def _save(code: str, name: str, form: ReportEditForm, action: str, edit: Edit):
    """Check the form and the version, make the change and log it; the page again with the input on failure."""
    with db() as session:
        found = _report_or_404(session, code, lock=True)
        if not form.validate_on_submit():
            return _page(session, found, **{name: form}), 400
        if form.version.data != report_edits.version_of(found):
            form.version.data = report_edits.version_of(found)
            return _page(session, found, conflict=True, **{name: form}), 409
        try:
            summary = edit(session, found)
        except report_edits.EditRefused as refused:
            return _page(session, found, refused=_(refused.message, **refused.values), **{name: form}), 400
        if summary is not None:
            record(session, staff(), action, "report", found.code, **summary)
    flash(_("Đã lưu.") if summary is not None else _("Không có gì thay đổi."))
    return redirect(url_for("admin.report", code=found.code))


def _report_or_404(session: Session, code: str, lock: bool = False) -> Report:
    query = select(Report).where(Report.code == code.upper())
    found = session.scalar(query.with_for_update() if lock else query)
    if found is None:
        abort(404)
    return found


def _page(session: Session, found: Report, phone: str | None = None, conflict: bool = False,
          refused: str | None = None, **forms):
    """The report's page; `forms` replaces a blank form by the one the officer submitted."""
    version = report_edits.version_of(found)
    blank = {"status": StatusForm(formdata=None, version=version, status=found.status),
             "assign": AssignForm(formdata=None, version=version, handling_unit=found.handling_unit),
             "duplicate": DuplicateForm(formdata=None, version=version),
             "redact_phone": ReportEditForm(formdata=None, version=version),
             "redact_photo": RedactPhotoForm(formdata=None, version=version)}
    now = utcnow()
    return render_template(
        "admin/report.html", report=found, forms=blank | forms, confirm=ConfirmForm(formdata=None), phone=phone,
        conflict=conflict, refused=refused, overdue=is_overdue(found, now), countdown=countdown(found, now),
        deadline=format_deadline(found.deadline_at, _language()), category_name=_category_name,
        status_label=_status_label, photos=report_edits.photo_names(found), version=version,
        audit=entries(session, "report", found.code, limit=50),
        units=sorted({c.responsible_unit for c in categories().values()}))


def _category_name(code: str) -> str:
    chosen = categories().get(code)
    return chosen.display_name(_language()) if chosen else code


def _status_label(value: str) -> str:
    return _(ReportStatus(value).label)


def _language() -> str:
    return "en" if str(get_locale()) == "en" else "vi"
