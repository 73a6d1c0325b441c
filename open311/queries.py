"""GET requests: the spec's filters (service_request_id, service_code, start_date, end_date, status) and paging."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from open311.errors import Open311Error
from urban_reports.models import Report
from urban_reports.statuses import CLOSED
from urban_reports.working_time import VIETNAM, as_naive_utc
from vietnamese_text.patterns import REPORT_CODE

DEFAULT_DAYS = 90
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
STATUSES = ("open", "closed")


@dataclass(frozen=True)
class RequestQuery:
    ids: tuple[str, ...]  # when given, the other filters are ignored (as the spec says)
    service_codes: tuple[str, ...]
    start: dt.datetime  # naive UTC, like the stored times
    end: dt.datetime
    statuses: frozenset[str]
    page: int
    page_size: int


def parse_query(args: MultiDict, now: dt.datetime) -> RequestQuery:
    """The query from the URL arguments (`now` naive UTC); Open311Error 400 for a bad value."""
    end = _moment(args, "end_date") or now
    try:
        start = _moment(args, "start_date") or end - dt.timedelta(days=DEFAULT_DAYS)
    except OverflowError:  # an end_date in the first 90 days of year 1
        raise Open311Error(400, "end_date is out of range") from None
    if start > end:
        raise Open311Error(400, "start_date is after end_date")
    statuses = frozenset(_list(args, "status"))
    if not statuses <= set(STATUSES):
        raise Open311Error(400, "status must be open, closed or both (comma separated)")
    ids = tuple(match.group(0).upper() for match in map(REPORT_CODE.fullmatch, _list(args, "service_request_id"))
                if match)
    return RequestQuery(ids[:MAX_PAGE_SIZE], tuple(_list(args, "service_code")), start, end, statuses,
                        _number(args, "page", 1, 1, 10**6), _number(args, "page_size", DEFAULT_PAGE_SIZE, 1,
                                                                     MAX_PAGE_SIZE))


def find_requests(session: Session, query: RequestQuery) -> list[Report]:
    """The page of matching reports, newest first."""
    statement = select(Report)
    if query.ids:
        statement = statement.where(Report.code.in_(query.ids))
    else:
        statement = statement.where(Report.created_at >= query.start, Report.created_at <= query.end)
        if query.service_codes:
            statement = statement.where(Report.category.in_(query.service_codes))
        closed = [status.value for status in CLOSED]
        if query.statuses == {"open"}:
            statement = statement.where(Report.status.not_in(closed))
        elif query.statuses == {"closed"}:
            statement = statement.where(Report.status.in_(closed))
    return list(session.scalars(statement.order_by(Report.created_at.desc(), Report.id.desc())
                                .offset((query.page - 1) * query.page_size).limit(query.page_size)))


def _list(args: MultiDict, name: str) -> list[str]:
    return [part.strip() for part in (args.get(name) or "").split(",") if part.strip()]


def _moment(args: MultiDict, name: str) -> dt.datetime | None:
    """A W3C date-time (a time without offset is taken as Vietnam time), as naive UTC."""
    text = (args.get(name) or "").strip()
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise Open311Error(400, f"{name} must be an ISO 8601 date-time, e.g. 2026-11-20T09:00:00+07:00") from None
    try:
        return as_naive_utc(moment if moment.tzinfo else moment.replace(tzinfo=VIETNAM))
    except OverflowError:  # 0001-01-01 in Vietnam time is before year 1 in UTC (and 9999-12-31 after 9999)
        raise Open311Error(400, f"{name} is out of range") from None


def _number(args: MultiDict, name: str, default: int, low: int, high: int) -> int:
    text = (args.get(name) or "").strip()
    if not text:
        return default
    # The length check first: int() refuses more than 4,300 digits with a ValueError of its own.
    if not (text.isascii() and text.isdigit() and len(text) <= len(str(high)) and low <= int(text) <= high):
        raise Open311Error(400, f"{name} must be a whole number from {low} to {high}")
    return int(text)
