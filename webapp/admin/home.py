"""The dashboard: open and overdue reports, messages waiting per channel, notifications by state."""

from __future__ import annotations

from flask import render_template
from sqlalchemy import func, select

from channels.pending import pending_groups
from notifications.outbox import counts
from storage.database import utcnow
from urban_reports.models import Report
from urban_reports.statuses import CLOSED
from webapp.admin.blueprint import admin, db


@admin.get("/")
def home():
    now = utcnow()
    still_open = Report.status.not_in([status.value for status in CLOSED])
    with db() as session:
        open_reports = session.scalar(select(func.count()).where(still_open))
        overdue_reports = session.scalar(select(func.count()).where(still_open, Report.deadline_at < now))
        return render_template("admin/home.html", open_reports=open_reports, overdue_reports=overdue_reports,
                               pending=pending_groups(session), outbox=counts(session))
