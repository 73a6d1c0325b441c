"""Why a report (or a part of it) is refused: a Vietnamese msgid for the resident and an HTTP status for Open311."""

from __future__ import annotations


class ReportRejected(ValueError):
    """`str(error)` is the msgid; `params` fill its %(name)s placeholders after translation."""

    def __init__(self, message: str, status: int = 400, **params: object) -> None:
        super().__init__(message)
        self.status = status
        self.params = params

    def text(self, gettext) -> str:
        """The reason in the resident's language (`gettext` from localization.gettext_for)."""
        return gettext(str(self)) % self.params if self.params else gettext(str(self))
