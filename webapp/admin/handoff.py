"""The handoff inbox: conversations handed to staff, where case officers reply on the resident's channel and
close the handoff to give the conversation back to the bot; recently closed ones show the resident's rating."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy.orm import Session
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from channels.outbound import Delivery
from feedback.service import HANDOFF, case_scores
from handoff.models import Handoff, HandoffReason
from handoff.service import HandoffClosed, close_handoff, open_handoffs, recently_closed, staff_reply
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
        closed = recently_closed(session)
        return render_template("admin/handoff_list.html", handoffs=open_handoffs(session), closed=closed,
                               scores=case_scores(session, HANDOFF, [found.case_code for found in closed]),
                               reason_label=_reason)


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
            closing = close_handoff(session, handoff_id)
            if closing is None:
                abort(404)
            if closing.delivery is not None:
                record(session, staff(), "handoff.close", "handoff", str(handoff_id),
                       delivery=closing.delivery.status, reason=closing.delivery.reason)
        flash(_closed_notice(closing.delivery))
    return redirect(url_for("admin.handoff_list"))


def _closed_notice(delivery: Delivery | None) -> str:
    if delivery is None:
        return _("Cuộc trò chuyện này đã được trả lại cho trợ lý trước đó.")
    if delivery.status == "failed":
        return _("Đã trả cuộc trò chuyện lại cho trợ lý, nhưng chưa báo được cho người dân (%(reason)s): người dân "
                 "chưa biết cán bộ đã kết thúc.", reason=delivery.reason)
    if delivery.status == "pending":
        return _("Đã trả cuộc trò chuyện lại cho trợ lý; người dân sẽ nhận được thông báo khi mở lại cuộc trò chuyện.")
    return _("Đã trả cuộc trò chuyện lại cho trợ lý và báo cho người dân.")


def _handoff_or_404(session: Session, handoff_id: int) -> Handoff:
    return session.get(Handoff, handoff_id) or abort(404)


def _page(session: Session, found: Handoff, form: HandoffReplyForm, error: str | None = None):
    assigned = session.get(StaffUser, found.assigned_staff_id) if found.assigned_staff_id else None
    score = case_scores(session, HANDOFF, [found.case_code]).get(found.case_code)
    return render_template("admin/handoff_detail.html", handoff=found, form=form, error=error, score=score,
                           confirm=ConfirmForm(formdata=None), assigned=assigned, reason_label=_reason)


def _reason(value: str) -> str:
    return _(HandoffReason(value).label)
