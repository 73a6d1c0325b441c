"""Is this report already filed? Same category, close by and recent, and not closed yet.

Kept conservative, because following a duplicate means the resident's own report is
never filed: with coordinates, within the category's radius; with a typed address
only, the same ward and an address with the same numbers and nearly the same words.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from difflib import SequenceMatcher

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.database import utcnow
from urban_reports.categories import category
from urban_reports.models import Report
from urban_reports.statuses import CLOSED
from vietnamese_text import match_key

EARTH_RADIUS_M = 6_371_000
METRES_PER_DEGREE = 111_320
ADDRESS_SIMILARITY = 0.9
_NUMBER = re.compile(r"\d+\w*")


def find_duplicate(session: Session, category_code: str, latitude: float | None = None,
                   longitude: float | None = None, address: str | None = None, ward: str | None = None,
                   now: dt.datetime | None = None) -> Report | None:
    """The closest (with a point) or latest (with an address) open report that this one would duplicate."""
    chosen = category(category_code)
    if chosen is None:
        return None
    now = now or utcnow()
    recent = (select(Report)
              .where(Report.category == category_code, Report.status.not_in([s.value for s in CLOSED]),
                     Report.created_at >= now - dt.timedelta(hours=chosen.duplicate_window_hours),
                     Report.created_at <= now)
              .order_by(Report.created_at.desc(), Report.id.desc()))
    if latitude is not None and longitude is not None:
        return _nearest(session, recent, latitude, longitude, chosen.duplicate_radius_m)
    if ward and address:
        candidates = session.scalars(recent.where(Report.ward == ward, Report.address.is_not(None)))
        return next((report for report in candidates if same_address(report.address, address)), None)
    return None


def _nearest(session: Session, recent, latitude: float, longitude: float, radius_m: float) -> Report | None:
    spread = radius_m / METRES_PER_DEGREE
    lon_spread = spread / max(math.cos(math.radians(latitude)), 0.01)
    box = recent.where(Report.latitude.between(latitude - spread, latitude + spread),
                       Report.longitude.between(longitude - lon_spread, longitude + lon_spread))
    distances = [(distance_m(latitude, longitude, r.latitude, r.longitude), r) for r in session.scalars(box)]
    within = [(distance, r) for distance, r in distances if distance <= radius_m]
    return min(within, key=lambda pair: pair[0])[1] if within else None


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in metres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half = (math.sin((phi2 - phi1) / 2) ** 2
            + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(half))


def same_address(first: str, second: str) -> bool:
    """Same house and alley numbers, and nearly the same words once folded ('12 Lê Lợi' vs '12 le loi')."""
    a, b = match_key(first), match_key(second)
    numbers = _NUMBER.findall(a)
    return bool(numbers) and numbers == _NUMBER.findall(b) and SequenceMatcher(None, a, b).ratio() >= ADDRESS_SIMILARITY
