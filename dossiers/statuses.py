"""The ten dossier statuses of the National Public Service Portal, and what each means for the resident.

Labels are the portal's own wording; explanations are msgids (translated with
`localization.gettext_for`) telling the resident what to do next, without
promising anything the office has not published.
"""

from __future__ import annotations

import enum

from localization import N_
from vietnamese_text import fold


class DossierStatus(str, enum.Enum):
    REGISTERED = "registered"
    ACCEPTED = "accepted"
    NOT_ACCEPTED = "not_accepted"
    PROCESSING = "processing"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    PAYMENT_REQUESTED = "payment_requested"
    WITHDRAWN = "withdrawn"
    STOPPED = "stopped"
    PROCESSED = "processed"
    RESULT_RETURNED = "result_returned"

    @property
    def label(self) -> str:
        return LABELS[self]

    @property
    def explanation(self) -> str:
        return EXPLANATIONS[self]


LABELS: dict[DossierStatus, str] = {
    DossierStatus.REGISTERED: N_("Mới đăng ký"),
    DossierStatus.ACCEPTED: N_("Được tiếp nhận"),
    DossierStatus.NOT_ACCEPTED: N_("Không được tiếp nhận"),
    DossierStatus.PROCESSING: N_("Đang xử lý"),
    DossierStatus.SUPPLEMENT_REQUESTED: N_("Yêu cầu bổ sung giấy tờ"),
    DossierStatus.PAYMENT_REQUESTED: N_("Yêu cầu thực hiện nghĩa vụ tài chính"),
    DossierStatus.WITHDRAWN: N_("Công dân yêu cầu rút hồ sơ"),
    DossierStatus.STOPPED: N_("Dừng xử lý"),
    DossierStatus.PROCESSED: N_("Đã xử lý xong"),
    DossierStatus.RESULT_RETURNED: N_("Đã trả kết quả"),
}

EXPLANATIONS: dict[DossierStatus, str] = {
    DossierStatus.REGISTERED: N_(
        "Hồ sơ đã được gửi lên hệ thống nhưng cán bộ chưa kiểm tra để tiếp nhận. Bạn chưa cần làm gì thêm; "
        "khi hồ sơ được tiếp nhận hoặc cần sửa, bạn sẽ được thông báo."),
    DossierStatus.ACCEPTED: N_(
        "Hồ sơ đã được kiểm tra và tiếp nhận. Bạn hãy giữ giấy biên nhận và chờ đến ngày hẹn trả kết quả."),
    DossierStatus.NOT_ACCEPTED: N_(
        "Hồ sơ không được tiếp nhận. Lý do được ghi trong thông báo gửi cho bạn; nếu chưa rõ, bạn hãy hỏi bộ phận "
        "một cửa nơi đã nộp. Nếu vẫn cần làm thủ tục, bạn hoàn thiện hồ sơ theo hướng dẫn rồi nộp lại."),
    DossierStatus.PROCESSING: N_(
        "Hồ sơ đang được giải quyết. Bạn chưa cần làm gì thêm; hãy chờ đến ngày hẹn trả kết quả. Nếu đã quá ngày hẹn "
        "mà chưa có kết quả, bạn có thể hỏi bộ phận một cửa nơi đã nộp hồ sơ."),
    DossierStatus.SUPPLEMENT_REQUESTED: N_(
        "Hồ sơ còn thiếu hoặc chưa đúng giấy tờ. Bạn hãy xem thông báo yêu cầu bổ sung, chuẩn bị đủ giấy tờ và nộp "
        "bổ sung tại nơi đã nộp hồ sơ (hoặc trên Cổng dịch vụ công nếu đã nộp trực tuyến). Hồ sơ chỉ được giải "
        "quyết tiếp sau khi bạn bổ sung."),
    DossierStatus.PAYMENT_REQUESTED: N_(
        "Hồ sơ cần bạn nộp phí, lệ phí hoặc nghĩa vụ tài chính khác theo thông báo. Bạn hãy nộp đúng số tiền ghi "
        "trong thông báo theo cách được hướng dẫn và giữ lại chứng từ; hồ sơ được giải quyết tiếp sau khi đã nộp."),
    DossierStatus.WITHDRAWN: N_(
        "Hồ sơ được rút theo yêu cầu của người nộp và sẽ không được giải quyết tiếp. Nếu bạn không yêu cầu rút hồ "
        "sơ, hãy liên hệ ngay bộ phận một cửa nơi đã nộp."),
    DossierStatus.STOPPED: N_(
        "Việc giải quyết hồ sơ đã dừng. Lý do được ghi trong thông báo gửi cho bạn; nếu chưa nhận được hoặc chưa rõ, "
        "bạn hãy hỏi bộ phận một cửa nơi đã nộp hồ sơ."),
    DossierStatus.PROCESSED: N_(
        "Hồ sơ đã giải quyết xong, kết quả đang chờ trả. Bạn hãy mang giấy biên nhận và giấy tờ tùy thân đến nơi "
        "trả kết quả, hoặc chờ nhận qua bưu điện hay trực tuyến nếu đã đăng ký nhận theo cách đó."),
    DossierStatus.RESULT_RETURNED: N_(
        "Kết quả đã được trả. Nếu bạn chưa nhận được, hãy liên hệ nơi trả kết quả và mang theo giấy biên nhận."),
}

_BY_KEY = {fold(key): status for status in DossierStatus for key in (status.value, status.label)}


def parse_status(value: object) -> DossierStatus:
    """A status from its code or its portal label, accents and case ignored; ValueError otherwise."""
    key = fold(" ".join(str(value or "").split()))
    if key not in _BY_KEY:
        raise ValueError(f"unknown status: {str(value)[:60]!r}")
    return _BY_KEY[key]
