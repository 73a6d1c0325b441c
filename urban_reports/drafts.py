"""What the chat form or the Open311 API collected, and the checks it must pass before it is filed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Mapping

from localization import N_
from urban_reports.categories import Category, category
from urban_reports.errors import ReportRejected
from urban_reports.locations import Location, locate_point
from vietnamese_text import nfc
from vietnamese_text.patterns import PHONE_NUMBER

MAX_DESCRIPTION_CHARS = 4000
MAX_PHOTOS = 5
MAX_ATTRIBUTE_CHARS = 500
PHOTO_REFERENCE = re.compile(r"media://[a-z]+/[A-Za-z0-9_-]+\.(?:jpg|png|webp)")


@dataclass(frozen=True)
class ReportDraft:
    category: str  # a category code
    description: str
    location: Location  # from locations.locate_point or locate_address
    photos: tuple[str, ...] = ()  # media references from photos.store_report_photo (or the web upload)
    contact_phone: str | None = None
    anonymous: bool = False
    attributes: Mapping[str, str] = field(default_factory=dict)  # Open311 attribute code -> answer


@dataclass(frozen=True)
class CheckedDraft:
    category: Category
    description: str
    location: Location
    photos: tuple[str, ...]
    contact_phone: str | None  # 0XXXXXXXXX
    attributes: dict[str, str]


def check_draft(draft: ReportDraft) -> CheckedDraft:
    """The draft, normalised; ReportRejected with the first reason it cannot be filed."""
    chosen = category(draft.category)
    if chosen is None:
        raise ReportRejected(N_("Loại phản ánh không hợp lệ. Bạn vui lòng chọn lại loại phản ánh."))
    return CheckedDraft(chosen, check_description(draft.description), _check_location(draft.location),
                        _check_photos(chosen, draft.photos), _check_contact(chosen, draft),
                        _check_attributes(chosen, draft.attributes))


def check_description(text: str) -> str:
    """Kept as typed (HTML too: it is stored and shown as text), only trimmed and without NUL characters."""
    description = nfc(text or "").replace("\x00", "").strip()
    if not description:
        raise ReportRejected(N_("Bạn vui lòng mô tả ngắn gọn sự việc cần phản ánh."))
    if len(description) > MAX_DESCRIPTION_CHARS:
        raise ReportRejected(N_("Nội dung phản ánh quá dài (tối đa %(limit)d ký tự), bạn vui lòng viết ngắn gọn hơn."),
                             limit=MAX_DESCRIPTION_CHARS)
    return description


def normalise_phone(text: str) -> str:
    """A Vietnamese mobile number as 0XXXXXXXXX ('+84 912 345 678' -> '0912345678'); ReportRejected otherwise."""
    candidate = (text or "").strip()
    if not PHONE_NUMBER.fullmatch(candidate):
        raise ReportRejected(N_("Số điện thoại không hợp lệ. Bạn vui lòng nhập số di động gồm 10 chữ số, "
                                "ví dụ bắt đầu bằng 03, 05, 07, 08 hoặc 09."))
    digits = re.sub(r"\D", "", candidate)
    return "0" + digits[2:] if digits.startswith("84") else digits


def _check_location(location: Location) -> Location:
    has_point = location.latitude is not None and location.longitude is not None
    if has_point:
        locate_point(location.latitude, location.longitude)  # raises outside the city
    elif not (location.address or "").strip():
        raise ReportRejected(N_("Bạn vui lòng gửi vị trí hoặc nhập địa chỉ nơi xảy ra sự việc."))
    return location


def _check_photos(chosen: Category, photos: tuple[str, ...]) -> tuple[str, ...]:
    photos = tuple(photos or ())
    if chosen.photo_required and not photos:
        raise ReportRejected(N_("Loại phản ánh này cần ít nhất một ảnh chụp hiện trường."))
    if len(photos) > MAX_PHOTOS or not all(PHOTO_REFERENCE.fullmatch(p) for p in photos):
        raise ReportRejected(N_("Ảnh đính kèm không hợp lệ (tối đa %(limit)d ảnh)."), limit=MAX_PHOTOS)
    return photos


def _check_contact(chosen: Category, draft: ReportDraft) -> str | None:
    if draft.anonymous:
        if not chosen.anonymous_allowed:
            raise ReportRejected(N_("Loại phản ánh này không nhận phản ánh ẩn danh. "
                                    "Bạn vui lòng để lại số điện thoại để cán bộ liên hệ xác minh."))
        return None
    if not draft.contact_phone:
        raise ReportRejected(N_("Bạn vui lòng để lại số điện thoại liên hệ, hoặc chọn gửi ẩn danh."))
    return normalise_phone(draft.contact_phone)


def _check_attributes(chosen: Category, answers: Mapping[str, str]) -> dict[str, str]:
    known = {attribute.code: attribute for attribute in chosen.attributes}
    answers = {code: str(value).strip() for code, value in (answers or {}).items() if str(value).strip()}
    invalid = N_("Thông tin bổ sung không hợp lệ: %(attribute)s.")
    for code, value in answers.items():
        attribute = known.get(code)
        if attribute is None or len(value) > MAX_ATTRIBUTE_CHARS \
                or (attribute.values and value not in {v.key for v in attribute.values}) \
                or (attribute.datatype == "number" and not re.fullmatch(r"-?\d+(?:[.,]\d+)?", value)):
            raise ReportRejected(invalid, attribute=code)
    missing = [a.code for a in chosen.attributes if a.required and a.code not in answers]
    if missing:
        raise ReportRejected(N_("Còn thiếu thông tin bắt buộc: %(attribute)s."), attribute=", ".join(missing))
    return answers
