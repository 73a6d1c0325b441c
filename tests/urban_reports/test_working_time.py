"""Deadlines count only the ward office's working hours: weekends, Tết and configured days off are skipped."""

import datetime as dt

import pytest

from urban_reports.working_time import VIETNAM, WorkingCalendar, format_deadline


def local(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=VIETNAM)


@pytest.fixture
def calendar():
    return WorkingCalendar.from_config({})


def test_the_standard_week_without_config(calendar):
    assert calendar.intervals(dt.date(2026, 11, 20)) == ((dt.time(7, 30), dt.time(11, 30)),
                                                         (dt.time(13, 0), dt.time(17, 0)))
    assert calendar.intervals(dt.date(2026, 11, 21)) == ()  # Saturday


def test_eight_working_hours_cross_the_weekend(calendar):
    friday_4pm = local(2026, 11, 20, 16, 0)
    assert calendar.add_working_hours(friday_4pm, 8) == local(2026, 11, 23, 16, 0)
    naive_utc = dt.datetime(2026, 11, 20, 9, 0)  # the same moment as the database stores it
    assert calendar.add_working_hours(naive_utc, 8) == local(2026, 11, 23, 16, 0)


def test_outside_hours_the_clock_starts_at_the_next_opening(calendar):
    assert calendar.add_working_hours(local(2026, 11, 19, 21, 0), 8) == local(2026, 11, 20, 17, 0)
    assert calendar.add_working_hours(local(2026, 11, 19, 12, 0), 1) == local(2026, 11, 19, 14, 0)


def test_tet_2027_is_skipped(calendar):
    # holidays.Vietnam(): 04/02/2027 (29 Tết) to 10/02/2027 (5th day) are days off
    assert all(calendar.intervals(dt.date(2027, 2, day)) == () for day in range(4, 11))
    assert calendar.add_working_hours(local(2027, 2, 3, 15, 0), 8) == local(2027, 2, 11, 15, 0)


def test_configured_make_up_day_and_extra_day_off():
    calendar = WorkingCalendar.from_config({
        "hours": {"monday_to_friday": ["07:30-11:30", "13:00-17:00"], "saturday": []},
        "make_up_working_days": ["2027-02-20"], "extra_days_off": ["2027-02-19"]})
    # Thursday 15:00: 2 hours, Friday off, the make-up Saturday gives the other 6
    assert calendar.add_working_hours(local(2027, 2, 18, 15, 0), 8) == local(2027, 2, 20, 15, 0)


def test_saturday_morning_when_configured():
    calendar = WorkingCalendar.from_config({"hours": {"monday_to_friday": ["07:30-11:30", "13:00-17:00"],
                                                      "saturday": ["07:30-11:30"]}})
    # Friday 1 hour, Saturday morning 4, Monday the last 3
    assert calendar.add_working_hours(local(2026, 11, 20, 16, 0), 8) == local(2026, 11, 23, 10, 30)


def test_an_office_without_hours_is_a_config_error():
    with pytest.raises(ValueError):
        WorkingCalendar.from_config({"hours": {"monday_to_friday": []}})


def test_format_deadline():
    assert format_deadline(local(2026, 11, 23, 16, 30), "vi") == "trước 16:30 thứ Hai, 23/11/2026"
    assert format_deadline(dt.datetime(2026, 11, 23, 9, 30), "en") == "before 16:30 Monday, 23/11/2026"
    assert format_deadline(local(2026, 11, 29, 8, 0), "vi") == "trước 08:00 Chủ nhật, 29/11/2026"
