"""A POSTed GeoReport request (form fields) turned into an urban_reports draft.

Stored: service_code, location, description, phone, attribute[code] answers, and media_url as a line
of the description (the app keeps only photos it received itself). email, device_id, account_id,
first_name and last_name are accepted but not stored: reports keep no names.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from localization import N_, gettext_for
from open311.errors import Open311Error
from urban_reports.categories import category
from urban_reports.drafts import ReportDraft
from urban_reports.locations import Location, locate_address, locate_point

ATTRIBUTE_FIELD = re.compile(r"attribute\[([^\[\]]+)\](?:\[\])?")
MAX_MEDIA_URL_CHARS = 500
MEDIA_LINE = N_("Ảnh: %(url)s")


def draft_from_form(form: MultiDict, session: Session) -> ReportDraft:
    """The draft to file; Open311Error for a missing or unknown service_code, a missing location or a bad URL.

    What `urban_reports.drafts.check_draft` refuses raises ReportRejected when it is filed.
    """
    code = (form.get("service_code") or "").strip()
    if not code:
        raise Open311Error(400, "service_code was not provided")
    if category(code) is None:
        raise Open311Error(404, f"service_code {code} was not found")
    phone = (form.get("phone") or "").strip()
    return ReportDraft(category=code, description=_description(form), location=_location(form, session),
                       contact_phone=phone or None, anonymous=not phone, attributes=_attributes(form))


def _location(form: MultiDict, session: Session) -> Location:
    latitude, longitude = (form.get("lat") or "").strip(), (form.get("long") or "").strip()
    address = (form.get("address_string") or form.get("address_id") or "").strip()
    if bool(latitude) != bool(longitude):
        raise Open311Error(400, "lat and long must be sent together")
    if not (latitude or address):
        raise Open311Error(400, "location was not provided: send lat and long, address_string or address_id")
    point = locate_point(latitude, longitude) if latitude else Location()
    place = locate_address(address, session) if address else Location()
    return Location(point.latitude, point.longitude, place.address, place.ward, place.old_ward)


def _description(form: MultiDict) -> str:
    description = form.get("description") or ""
    media_url = (form.get("media_url") or "").strip()
    if not media_url:
        return description
    if len(media_url) > MAX_MEDIA_URL_CHARS or urlsplit(media_url).scheme not in ("http", "https") \
            or not urlsplit(media_url).netloc:
        raise Open311Error(400, "media_url must be an http or https URL")
    return f"{description.strip()}\n\n{gettext_for('vi')(MEDIA_LINE) % {'url': media_url}}".strip()


def _attributes(form: MultiDict) -> dict[str, str]:
    """attribute[code]=value (and attribute[code][]=value for lists, joined with commas)."""
    answers = {}
    for field in form:
        match = ATTRIBUTE_FIELD.fullmatch(field)
        if match:
            answers[match.group(1)] = ",".join(value.strip() for value in form.getlist(field))
    return answers
