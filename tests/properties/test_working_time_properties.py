"""Deadline arithmetic in working hours (hypothesis): monotone, additive, always inside working time."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from urban_reports.working_time import VIETNAM, WorkingCalendar

STANDARD = WorkingCalendar.from_config({})
SATURDAY_MORNINGS = WorkingCalendar.from_config({
    "hours": {"monday_to_friday": ["07:00-11:30", "13:30-17:00"], "saturday": ["07:30-11:30"]},
    "make_up_working_days": ["2026-01-03"], "extra_days_off": ["2026-09-01", "2026-12-24"]})
calendars = st.sampled_from([STANDARD, SATURDAY_MORNINGS])
starts = st.one_of(
    st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2035, 12, 31)),  # naive UTC
    st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2035, 12, 31),
                 timezones=st.sampled_from([dt.timezone.utc, VIETNAM, dt.timezone(dt.timedelta(hours=-11))])))
minutes = st.integers(min_value=0, max_value=60 * 400)


def inside_working_time(calendar: WorkingCalendar, moment: dt.datetime) -> bool:
    local = moment.replace(tzinfo=None)
    return any(dt.datetime.combine(local.date(), opens) <= local <= dt.datetime.combine(local.date(), closes)
               for opens, closes in calendar.intervals(local.date()))


def add(calendar: WorkingCalendar, start: dt.datetime, minutes_: int) -> dt.datetime:
    return calendar.add_working_hours(start, minutes_ / 60)


@settings(deadline=None)
@given(calendars, starts, minutes)
def test_a_deadline_falls_inside_working_hours_of_a_working_day(calendar, start, minutes_):
    deadline = add(calendar, start, minutes_)
    assert deadline.tzinfo is VIETNAM and inside_working_time(calendar, deadline)
    day = deadline.date()
    assert day in calendar.make_up_days or (day not in calendar.days_off and day not in calendar.public_holidays)
    naive_start = start if start.tzinfo else start.replace(tzinfo=dt.timezone.utc)
    assert deadline >= naive_start


@settings(deadline=None)
@given(calendars, starts, minutes, minutes)
def test_more_hours_never_give_an_earlier_deadline(calendar, start, a, b):
    assert add(calendar, start, min(a, b)) <= add(calendar, start, max(a, b))


@settings(deadline=None)
@given(calendars, starts, minutes, minutes)
def test_adding_a_then_b_is_adding_a_plus_b(calendar, start, a, b):
    assert add(calendar, add(calendar, start, a), b) == add(calendar, start, a + b)


@settings(deadline=None)
@given(calendars, starts, st.integers(min_value=1, max_value=60 * 200))
def test_a_positive_delay_spends_exactly_that_much_working_time(calendar, start, minutes_):
    """Counted back minute by minute over the working intervals, the deadline holds the asked time."""
    deadline = add(calendar, start, minutes_).replace(tzinfo=None)
    opening = add(calendar, start, 0).replace(tzinfo=None)
    spent, day = dt.timedelta(), opening.date()
    while day <= deadline.date():
        for opens, closes in calendar.intervals(day):
            begin = max(dt.datetime.combine(day, opens), opening)
            end = min(dt.datetime.combine(day, closes), deadline)
            spent += max(end - begin, dt.timedelta())
        day += dt.timedelta(days=1)
    assert abs(spent - dt.timedelta(minutes=minutes_)) < dt.timedelta(milliseconds=1)


@settings(deadline=None)
@given(calendars, st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2035, 12, 31)), minutes)
def test_the_same_instant_in_any_time_zone_gives_the_same_deadline(calendar, start, minutes_):
    utc = start.replace(tzinfo=dt.timezone.utc)
    assert add(calendar, start, minutes_) == add(calendar, utc.astimezone(VIETNAM), minutes_) \
        == add(calendar, utc.astimezone(dt.timezone(dt.timedelta(hours=-11))), minutes_)
