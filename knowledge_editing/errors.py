"""Why an edit was not saved. Messages are Vietnamese msgids, translated by the admin."""

from __future__ import annotations

from localization import N_

CHANGED_SINCE = N_("Người khác vừa lưu bản ghi này. Nội dung mới nhất đang hiện; "
                   "thay đổi của bạn vẫn còn trong biểu mẫu.")
NOT_FOUND = N_("Không tìm thấy bản ghi này.")


class EditRefused(ValueError):
    """A change that cannot be made; `message` is a msgid, `values` its placeholders."""

    def __init__(self, message: str, **values) -> None:
        super().__init__(message)
        self.message, self.values = message, values


class Conflict(EditRefused):
    """The record changed after the editor's page was drawn (optimistic locking)."""

    def __init__(self) -> None:
        super().__init__(CHANGED_SINCE)


class Invalid(ValueError):
    """Fields that failed validation: {field name: msgid}."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(", ".join(errors))
        self.errors = errors
