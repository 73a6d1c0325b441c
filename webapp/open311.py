"""Open311 GeoReport v2 under /open311/v2/: services from the report categories, requests from urban reports.

Every resource comes as .json or .xml; errors too, as the spec's list of {code, description}.
Filing (POST requests) needs an api_key (`python -m open311 keys add NAME`); reading does not.
A jurisdiction_id other than OPEN311_JURISDICTION_ID gets a 404. docs/OPEN311.md has the details.
"""

from __future__ import annotations

import logging
import os

from flask import Blueprint, current_app, request

from localization import gettext_for
from open311.errors import Open311Error
from open311.intake import draft_from_form
from open311.keys import valid_key
from open311.queries import find_requests, parse_query
from open311.resources import LANGUAGE, discovery, service, service_definition, service_notice, service_request
from open311.serializers import errors, render
from storage.database import session_scope, utcnow
from urban_reports.categories import categories, category
from urban_reports.errors import ReportRejected
from urban_reports.models import Report
from urban_reports.service import file_report, report_by_code
from urban_reports.settings import office_settings

open311 = Blueprint("open311", __name__, url_prefix="/open311/v2")
logger = logging.getLogger(__name__)
FMT = "<any(json,xml):fmt>"


def _session():
    return session_scope(current_app.config.get("APP_DATABASE_URL"))


@open311.before_request
def _check_jurisdiction():
    given = (request.values.get("jurisdiction_id") or "").strip()
    ours = current_app.config.get("OPEN311_JURISDICTION_ID") or os.environ.get("OPEN311_JURISDICTION_ID")
    if given and given != ours:
        raise Open311Error(404, f"jurisdiction_id {given} was not found")


@open311.errorhandler(Open311Error)
def _open311_error(error: Open311Error):
    return errors(_format(), error.status, error.description)


@open311.errorhandler(ReportRejected)
def _rejected(error: ReportRejected):
    return errors(_format(), error.status, error.text(gettext_for("en")))


def _format() -> str:
    return (request.view_args or {}).get("fmt") or ("xml" if request.path.endswith(".xml") else "json")


@open311.route("/<path:unknown>", methods=["GET", "POST"])
def _unknown(unknown: str):
    """Any other path or format under /open311/v2 gets the spec's error document, not an HTML page."""
    raise Open311Error(404, f"{unknown} is not a GeoReport v2 resource of this server")


@open311.get(f"/discovery.{FMT}")
def get_discovery(fmt: str):
    endpoint = request.url_root.rstrip("/") + open311.url_prefix
    return render(discovery(endpoint, office_settings().get("name")), fmt, "discovery")


@open311.get(f"/services.{FMT}")
def get_services(fmt: str):
    return render([service(item) for item in categories().values()], fmt, "services")


@open311.get(f"/services/<service_code>.{FMT}")
def get_service_definition(service_code: str, fmt: str):
    item = category(service_code)
    if item is None:
        raise Open311Error(404, f"service_code {service_code} was not found")
    return render(service_definition(item), fmt, "service_definition")


@open311.post(f"/requests.{FMT}")
def post_request(fmt: str):
    with _session() as session:
        key = valid_key(session, request.values.get("api_key"))
        if key is None:
            raise Open311Error(403, "api_key was not provided or is not valid")
        report = file_report(session, draft_from_form(request.form, session), None, LANGUAGE)
        logger.info("open311: %s filed by key #%d", report.code, key.id)
        record = {"service_request_id": report.code, "service_notice": service_notice(report), "account_id": None}
    return render([record], fmt, "service_requests")


@open311.get(f"/requests.{FMT}")
def get_requests(fmt: str):
    query = parse_query(request.args, utcnow())
    with _session() as session:
        records = [service_request(report, category(report.category)) for report in find_requests(session, query)]
    return render(records, fmt, "service_requests")


@open311.get(f"/requests/<service_request_id>.{FMT}")
def get_request(service_request_id: str, fmt: str):
    with _session() as session:
        report = _report(session, "service_request_id", service_request_id)
        record = service_request(report, category(report.category))
    return render([record], fmt, "service_requests")


@open311.get(f"/tokens/<token>.{FMT}")
def get_token(token: str, fmt: str):
    """Filing is synchronous: the token a client may hold is the request id itself."""
    with _session() as session:
        record = {"service_request_id": _report(session, "token", token).code, "token": token}
    return render([record], fmt, "service_requests")


def _report(session, field: str, code: str) -> Report:
    report = report_by_code(session, code)
    if report is None:
        raise Open311Error(404, f"{field} {code} was not found")
    return report
