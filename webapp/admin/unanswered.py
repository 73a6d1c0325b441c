"""The queue of questions the bot could not answer, grouped by similarity, for editors (and admins).

A group is attached to a procedure (its questions become aliases the search finds) or turned into
an FAQ entry; its questions are then resolved and the group leaves the queue. The forms carry the
group's question ids: a group another editor handled meanwhile is refused with a message.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Regexp

from knowledge_editing import faq, unanswered
from knowledge_editing.errors import EditRefused, Invalid
from webapp.admin.blueprint import EDITOR_ROLES, admin, db, requires, staff

MAX_GROUPS = 200


class GroupForm(FlaskForm):
    ids = HiddenField(validators=[DataRequired(), Regexp(r"^\d+(,\d+)*$"), Length(max=20_000)])

    def question_ids(self) -> list[int]:
        return [int(value) for value in self.ids.data.split(",")]


class AttachForm(GroupForm):
    code = StringField(_l("Mã thủ tục"), validators=[DataRequired(), Length(max=32)])


class NewFaqForm(GroupForm):
    question = StringField(_l("Câu hỏi"), validators=[DataRequired(), Length(max=faq.MAX_QUESTION_CHARS)])
    answer = TextAreaField(_l("Câu trả lời"), validators=[DataRequired(), Length(max=faq.MAX_ANSWER_CHARS)])


@admin.get("/unanswered")
@requires(*EDITOR_ROLES)
def unanswered_list():
    with db() as session:
        groups = unanswered.open_groups(session)
    return render_template("admin/unanswered.html", groups=groups[:MAX_GROUPS], total=len(groups),
                           attach=AttachForm(formdata=None), new_faq=NewFaqForm(formdata=None))


@admin.post("/unanswered/attach")
@requires(*EDITOR_ROLES)
def unanswered_attach():
    form = AttachForm()
    if not form.validate_on_submit():
        abort(400)
    code = form.code.data.strip()
    try:
        with db() as session:
            aliases = unanswered.attach_to_procedure(session, staff(), form.question_ids(), code)
        flash(_("Đã thêm %(count)d cách gọi vào thủ tục %(code)s.", count=len(aliases), code=code))
    except EditRefused as refused:
        flash(_(refused.message, **refused.values))
    return redirect(url_for("admin.unanswered_list"))


@admin.post("/unanswered/faq")
@requires(*EDITOR_ROLES)
def unanswered_faq():
    form = NewFaqForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        with db() as session:
            entry = unanswered.create_faq(session, staff(), form.question_ids(), form.question.data, form.answer.data)
            entry_id = entry.id
    except (EditRefused, Invalid) as refused:
        flash(_(refused.message, **refused.values) if isinstance(refused, EditRefused)
              else " ".join(_(message) for message in refused.errors.values()))
        return redirect(url_for("admin.unanswered_list"))
    flash(_("Đã tạo mục hỏi đáp."))
    return redirect(url_for("admin.knowledge_faq", entry_id=entry_id))
