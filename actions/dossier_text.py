"""The words of dossier-status replies. Only what `dossiers.lookup` allows is shown: names come as initials,
notes and the phone hint only after the resident proved the last four digits of the registered phone."""

from __future__ import annotations

import datetime as dt
from typing import Callable
from zoneinfo import ZoneInfo

from dossiers.lookup import LookupResult, RateLimit
from knowledge.office import configured_office
from localization import N_, format_day

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
RECEIPT_EXAMPLE = "000.00.31.H29-251103-0042"
WHERE_THE_NUMBER_IS = N_("Số biên nhận in trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả, dạng {example}.")
ASK_FOR_DIGITS = N_("Để xem ghi chú của hồ sơ (giấy tờ cần bổ sung, khoản phải nộp) hoặc nhận thông báo khi hồ sơ "
                    "thay đổi, bạn nhập 4 số cuối của số điện thoại đã đăng ký khi nộp hồ sơ.")

TOO_MANY = N_("Bạn đã tra cứu nhiều lần trong một phút. Bạn vui lòng thử lại sau ít phút nhé.")
BUSY = N_("Có nhiều lượt tra cứu hồ sơ cùng lúc. Bạn vui lòng thử lại sau ít phút nhé.")

Translate = Callable[[str], str]


def status_text(result: LookupResult, _: Translate, language: str) -> str:
    lines = [_("Hồ sơ số {receipt}").format(receipt=result.receipt_number)]
    if result.procedure_name:
        lines.append(_("• Thủ tục: {name}").format(name=result.procedure_name))
    if result.applicant:
        lines.append(_("• Người nộp: {name}").format(name=result.applicant))
    status = _("• Trạng thái: {status}").format(status=_(result.status.label))
    if result.status_at:
        status += _(" (cập nhật {day})").format(day=format_day(_local_day(result.status_at), language))
    lines += [status, "  " + _(result.explanation)]
    if result.received_on:
        lines.append(_("• Ngày tiếp nhận: {day}").format(day=format_day(result.received_on, language)))
    if result.due_on:
        lines.append(_("• Ngày hẹn trả kết quả: {day}").format(day=format_day(result.due_on, language)))
    if result.result_location:
        lines.append(_("• Nơi trả kết quả: {place}").format(place=result.result_location))
    if result.verified:
        if result.notes:
            lines.append(_("• Ghi chú của cán bộ: {notes}").format(notes=result.notes))
        if result.phone_hint:
            lines.append(_("• Số điện thoại đã đăng ký: {phone}").format(phone=result.phone_hint))
    else:
        lines += ["", _(ASK_FOR_DIGITS)]
    return "\n".join(lines)


def ask_for_receipt_text(_: Translate) -> str:
    return _("Bạn cho tôi số biên nhận của hồ sơ nhé.") + " " + _(WHERE_THE_NUMBER_IS).format(example=RECEIPT_EXAMPLE)


def malformed_receipt_text(_: Translate) -> str:
    return (_("Số biên nhận bạn gửi chưa đúng dạng (thiếu phần hoặc sai ngày).") + " "
            + _(WHERE_THE_NUMBER_IS).format(example=RECEIPT_EXAMPLE) + " " + _("Bạn kiểm tra và gửi lại giúp tôi."))


def not_found_text(receipt: str, _: Translate) -> str:
    return "\n".join([
        _("Tôi chưa tìm thấy hồ sơ số {receipt} trong hệ thống của phường.").format(receipt=receipt),
        _("• Bạn so lại từng ký tự với Giấy tiếp nhận hồ sơ và hẹn trả kết quả."),
        _("• Hồ sơ nộp trực tuyến trên Cổng Dịch vụ công quốc gia thì tra cứu tại https://dichvucong.gov.vn."),
        "• " + contact_text(_),
    ])


def contact_text(_: Translate) -> str:
    office = configured_office()
    if office and office.phone:
        return _("Nếu vẫn không thấy, bạn gọi {office} ({phone}) hoặc chọn “Gặp cán bộ”.").format(
            office=office.name, phone=office.phone)
    return _("Nếu vẫn không thấy, bạn liên hệ bộ phận một cửa nơi đã nộp hồ sơ hoặc chọn “Gặp cán bộ”.")


def rate_limited_text(limited_by: RateLimit | None, _: Translate) -> str:
    """Over their own limit, the resident is told so; over their network's or the receipt number's, only that
    many are asking at once: not which, so nobody learns that a number is being tried."""
    return _(TOO_MANY) if limited_by in (RateLimit.SENDER, None) else _(BUSY)


def locked_text(until: dt.datetime, _: Translate, language: str) -> str:
    """The lock is on this conversation or this network only, not on the number: the applicant can still
    check from their own phone, or at the office."""
    local = until.replace(tzinfo=dt.timezone.utc).astimezone(VIETNAM)
    return _("Hồ sơ này tạm ngừng xác minh từ đây vì đã nhập sai nhiều lần, đến {time} ngày {day}. Nếu bạn là "
             "người nộp hồ sơ, vui lòng liên hệ bộ phận một cửa nơi đã nộp.").format(
        time=local.strftime("%H:%M"), day=format_day(local.date(), language))


def _local_day(moment: dt.datetime) -> dt.date:
    """Stored times are naive UTC; residents read Vietnam dates."""
    return moment.replace(tzinfo=dt.timezone.utc).astimezone(VIETNAM).date()
