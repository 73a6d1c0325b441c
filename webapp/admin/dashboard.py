"""The statistics dashboard and the CSV export of each of its tables.

Who sees what (every table holds counts only, never a resident's data):
  - every staff role: conversations per day and channel, fallback and handoff rates;
  - admin and editor: most asked procedures and 👍/👎 per procedure (the knowledge base's work);
  - admin and case officer: reports by category and status, answers on time, 1-5 ratings, dossier lookups.
A table a role may not see is neither computed nor offered; its CSV address answers 403.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from contextlib import nullcontext

from flask import Response, abort, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from analytics.tables import BUILDERS, Sources, Table, build
from analytics.tracker import has_events, tracker_engine
from staff.models import Role
from storage.database import utcnow
from webapp.admin.blueprint import EDITOR_ROLES, REPORT_ROLES, admin, db

EVERYONE = tuple(Role)
TABLE_ROLES: dict[str, tuple[Role, ...]] = {
    "conversations": EVERYONE, "rates": EVERYONE,
    "procedures": EDITOR_ROLES, "answer_ratings": EDITOR_ROLES,
    "reports": REPORT_ROLES, "timeliness": REPORT_ROLES, "case_ratings": REPORT_ROLES, "dossier_lookups": REPORT_ROLES,
}
PERIODS = (7, 30, 90, 365)  # days
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@admin.get("/dashboard")
def dashboard():
    days = _days()
    visible = [name for name, roles in TABLE_ROLES.items() if current_user.has_role(*roles)]
    return render_template("admin/dashboard.html", tables=_tables(visible, days), days=days, periods=PERIODS)


@admin.get("/dashboard/<name>.csv")
def dashboard_csv(name: str):
    if name not in BUILDERS:
        abort(404)
    if not current_user.has_role(*TABLE_ROLES[name]):
        abort(403)
    days = _days()
    (found,) = _tables([name], days)
    return Response(_csv(found), mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename=dashboard-{name}-{days}d-{utcnow():%Y%m%d}.csv"})


def _days() -> int:
    days = request.args.get("days", 30, type=int)
    return days if days in PERIODS else 30


def _tables(names: list[str], days: int) -> list[Table]:
    now = utcnow()
    engine = tracker_engine()
    with db() as session, (engine.connect() if engine else nullcontext()) as connection:
        sources = Sources(session, connection if connection is not None and has_events(connection) else None,
                          now - dt.timedelta(days=days), now, _, str(get_locale()))
        return build(names, sources)


def _csv(table: Table) -> str:
    """UTF-8 with a BOM so spreadsheet programs read the Vietnamese right; no cell is read as a formula."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.columns)
    writer.writerows([_safe(cell) for cell in row] for row in table.rows)
    return "\ufeff" + out.getvalue()


def _safe(cell):
    return "'" + cell if isinstance(cell, str) and cell.startswith(_FORMULA_START) else cell
