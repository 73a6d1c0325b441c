"""The handoff inbox: conversations handed to staff, where case officers reply on the resident's channel and
close the handoff to give the conversation back to the bot."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy.orm import Session
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from handoff.models import Handoff, HandoffReason
from handoff.service import HandoffClosed, close_handoff, open_handoffs, staff_reply
from staff.audit import record
from staff.models import StaffUser
from webapp.admin.blueprint import REPORT_ROLES, admin, db, requires, staff
from webapp.admin.forms import MAX_REPLY_CHARS, ConfirmForm

KEPT = _l("Đã lưu trả lời: người dân sẽ nhận được khi mở lại cuộc trò chuyện.")


class HandoffReplyForm(FlaskForm):
    text = TextAreaField(_l("Trả lời người dân"), validators=[DataRequired(), Length(max=MAX_REPLY_CHARS)])


@admin.get("/handoffs")
@requires(*REPORT_ROLES)
def handoff_list():
    with db() as session:
        return render_template("admin/handoff_list.html", handoffs=open_handoffs(session), reason_label=_reason)


@admin.get("/handoffs/<int:handoff_id>")
@requires(*REPORT_ROLES)
def handoff(handoff_id: int):
    with db() as session:
        return _page(session, _handoff_or_404(session, handoff_id), HandoffReplyForm(formdata=None))


@admin.post("/handoffs/<int:handoff_id>/reply")
@requires(*REPORT_ROLES)
def handoff_reply(handoff_id: int):
    form = HandoffReplyForm()
    with db() as session:
        found = _handoff_or_404(session, handoff_id)
        if not form.validate_on_submit():
            return _page(session, found, form), 400
        try:
            delivery = staff_reply(session, found.id, staff(), form.text.data)
        except HandoffClosed:
            return _page(session, found, form, error=_("Cuộc trò chuyện này đã trả lại cho trợ lý.")), 409
        record(session, staff(), "handoff.reply", "handoff", str(found.id), delivery=delivery.status,
               reason=delivery.reason)
        if delivery.status == "failed":
            return _page(session, found, form, error=_("Chưa gửi được trả lời (%(reason)s). Bạn thử lại sau.",
                                                       reason=delivery.reason)), 502
    flash(_("Đã gửi trả lời.") if delivery.status == "sent" else KEPT)
    return redirect(url_for("admin.handoff", handoff_id=handoff_id))


@admin.post("/handoffs/<int:handoff_id>/close")
@requires(*REPORT_ROLES)
def handoff_close(handoff_id: int):
    if ConfirmForm().validate_on_submit():
        with db() as session:
            if close_handoff(session, handoff_id) is None:
                abort(404)
            record(session, staff(), "handoff.close", "handoff", str(handoff_id))
        flash(_("Đã trả cuộc trò chuyện lại cho trợ lý."))
    return redirect(url_for("admin.handoff_list"))


def _handoff_or_404(session: Session, handoff_id: int) -> Handoff:
    return session.get(Handoff, handoff_id) or abort(404)


def _page(session: Session, found: Handoff, form: HandoffReplyForm, error: str | None = None):
    assigned = session.get(StaffUser, found.assigned_staff_id) if found.assigned_staff_id else None
    return render_template("admin/handoff_detail.html", handoff=found, form=form, error=error,
                           confirm=ConfirmForm(formdata=None), assigned=assigned, reason_label=_reason)


def _reason(value: str) -> str:
    return _(HandoffReason(value).label)
