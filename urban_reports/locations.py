"""Where a report is: a GPS point inside Ho Chi Minh City, or an address as typed with today's ward detected.

Since 1 July 2025 the city also covers the former Bình Dương and Bà Rịa–Vũng Tàu
(Côn Đảo included). There is no geocoder offline: a point is checked against rough
outlines of those areas (a few kilometres of slack, the city's own staff verify the
place), and a typed address keeps its text with no coordinates.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.admin_units import _contains, _core, _expand_short_units, resolve_ward
from knowledge.models import AdminUnitMapping
from localization import N_
from urban_reports.errors import ReportRejected
from vietnamese_text import clean_text, match_key

OUTSIDE_CITY = N_("Vị trí này nằm ngoài Thành phố Hồ Chí Minh nên phường không tiếp nhận được phản ánh. "
                  "Bạn vui lòng gửi phản ánh đến chính quyền địa phương nơi đó.")
INVALID_POINT = N_("Tọa độ vị trí không hợp lệ. Bạn vui lòng gửi lại vị trí hoặc nhập địa chỉ.")
NO_ADDRESS = N_("Bạn vui lòng nhập địa chỉ nơi xảy ra sự việc (số nhà, tên đường, phường).")
MAX_ADDRESS_CHARS = 300

# (latitude, longitude) outlines, drawn generously from the administrative maps.
_OLD_HCMC = ((11.16, 106.46), (11.05, 106.60), (10.87, 106.83), (10.78, 106.88), (10.70, 106.80),
             (10.62, 106.98), (10.38, 107.03), (10.36, 106.85), (10.50, 106.72), (10.62, 106.72),
             (10.65, 106.60), (10.70, 106.45), (10.86, 106.36), (11.00, 106.34))
_FORMER_BINH_DUONG = ((11.50, 106.34), (11.55, 106.55), (11.45, 106.80), (11.25, 106.92), (11.05, 106.88),
                      (10.95, 106.80), (10.88, 106.78), (10.88, 106.70), (11.05, 106.58), (11.20, 106.42),
                      (11.32, 106.33))
_FORMER_BA_RIA_VUNG_TAU = ((10.72, 107.01), (10.74, 107.30), (10.80, 107.55), (10.55, 107.60), (10.45, 107.45),
                           (10.36, 107.22), (10.31, 107.07), (10.45, 107.00), (10.62, 107.00))
_CON_DAO = ((8.85, 106.45), (8.85, 106.75), (8.55, 106.75), (8.55, 106.45))
CITY_OUTLINES = (_OLD_HCMC, _FORMER_BINH_DUONG, _FORMER_BA_RIA_VUNG_TAU, _CON_DAO)


@dataclass(frozen=True)
class Location:
    latitude: float | None = None
    longitude: float | None = None
    address: str | None = None  # as the resident typed it (house number, street...)
    ward: str | None = None  # today's ward or commune, when known
    old_ward: str | None = None  # the pre-reform ward the resident named, when the ward was mapped from it


def locate_point(latitude: float, longitude: float) -> Location:
    """A GPS point (the ward is left to staff: no ward boundaries offline); ReportRejected outside the city."""
    try:
        latitude, longitude = float(latitude), float(longitude)
    except (TypeError, ValueError):
        raise ReportRejected(INVALID_POINT) from None
    if not (math.isfinite(latitude) and math.isfinite(longitude) and -90 <= latitude <= 90
            and -180 <= longitude <= 180):
        raise ReportRejected(INVALID_POINT)
    if not in_city(latitude, longitude):
        raise ReportRejected(OUTSIDE_CITY)
    return Location(latitude, longitude)


def in_city(latitude: float, longitude: float) -> bool:
    return any(_inside(latitude, longitude, outline) for outline in CITY_OUTLINES)


def _inside(latitude: float, longitude: float, outline: tuple[tuple[float, float], ...]) -> bool:
    """Ray casting: an odd number of edge crossings means inside."""
    inside = False
    for (lat1, lon1), (lat2, lon2) in zip(outline, outline[1:] + outline[:1]):
        if (lat1 > latitude) != (lat2 > latitude):
            crossing = lon1 + (latitude - lat1) * (lon2 - lon1) / (lat2 - lat1)
            if longitude < crossing:
                inside = not inside
    return inside


def locate_address(text: str, session: Session) -> Location:
    """The address as typed, with today's ward when the text names one, old (mapped) or new.

    An old ward with its district ("P.12 Gò Vấp") or an old ward whose name is unique ("phường
    Thảo Điền") is mapped; a ward that exists today ("phường Bến Thành") is kept. Anything
    ambiguous ("phường 12" alone, a whole old district) leaves the ward unknown.
    """
    address = clean_text(text)
    if not address:
        raise ReportRejected(NO_ADDRESS)
    if len(address) > MAX_ADDRESS_CHARS:
        raise ReportRejected(N_("Địa chỉ quá dài, bạn vui lòng nhập ngắn gọn (tối đa %(limit)d ký tự)."),
                             limit=MAX_ADDRESS_CHARS)
    key = match_key(_expand_short_units(address))
    rows = session.scalars(select(AdminUnitMapping)).all()
    with_district = resolve_ward(address, session)
    if len(with_district) == 1:
        return Location(address=address, ward=with_district[0],
                        old_ward=_old_ward_named(key, rows, with_district[0], with_district=True))
    current = _current_ward_named(key, rows)
    if current:
        return Location(address=address, ward=current)
    old = [r for r in rows if r.ward_key and not r.ward_key.split()[-1].isdigit() and _contains(key, r.ward_key)]
    if len({r.new_ward for r in old}) == 1:
        return Location(address=address, ward=old[0].new_ward, old_ward=_old_ward_named(key, old, old[0].new_ward))
    return Location(address=address)


def _current_ward_named(key: str, rows: list[AdminUnitMapping]) -> str | None:
    """Today's ward whose full name ("phuong ben thanh", "xa binh chanh") is in the text; the longest wins."""
    named = [ward for ward in {r.new_ward for r in rows} if _contains(key, match_key(ward))]
    return max(named, key=len) if named else None


def _old_ward_named(key: str, rows: list[AdminUnitMapping], new_ward: str, with_district: bool = False) -> str | None:
    for row in rows:
        if row.new_ward == new_ward and row.ward_key and _contains(key, row.ward_key) \
                and (not with_district or _contains(key, row.district_key or "")
                     or _contains(key, _core(row.district_key))):
            return ", ".join(part for part in (row.old_ward, row.old_district) if part)
    return None

