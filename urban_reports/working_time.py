"""Response deadlines in the ward office's working time.

Working hours per weekday come from the office config (`hours`, standard office week
without one); public holidays, the lunar ones included, from `holidays.Vietnam()`;
the government's make-up working days and any extra days off from the config too,
since they are announced year by year. Times are Vietnam time (Asia/Ho_Chi_Minh);
naive datetimes given to or stored by the app are UTC.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import holidays

from knowledge_editing.document_models import Published
from localization import N_, gettext_for
from urban_reports.settings import office_settings

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
STANDARD_DAY = ("07:30-11:30", "13:00-17:00")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY_NAMES = (N_("thứ Hai"), N_("thứ Ba"), N_("thứ Tư"), N_("thứ Năm"), N_("thứ Sáu"), N_("thứ Bảy"),
                 N_("Chủ nhật"))
DEADLINE = N_("trước %(time)s %(weekday)s, %(date)s")
MAX_DAYS_AHEAD = 3660

Interval = tuple[dt.time, dt.time]


@dataclass(frozen=True)
class WorkingCalendar:
    hours: tuple[tuple[Interval, ...], ...]  # per weekday, Monday first
    make_up_days: frozenset[dt.date] = frozenset()  # worked although a weekend or holiday, with Monday's hours
    days_off: frozenset[dt.date] = frozenset()  # extra days off decided for the year
    public_holidays: holidays.HolidayBase = field(default_factory=holidays.Vietnam, compare=False)

    def __post_init__(self) -> None:
        if not any(self.hours):
            raise ValueError("the office has no working hours")

    @classmethod
    def from_config(cls, settings: dict) -> WorkingCalendar:
        """From the office config: `hours` (monday_to_friday or per weekday, "HH:MM-HH:MM" lists),
        `make_up_working_days` and `extra_days_off` (ISO dates)."""
        hours = settings.get("hours") or {}
        week = [hours.get(day, hours.get("monday_to_friday", STANDARD_DAY) if index < 5 else ())
                for index, day in enumerate(WEEKDAYS)]
        return cls(hours=tuple(tuple(_interval(text) for text in day) for day in week),
                   make_up_days=frozenset(_day(d) for d in settings.get("make_up_working_days") or ()),
                   days_off=frozenset(_day(d) for d in settings.get("extra_days_off") or ()))

    def intervals(self, day: dt.date) -> tuple[Interval, ...]:
        if day in self.make_up_days:
            return self.hours[0]
        if day in self.days_off or day in self.public_holidays:
            return ()
        return self.hours[day.weekday()]

    def add_working_hours(self, start: dt.datetime, hours: float) -> dt.datetime:
        """The moment `hours` working hours after `start` (aware, or naive UTC), in Vietnam time."""
        moment = as_vietnam_time(start).replace(tzinfo=None)
        remaining = dt.timedelta(hours=hours)
        day = moment.date()
        for _ in range(MAX_DAYS_AHEAD):
            for opens, closes in self.intervals(day):
                begin = max(dt.datetime.combine(day, opens), moment)
                end = dt.datetime.combine(day, closes)
                if begin >= end:
                    continue
                if remaining <= end - begin:
                    return (begin + remaining).replace(tzinfo=VIETNAM)
                remaining -= end - begin
            day += dt.timedelta(days=1)
        raise ValueError("no working time within ten years")


def office_calendar() -> WorkingCalendar:
    """The configured office's calendar (the standard week while the settings are an example), as last published."""
    return _calendar.get()


def add_working_hours(start: dt.datetime, hours: float) -> dt.datetime:
    return office_calendar().add_working_hours(start, hours)


def as_vietnam_time(moment: dt.datetime) -> dt.datetime:
    return (moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)).astimezone(VIETNAM)


def as_naive_utc(moment: dt.datetime) -> dt.datetime:
    """How the database stores times."""
    return moment.astimezone(dt.timezone.utc).replace(tzinfo=None) if moment.tzinfo else moment


def format_deadline(moment: dt.datetime, language: str | None = None) -> str:
    """'trước 16:30 thứ Hai, 23/11/2026' / 'before 16:30 Monday, 23/11/2026' (aware, or naive UTC)."""
    _ = gettext_for(language)
    local = as_vietnam_time(moment)
    return _(DEADLINE) % {"time": f"{local:%H:%M}", "weekday": _(WEEKDAY_NAMES[local.weekday()]),
                          "date": f"{local:%d/%m/%Y}"}


def _interval(text: str) -> Interval:
    opens, closes = (dt.time.fromisoformat(part.strip()) for part in text.split("-"))
    if opens >= closes:
        raise ValueError(f"working hours must open before they close: {text!r}")
    return opens, closes


def _day(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


_calendar = Published(lambda _documents: WorkingCalendar.from_config(office_settings()))
