"""When staff will answer a handed-over conversation, from the office's configured working calendar."""

from __future__ import annotations

import datetime as dt

from localization import N_, gettext_for
from urban_reports.working_time import WEEKDAY_NAMES, WorkingCalendar, as_vietnam_time, office_calendar

DURING_HOURS = N_("Cán bộ đang trong giờ làm việc và sẽ trả lời bạn ngay tại đây.")
AFTER_HOURS = N_("Bây giờ là ngoài giờ làm việc. Cán bộ sẽ trả lời trong giờ làm việc, từ %(time)s %(weekday)s, "
                 "%(date)s.")


def when_staff_answer(now: dt.datetime, language: str | None = None, calendar: WorkingCalendar | None = None) -> str:
    """Said to the resident on handoff; `now` aware, or naive UTC.

    Zero working hours after `now` is `now` itself within working hours, else the next opening.
    """
    _ = gettext_for(language)
    opens = (calendar or office_calendar()).add_working_hours(now, 0)
    if staff_on_duty(now, calendar):
        return _(DURING_HOURS)
    return _(AFTER_HOURS) % {"time": f"{opens:%H:%M}", "weekday": _(WEEKDAY_NAMES[opens.weekday()]),
                             "date": f"{opens:%d/%m/%Y}"}


def staff_on_duty(now: dt.datetime, calendar: WorkingCalendar | None = None) -> bool:
    """Whether `now` (aware, or naive UTC) is within the office's working hours."""
    return (calendar or office_calendar()).add_working_hours(now, 0) == as_vietnam_time(now)
