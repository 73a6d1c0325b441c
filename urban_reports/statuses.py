"""The six statuses of an urban-order report, as residents read them (Vietnamese msgids)."""

from __future__ import annotations

import enum

from localization import N_


class ReportStatus(str, enum.Enum):
    RECEIVED = "received"
    VERIFYING = "verifying"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    OUT_OF_JURISDICTION = "out_of_jurisdiction"
    DUPLICATE = "duplicate"

    @property
    def label(self) -> str:
        return LABELS[self]

    @property
    def is_closed(self) -> bool:
        """Closed reports are neither overdue nor offered as duplicates (Open311 `closed`)."""
        return self in CLOSED


LABELS: dict[ReportStatus, str] = {
    ReportStatus.RECEIVED: N_("Đã tiếp nhận"),
    ReportStatus.VERIFYING: N_("Đang xác minh"),
    ReportStatus.IN_PROGRESS: N_("Đang xử lý"),
    ReportStatus.RESOLVED: N_("Đã xử lý xong"),
    ReportStatus.OUT_OF_JURISDICTION: N_("Không thuộc thẩm quyền"),
    ReportStatus.DUPLICATE: N_("Trùng phản ánh"),
}
CLOSED = frozenset({ReportStatus.RESOLVED, ReportStatus.OUT_OF_JURISDICTION, ReportStatus.DUPLICATE})
