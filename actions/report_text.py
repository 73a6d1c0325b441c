"""The words of the urban-order report conversation (Vietnamese msgids, translated per resident)."""

from __future__ import annotations

import json
from typing import Any, Callable, Dict, List, Optional

from localization import N_
from urban_reports.categories import categories, category
from urban_reports.errors import ReportRejected

Translate = Callable[[str], str]
Buttons = List[Dict[str, str]]

NOTES = {
    "cancelled": N_("Đã hủy phản ánh. Khi cần, bạn cứ nhắn lại nhé."),
    "paused": N_("Phản ánh đang dở đã được lưu. Khi muốn gửi tiếp, bạn chọn “Phản ánh hiện trường”."),
    "description_too_long": N_("Mô tả dài quá 4.000 ký tự, bạn viết ngắn lại giúp tôi."),
    "location_needed": N_("Tôi chưa nhận được địa chỉ. Bạn nhập số nhà, tên đường, phường hoặc gửi vị trí."),
    "photo_needed": N_("Loại phản ánh này cần ảnh hiện trường. Bạn gửi một ảnh giúp tôi."),
    "photo_or_skip": N_("Bạn gửi ảnh, hoặc bấm “Bỏ qua” nếu không có ảnh."),
    "photo_send_now": N_("Bạn gửi ảnh vào đây (nút đính kèm ảnh bên cạnh ô nhập tin). Không có ảnh thì bấm “Bỏ qua”."),
    "contact_required": N_("Loại phản ánh này cần số điện thoại để cán bộ liên hệ xác minh."),
    "phone_invalid": N_("Số điện thoại chưa đúng. Bạn nhập số di động Việt Nam, ví dụ 09xx xxx xxx."),
    "what_to_edit": N_("Bạn muốn sửa mục nào?"),
    "place_corrected": N_("Tôi đã sửa địa điểm thành: {address}."),
    "category_corrected": N_("Tôi đã đổi loại phản ánh thành “{category}”."),
    "description_corrected": N_("Tôi đã ghi thêm điều bạn vừa sửa vào mô tả."),
    # what the resident gave before it was asked
    "no_photo": N_("Đã ghi nhận: không có ảnh."),
    "contact": N_("Đã ghi nhận số điện thoại liên hệ."),
    "anonymous": N_("Đã ghi nhận: không để lại số điện thoại."),
    "resumed": N_("Mình làm tiếp phản ánh đang dở nhé."),
    "photo_unreadable": N_("Tôi không đọc được ảnh này, bạn gửi lại giúp tôi."),
    "stuck": N_("Tôi vẫn chưa hiểu câu trả lời. Bạn chọn một nút bên dưới, hoặc để phản ánh lại làm sau, hủy, "
                "hay nhờ cán bộ giúp."),
}
# Notes said at the start of the next question's message rather than alone before it.
ACKNOWLEDGED = frozenset({"place_corrected", "category_corrected", "description_corrected", "no_photo", "contact",
                          "anonymous"})
QUESTIONS = {
    "category_guess": N_("Bạn muốn phản ánh về “{category}”, đúng không?"),
    "category_guess_at": N_("Bạn muốn phản ánh về “{category}” tại {address}, đúng không?"),
    "category": N_("Bạn muốn phản ánh việc gì? Bạn chọn một loại bên dưới."),
    "description": N_("Bạn mô tả ngắn sự việc giúp tôi (ví dụ: quán bày bàn ghế chiếm hết vỉa hè)."),
    "location": N_("Việc này ở đâu? Bạn bấm nút gửi vị trí, hoặc nhập địa chỉ: số nhà, tên đường, phường."),
    "duplicate": N_("Đã có phản ánh tương tự gần đó: {code}. Bạn muốn theo dõi phản ánh đó (không gửi bản mới) "
                    "không?"),
    "photo": N_("Bạn có ảnh hiện trường không? Bạn gửi ảnh, hoặc bấm “Bỏ qua”."),
    "photo_required": N_("Bạn gửi giúp tôi một ảnh hiện trường."),
    "contact": N_("Bạn để lại số điện thoại di động để cán bộ liên hệ khi cần (chỉ cán bộ xem), hoặc gửi ẩn danh."),
    "contact_required": N_("Bạn để lại số điện thoại di động để cán bộ liên hệ xác minh (chỉ cán bộ xem)."),
    "resume": N_("Bạn còn một phản ánh đang dở ({category}). Bạn muốn gửi tiếp phản ánh đó không?"),
}
SUMMARY_LINES = (
    ("category", N_("• Loại: {value}")),
    ("description", N_("• Mô tả: {value}")),
    ("address", N_("• Địa điểm: {value}")),
    ("photos", N_("• Ảnh: {value}")),
    ("contact", N_("• Liên hệ: {value}")),
)


def question(step: str, draft: Dict[str, Any], _: Translate, language: str) -> tuple[str, Buttons]:
    """The question for a step and its buttons (payloads are what the validator understands)."""
    found = category(draft["category"]) if draft.get("category") else None
    asked = QUESTIONS.get(step, "")  # looked up before `_`, so that Babel does not take the key for a msgid
    if step == "category" and found:
        address = (draft.get("location") or {}).get("address")
        guess = QUESTIONS["category_guess_at" if address else "category_guess"]
        return (_(guess).format(category=found.display_name(language), address=address),
                [{"title": _("Đúng"), "payload": "/affirm"}] + _category_buttons(language, exclude=found.code))
    if step == "category":
        return _(asked), _category_buttons(language)
    if step == "duplicate":
        return (_(asked).format(code=draft["duplicate_of"]),
                [{"title": _("Theo dõi phản ánh đó"), "payload": "/affirm"},
                 {"title": _("Vẫn gửi phản ánh mới"), "payload": "/deny"}])
    if step == "photo":
        required = found is not None and found.photo_required
        asked = QUESTIONS["photo_required"] if required else asked
        return (_(asked),
                [] if required else [{"title": _("Bỏ qua"), "payload": "/deny"}])
    if step == "contact":
        anonymous = found is None or found.anonymous_allowed
        asked = asked if anonymous else QUESTIONS["contact_required"]
        return (_(asked),
                [{"title": _("Gửi ẩn danh"), "payload": "ẩn danh"}] if anonymous else [])
    if step == "summary":
        return summary(draft, _, language), [
            {"title": _("Gửi phản ánh"), "payload": "/affirm"},
            {"title": _("Sửa loại"), "payload": "sửa loại"}, {"title": _("Sửa mô tả"), "payload": "sửa mô tả"},
            {"title": _("Sửa địa chỉ"), "payload": "sửa địa chỉ"}, {"title": _("Sửa ảnh"), "payload": "sửa ảnh"},
            {"title": _("Sửa liên hệ"), "payload": "sửa liên hệ"}, {"title": _("Hủy"), "payload": "hủy"}]
    if step == "resume":
        return (_(asked).format(category=found.display_name(language) if found else "…"),
                [{"title": _("Gửi tiếp"), "payload": "/affirm"}, {"title": _("Làm phản ánh mới"), "payload": "/deny"}])
    return _(asked), []


def summary(draft: Dict[str, Any], _: Translate, language: str) -> str:
    location = draft.get("location") or {}
    values = {
        "category": category(draft["category"]).display_name(language),
        "description": draft["description"],
        "address": location.get("address") or _("vị trí đã gửi ({lat:.5f}, {lon:.5f})").format(
            lat=location.get("latitude") or 0, lon=location.get("longitude") or 0),
        "photos": _("{n} ảnh").format(n=len(draft["photos"])) if draft["photos"] else _("không có"),
        "contact": _mask_phone(draft["contact"]) if draft.get("contact") else _("ẩn danh"),
    }
    if location.get("old_ward") and location.get("ward"):
        # "phường 12, quận Gò Vấp": filed under today's ward, and the resident is told which.
        values["address"] += " " + _("(từ 1/7/2025 thuộc {ward})").format(ward=location["ward"])
    lines = [_("Bạn kiểm tra lại phản ánh:")]
    lines += [_(line).format(value=values[key]) for key, line in SUMMARY_LINES]
    return "\n".join(lines)


def note_text(note: Any, _: Translate, draft: Optional[Dict[str, Any]] = None, language: str = "vi") -> Optional[str]:
    """A note from the steps: a key of NOTES (a correction names what the draft holds now), or a ReportRejected
    with its reason."""
    if isinstance(note, ReportRejected):
        return note.text(_)
    msgid = NOTES.get(note)
    if not msgid:
        return None
    draft = draft or {}
    found = category(draft["category"]) if draft.get("category") else None
    return _(msgid).format(address=(draft.get("location") or {}).get("address") or "…",
                           category=found.display_name(language) if found else "…")


def _category_buttons(language: str, exclude: str = "") -> Buttons:
    return [{"title": c.display_name(language), "payload": "/report_issue" + json.dumps({"report_category": c.code})}
            for c in categories().values() if c.code != exclude]


def _mask_phone(phone: str) -> str:
    return f"{phone[:3]}****{phone[-3:]}" if len(phone) >= 7 else "****"
