"""The dashboard's tables: each one a title, column headings, rows and, when it reads well as one, a chart.

The same rows feed the HTML table, the chart and the CSV export, so the three never disagree.
Headings and labels are translated here (`Sources.gettext`); numbers stay numbers.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from analytics import app_data, tracker
from feedback.service import HANDOFF, REPORT
from urban_reports.categories import category
from urban_reports.statuses import ReportStatus

TOP_PROCEDURES = 20


@dataclass(frozen=True)
class Sources:
    session: Session  # the app database
    tracker: Connection | None  # the Rasa tracker store; None when it has no events table yet
    since: dt.datetime  # naive UTC, like every stored time
    now: dt.datetime
    gettext: Callable[[str], str]
    language: str


@dataclass(frozen=True)
class Table:
    name: str  # in the CSV address: /admin/dashboard/<name>.csv
    title: str
    columns: list[str]
    rows: list[tuple]
    chart: dict | None = field(default=None)  # Chart.js `type` and `data`


def build(names, sources: Sources) -> list[Table]:
    """The tables asked for, in dashboard order."""
    return [builder(sources) for name, builder in BUILDERS.items() if name in names]


def conversations(sources: Sources) -> Table:
    _ = sources.gettext
    counts = tracker.conversations_per_day(sources.tracker, sources.since) if sources.tracker else Counter()
    rows = [(day, channel, count) for (day, channel), count in sorted(counts.items())]
    return Table("conversations", _("Hội thoại theo ngày và kênh"), [_("Ngày"), _("Kênh"), _("Số hội thoại")],
                 rows, _pivot_chart("line", rows))


def rates(sources: Sources) -> Table:
    _ = sources.gettext
    turns = tracker.turns(sources.tracker, sources.since) if sources.tracker else tracker.Turns(0, 0, 0)
    handoffs = app_data.handoffs_since(sources.session, sources.since)
    rows = [(_("Tỉ lệ câu hỏi chưa hiểu (fallback)"), turns.fallback_turns, turns.user_turns,
             _percent(turns.fallback_turns, turns.user_turns)),
            (_("Tỉ lệ hội thoại chuyển cán bộ"), "" if handoffs is None else handoffs, turns.conversations,
             "" if handoffs is None else _percent(handoffs, turns.conversations))]
    return Table("rates", _("Tỉ lệ chưa hiểu và chuyển cán bộ"), [_("Chỉ số"), _("Số lần"), _("Trên tổng"), _("%")],
                 rows)


def procedures(sources: Sources) -> Table:
    _ = sources.gettext
    counts = tracker.procedures_answered(sources.tracker, sources.since) if sources.tracker else Counter()
    top = counts.most_common(TOP_PROCEDURES)
    names = app_data.procedure_names(sources.session, [code for code, _count in top])
    rows = [(code, names.get(code, ""), count) for code, count in top]
    answers = _("Số lần trả lời")
    return Table("procedures", _("Thủ tục được hỏi nhiều nhất"), [_("Mã thủ tục"), _("Tên thủ tục"), answers],
                 rows, _columns_chart(rows, [answers]))


def answer_ratings(sources: Sources) -> Table:
    _ = sources.gettext
    ratings = app_data.answer_ratings(sources.session, sources.since)
    names = app_data.procedure_names(sources.session, [code for code, *_votes in ratings])
    rows = [(code, names.get(code, ""), up, down) for code, up, down in ratings]
    return Table("answer_ratings", _("Đánh giá 👍/👎 theo thủ tục"), [_("Mã thủ tục"), _("Tên thủ tục"), "👍", "👎"],
                 rows, _columns_chart(rows, ["👍", "👎"]))


def reports(sources: Sources) -> Table:
    _ = sources.gettext
    rows = [(_category_name(code, sources.language), _(ReportStatus(status).label), count)
            for code, status, count in app_data.reports_by_category_and_status(sources.session, sources.since)]
    return Table("reports", _("Phản ánh theo lĩnh vực và trạng thái"),
                 [_("Lĩnh vực"), _("Trạng thái"), _("Số phản ánh")], rows, _pivot_chart("bar", rows))


def timeliness(sources: Sources) -> Table:
    _ = sources.gettext
    found = app_data.timeliness(sources.session, sources.since, sources.now)
    share = "" if found.share_on_time is None else round(100 * found.share_on_time, 1)
    return Table("timeliness", _("Phản ánh được trả lời đúng hạn"),
                 [_("Đúng hạn"), _("Trễ hạn"), _("Quá hạn chưa trả lời"), _("Chưa đến hạn"), _("% đúng hạn")],
                 [(found.on_time, found.late, found.overdue, found.waiting, share)])


def case_ratings(sources: Sources) -> Table:
    _ = sources.gettext
    kinds = {REPORT: _("Phản ánh đã đóng"), HANDOFF: _("Chuyển cán bộ")}
    rows = [(kinds.get(kind, kind), count, average)
            for kind, count, average in app_data.case_ratings(sources.session, sources.since)]
    return Table("case_ratings", _("Mức hài lòng (1-5) sau phản ánh và chuyển cán bộ"),
                 [_("Loại"), _("Số đánh giá"), _("Điểm trung bình")], rows)


def dossier_lookups(sources: Sources) -> Table:
    _ = sources.gettext
    counts = app_data.dossier_lookups_per_day(sources.session, sources.since)
    rows = [(day, counts[day, "lookup"], counts[day, "verify"]) for day in sorted({day for day, _kind in counts})]
    headings = [_("Tra cứu"), _("Xác minh")]
    return Table("dossier_lookups", _("Tra cứu hồ sơ theo ngày"), [_("Ngày"), *headings], rows,
                 _columns_chart(rows, headings, first=1))


BUILDERS: dict[str, Callable[[Sources], Table]] = {
    "conversations": conversations, "rates": rates, "procedures": procedures, "answer_ratings": answer_ratings,
    "reports": reports, "timeliness": timeliness, "case_ratings": case_ratings, "dossier_lookups": dossier_lookups}


def _pivot_chart(kind: str, rows: list[tuple]) -> dict:
    """Rows (label, series, value): one dataset per series, e.g. one line per channel."""
    labels = sorted({label for label, _series, _value in rows})
    values = {(label, series): value for label, series, value in rows}
    series = sorted({series for _label, series, _value in rows})
    return {"type": kind, "data": {"labels": labels, "datasets": [
        {"label": name, "data": [values.get((label, name), 0) for label in labels]} for name in series]}}


def _columns_chart(rows: list[tuple], headings: list[str], first: int = 2) -> dict:
    """Rows (label, ..., value, value...): a bar chart with one dataset per value column from `first` on."""
    return {"type": "bar", "data": {"labels": [row[0] for row in rows], "datasets": [
        {"label": heading, "data": [row[first + index] for row in rows]} for index, heading in enumerate(headings)]}}


def _percent(part: int, whole: int) -> float | str:
    return round(100 * part / whole, 1) if whole else ""


def _category_name(code: str, language: str) -> str:
    found = category(code)
    return found.display_name(language) if found else code
