"""Figures are counted per day as the ward office lives it (Vietnam time); stored times are naive UTC."""

from __future__ import annotations

import datetime as dt

from urban_reports.working_time import as_vietnam_time


def vietnam_day(moment: dt.datetime) -> str:
    """'YYYY-MM-DD' of a naive UTC or an aware time, in Vietnam."""
    return as_vietnam_time(moment).date().isoformat()


def epoch(moment: dt.datetime) -> float:
    """Unix seconds of a naive UTC time, as Rasa stores event times."""
    return moment.replace(tzinfo=dt.timezone.utc).timestamp()
