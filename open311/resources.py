"""Report categories as GeoReport services and reports as service requests (records for `serializers.render`).

Everything is in Vietnamese, the residents' language. The list is public, so a request never carries the
reporter's phone; personal data typed in the description or a staff reply (phone, e-mail, ID number, a
name after "tên tôi là" or after a title such as "ông", "chị") is masked, and coordinates are rounded to
three decimals (about 100 m: enough to find the street, not the doorstep).
"""

from __future__ import annotations

import datetime as dt

from localization import N_, gettext_for
from urban_reports.categories import Attribute, Category
from urban_reports.models import Report
from urban_reports.statuses import ReportStatus
from urban_reports.working_time import as_vietnam_time, format_deadline
from vietnamese_text.privacy import mask_names, mask_personal_data

LANGUAGE = "vi"
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-30T00:00:00+07:00"  # bump when the endpoints or their fields change
SERVICE_NOTICE = N_("Phường sẽ phản hồi %(deadline)s.")
STAFF_REPLY = N_("Phản hồi của phường: %(reply)s")
PUBLIC_DECIMALS = 3


def discovery(endpoint_url: str, contact: str | None) -> dict:
    return {"changeset": CHANGESET, "contact": contact,
            "key_service": "Ask the ward office (UBND phường) for an api_key.",
            "endpoints": [{"specification": SPECIFICATION, "url": endpoint_url, "changeset": CHANGESET,
                           "type": "production", "formats": ["text/xml", "application/json"]}]}


def service(category: Category) -> dict:
    name = category.display_name(LANGUAGE)
    return {"service_code": category.code, "service_name": name, "description": name,
            "metadata": bool(category.attributes), "type": "realtime",
            "keywords": ", ".join(category.keywords), "group": None}


def service_definition(category: Category) -> dict:
    return {"service_code": category.code,
            "attributes": [_attribute(attribute, order) for order, attribute in enumerate(category.attributes, 1)]}


def _attribute(attribute: Attribute, order: int) -> dict:
    return {"variable": True, "code": attribute.code, "datatype": attribute.datatype, "required": attribute.required,
            "datatype_description": None, "order": order, "description": attribute.description[LANGUAGE],
            "values": [{"key": value.key, "name": value.name[LANGUAGE]} for value in attribute.values]}


def service_request(report: Report, category: Category | None) -> dict:
    status = ReportStatus(report.status)
    return {"service_request_id": report.code, "status": "closed" if status.is_closed else "open",
            "status_notes": status_notes(report), "service_name": category.display_name(LANGUAGE) if category else None,
            "service_code": report.category, "description": public_text(report.description),
            "agency_responsible": report.handling_unit, "service_notice": service_notice(report),
            "requested_datetime": iso(report.created_at), "updated_datetime": iso(report.updated_at),
            "expected_datetime": iso(report.deadline_at), "address": report.address, "address_id": None,
            "zipcode": None, "lat": _rounded(report.latitude), "long": _rounded(report.longitude), "media_url": None}


def public_text(text: str) -> str:
    return mask_names(mask_personal_data(text))


def _rounded(degrees: float | None) -> float | None:
    return None if degrees is None else round(degrees, PUBLIC_DECIMALS)


def status_notes(report: Report) -> str:
    _ = gettext_for(LANGUAGE)
    label = _(ReportStatus(report.status).label)
    return f"{label}. {_(STAFF_REPLY) % {'reply': public_text(report.staff_reply)}}" if report.staff_reply else label


def service_notice(report: Report) -> str:
    return gettext_for(LANGUAGE)(SERVICE_NOTICE) % {"deadline": format_deadline(report.deadline_at, LANGUAGE)}


def iso(moment: dt.datetime) -> str:
    """W3C date-time in Vietnam time: 2026-11-20T09:00:00+07:00 (stored times are naive UTC)."""
    return as_vietnam_time(moment).replace(microsecond=0).isoformat()
