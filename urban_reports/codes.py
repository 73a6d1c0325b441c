"""Tracking codes PA-YYMMDD-NNNN: the day in Vietnam time and that day's sequence number.

The counter row is incremented with INSERT ... ON CONFLICT DO UPDATE ... RETURNING, which
locks it until the filing transaction ends, so two reports filed at once never share a number.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from localization import N_
from storage.database import dialect_insert
from urban_reports.errors import ReportRejected
from urban_reports.models import ReportCodeCounter
from urban_reports.working_time import as_vietnam_time

MAX_PER_DAY = 9999
DAY_FULL = N_("Hệ thống đã nhận quá nhiều phản ánh trong hôm nay. Bạn vui lòng gọi đường dây nóng 1022.")


def next_code(session: Session, now: dt.datetime) -> str:
    """The next code of the day `now` (naive UTC) falls on in Vietnam."""
    day = f"{as_vietnam_time(now):%y%m%d}"
    number = session.execute(
        dialect_insert(session)(ReportCodeCounter).values(day=day, last_number=1)
        .on_conflict_do_update(index_elements=["day"], set_={"last_number": ReportCodeCounter.last_number + 1})
        .returning(ReportCodeCounter.last_number)).scalar_one()
    if number > MAX_PER_DAY:
        raise ReportRejected(DAY_FULL, 503)
    return f"PA-{day}-{number:04d}"
