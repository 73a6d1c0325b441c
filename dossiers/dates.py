"""Dates and times as the sources send them: dd/mm/yyyy (Vietnamese exports), ISO 8601, or spreadsheet cells."""

from __future__ import annotations

import datetime as dt

VIETNAM = dt.timezone(dt.timedelta(hours=7))
_DAY_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d")


def parse_day(value: object) -> dt.date | None:
    """A calendar day, or None for an empty value; ValueError for anything else.

    A time after the day ("20/11/2026 08:30", "2026-11-20T08:30:00") is allowed and dropped.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    day_text = text.replace("T", " ").split(" ", 1)[0]
    for day_format in _DAY_FORMATS:
        try:
            return dt.datetime.strptime(day_text, day_format).date()
        except ValueError:
            continue
    raise ValueError(f"not a date (dd/mm/yyyy or yyyy-mm-dd): {text[:40]!r}")


def parse_moment(value: object) -> dt.datetime:
    """An ISO 8601 time as naive UTC; without an offset it is Vietnam time (UTC+7). ValueError otherwise."""
    try:
        moment = dt.datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    except ValueError as error:
        raise ValueError(f"not an ISO 8601 time: {str(value)[:40]!r}") from error
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=VIETNAM)
    return moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
