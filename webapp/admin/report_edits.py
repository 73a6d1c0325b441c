"""Staff's changes to a report, each returning what the audit log keeps (no personal data).

Status, reply and handling unit go through `urban_reports.service.change_status`, which
records the history and notifies the reporter and followers. The rest (merging a duplicate,
redacting the phone or a photo) is written here, on the report row the caller has locked.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.orm import Session

from localization import N_, gettext_for
from urban_reports.models import Report
from urban_reports.service import change_status, follow, report_by_code
from urban_reports.statuses import ReportStatus

DUPLICATE_REPLY = N_("Phản ánh này trùng với phản ánh %(code)s. Bạn sẽ nhận tin cập nhật của phản ánh %(code)s.")
NOT_A_REPORT = N_("Không có phản ánh nào mang mã này.")
SAME_REPORT = N_("Không thể đánh dấu một phản ánh trùng với chính nó.")
ORIGINAL_IS_DUPLICATE = N_("Phản ánh %(code)s cũng là phản ánh trùng; hãy chọn phản ánh gốc.")
UNKNOWN_PHOTO = N_("Ảnh này không thuộc phản ánh.")
MEDIA_PREFIX = "media://reports/"


class EditRefused(ValueError):
    """A change that cannot be made; `message` is a Vietnamese msgid, `values` its placeholders."""

    def __init__(self, message: str, **values) -> None:
        super().__init__(message)
        self.message, self.values = message, values


def version_of(report: Report) -> str:
    """What the edit forms carry: a save made from an older page finds another value and is refused."""
    return report.updated_at.isoformat()


def set_status(session: Session, report: Report, status: str, reply: str | None) -> dict | None:
    before = report.status
    change = change_status(session, report.code, status, staff_reply=reply)
    return None if change is None else {"status": [before, report.status], "reply": bool(change.staff_reply)}


def assign(session: Session, report: Report, unit: str) -> dict | None:
    before = report.handling_unit
    change = change_status(session, report.code, report.status, handling_unit=unit)
    return None if change is None else {"handling_unit": [before, report.handling_unit]}


def mark_duplicate(session: Session, report: Report, original_code: str) -> dict:
    """Close the report as a duplicate; its reporter and followers now follow the original."""
    original = report_by_code(session, original_code)
    if original is None:
        raise EditRefused(NOT_A_REPORT)
    if original.id == report.id:
        raise EditRefused(SAME_REPORT)
    if original.status == ReportStatus.DUPLICATE.value:
        raise EditRefused(ORIGINAL_IS_DUPLICATE, code=original.code)
    audience = ([(report.conversation_id, report.language)] if report.conversation_id else []) + \
        [(follower.conversation_id, follower.language) for follower in report.followers]
    for conversation_id, language in audience:
        follow(session, original.code, conversation_id, language)
    reply = gettext_for(report.language)(DUPLICATE_REPLY) % {"code": original.code}
    change_status(session, report.code, ReportStatus.DUPLICATE, staff_reply=reply)
    return {"duplicate_of": original.code, "followers_moved": len(audience)}


def redact_phone(report: Report, now: dt.datetime) -> dict | None:
    """Erase the reporter's phone for good (the audit keeps only that it was erased)."""
    if report.contact_phone is None:
        return None
    report.contact_phone, report.updated_at = None, now
    return {"erased": "contact_phone"}


def redact_photo(report: Report, name: str, media_dir: Path, now: dt.datetime) -> dict:
    """Take the photo off the report and delete its file (a face, a number plate, a house number)."""
    reference = MEDIA_PREFIX + name
    if reference not in report.photos:
        raise EditRefused(UNKNOWN_PHOTO)
    report.photos = [photo for photo in report.photos if photo != reference]
    report.updated_at = now
    (media_dir / "reports" / name).unlink(missing_ok=True)
    return {"erased": "photo", "photo": name}


def photo_names(report: Report) -> list[str]:
    return [photo.removeprefix(MEDIA_PREFIX) for photo in report.photos if photo.startswith(MEDIA_PREFIX)]
