"""The admin's forms. Labels are Vietnamese msgids, translated when the form is built (lazy_gettext)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from staff.models import Role
from urban_reports.statuses import ReportStatus

MAX_REPLY_CHARS = 2000
OPEN = "open"  # the queue's default status filter: every status not closed yet


def status_choices() -> list[tuple[str, str]]:
    return [(status.value, _l(status.label)) for status in ReportStatus]


def role_choices() -> list[tuple[str, str]]:
    return [(role.value, _l(role.label)) for role in Role]


class LoginForm(FlaskForm):
    username = StringField(_l("Tên đăng nhập"), validators=[DataRequired(), Length(max=64)])
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired(), Length(max=256)])


class QueueFilterForm(FlaskForm):
    """Filters of the report queue, read from the query string (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    category = SelectField(_l("Lĩnh vực"), choices=[], validate_choice=False)
    ward = StringField(_l("Phường"), validators=[Optional(), Length(max=80)])
    status = SelectField(_l("Trạng thái"), choices=[], validate_choice=False, default=OPEN)
    overdue = BooleanField(_l("Chỉ phản ánh quá hạn"))
    since = DateField(_l("Từ ngày"), validators=[Optional()])
    until = DateField(_l("Đến ngày"), validators=[Optional()])


class ReportEditForm(FlaskForm):
    """Every change to a report carries the version the page was drawn from (optimistic locking)."""

    version = HiddenField(validators=[DataRequired()])


class StatusForm(ReportEditForm):
    status = SelectField(_l("Trạng thái"), choices=[])
    reply = TextAreaField(_l("Trả lời người phản ánh"), validators=[Optional(), Length(max=MAX_REPLY_CHARS)])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.status.choices = status_choices()


class AssignForm(ReportEditForm):
    handling_unit = StringField(_l("Đơn vị xử lý"), validators=[DataRequired(), Length(max=200)])


class DuplicateForm(ReportEditForm):
    original = StringField(_l("Mã phản ánh gốc"), validators=[DataRequired(), Length(max=40)])


class RedactPhotoForm(ReportEditForm):
    photo = HiddenField(validators=[DataRequired(), Length(max=200)])


class NewUserForm(FlaskForm):
    username = StringField(_l("Tên đăng nhập"), validators=[DataRequired(), Length(max=64)])
    role = SelectField(_l("Vai trò"), choices=[])
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired(), Length(max=256)])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.role.choices = role_choices()


class PasswordChangeForm(FlaskForm):
    """A staff member's own new password; its length is checked by staff.accounts."""

    current_password = PasswordField(_l("Mật khẩu hiện tại"), validators=[DataRequired(), Length(max=256)])
    new_password = PasswordField(_l("Mật khẩu mới"), validators=[DataRequired(), Length(max=256)])
    new_password_again = PasswordField(_l("Nhập lại mật khẩu mới"), validators=[
        DataRequired(), EqualTo("new_password", message=_l("Hai lần nhập mật khẩu không khớp."))])


class PasswordResetForm(FlaskForm):
    """An admin's reset: the temporary password typed, or left empty to have one generated."""

    password = PasswordField(_l("Mật khẩu tạm"), validators=[Optional(), Length(max=256)])


class RoleForm(FlaskForm):
    role = SelectField(_l("Vai trò"), choices=[])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.role.choices = role_choices()


class ConfirmForm(FlaskForm):
    """A button that changes something: only its CSRF token is checked."""
