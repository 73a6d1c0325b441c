"""A small Rasa tracker store (SQLite, Rasa's `events` table) and app data seeded around one fixed `NOW`."""

import datetime as dt
import json
import sqlite3

import pytest
from sqlalchemy import text

from dossiers.models import DossierLookupLog
from feedback.service import rate_answer, rate_case
from storage.database import session_scope
from tests.database_cleanup import empty_tables
from tests.feedback.conftest import CODE, REPORTER, database_url, db_url, feedback_db, filed_report, postgres_url  # noqa: F401 (fixtures)
from urban_reports.drafts import ReportDraft
from urban_reports.locations import Location
from urban_reports.service import change_status, file_report, report_by_code
from urban_reports.statuses import ReportStatus

NOW = dt.datetime(2026, 11, 30, 5, 0)
DAY_1 = dt.datetime(2026, 11, 27, 3, 0)  # 10:00 in Vietnam, 27/11
DAY_2 = dt.datetime(2026, 11, 27, 18, 0)  # 01:00 in Vietnam, already 28/11
LONG_AGO = NOW - dt.timedelta(days=60)


def _user(sender, at, intent="ask_procedure"):
    return sender, "user", at, intent, None, {"event": "user", "text": "..."}


def _action(sender, at, name):
    return sender, "action", at, None, name, {"event": "action", "name": name}


def _slot(sender, at, value):
    return sender, "slot", at, None, None, {"event": "slot", "name": "last_procedure_code", "value": value}


def tracker_events():
    """5 resident turns in 3 conversations (2 answered by the fallback), CODE answered twice; one old turn."""
    return [
        _user("web:a", DAY_1), _action("web:a", DAY_1, "action_answer_procedure"), _slot("web:a", DAY_1, CODE),
        _action("web:a", DAY_1, "action_listen"),
        _user("web:a", DAY_1, "nlu_fallback"), _action("web:a", DAY_1, "action_fallback"),
        _action("web:a", DAY_1, "action_listen"),
        _user("zalo:b", DAY_1), _action("zalo:b", DAY_1, "action_answer_procedure"), _slot("zalo:b", DAY_1, CODE),
        _user("zalo:b", DAY_2, "talk_to_staff"), _action("zalo:b", DAY_2, "action_talk_to_staff"),
        _action("telegram:c", DAY_2, "action_session_start"), _user("telegram:c", DAY_2, "nlu_fallback"),
        _action("telegram:c", DAY_2, "action_fallback"),
        _user("web:old", LONG_AGO, "nlu_fallback"), _action("web:old", LONG_AGO, "action_fallback"),
    ]


@pytest.fixture
def tracker_db(tmp_path, monkeypatch):
    path = tmp_path / "rasa_tracker.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, "
                           "type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255), "
                           "action_name VARCHAR(255), data TEXT)")
        connection.executemany(
            "INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(sender, kind, at.replace(tzinfo=dt.timezone.utc).timestamp(), intent, action, json.dumps(data))
             for sender, kind, at, intent, action, data in tracker_events()])
    monkeypatch.setenv("RASA_TRACKER_DB", str(path))
    return path


@pytest.fixture
def app_data(feedback_db):  # noqa: F811 (the imported fixture)
    """Ratings, four reports (on time, late, overdue, not yet due), one handoff and dossier lookups."""
    on_time = filed_report(feedback_db, ReportStatus.RESOLVED)
    late = filed_report(feedback_db)
    filed_report(feedback_db)  # never answered: overdue
    with session_scope(feedback_db) as session:
        change_status(session, late, ReportStatus.IN_PROGRESS,
                      now=report_by_code(session, late).deadline_at + dt.timedelta(hours=1))
        file_report(session, ReportDraft("garbage", "Rác mới", Location(10.7725, 106.6980), anonymous=True),
                    "web:new", "vi", now=NOW - dt.timedelta(hours=1))
        for sender, rating in (("web:a", "up"), ("zalo:b", "up"), ("web:c", "down")):
            rate_answer(session, sender, CODE, rating, now=DAY_1)
        rate_case(session, REPORTER, on_time, "4", now=DAY_1)
        handoff_id = session.execute(text(
            "INSERT INTO handoffs (conversation_id, channel, status, reason, summary, created_at) "
            "VALUES ('zalo:b', 'zalo', 'closed', 'asked', '', :at) RETURNING id"), {"at": DAY_2}).scalar()
        assert rate_case(session, "zalo:b", f"HT-{handoff_id}", "2", now=DAY_1)
        session.add_all([DossierLookupLog(at=at, action=action, receipt_number="R1", sender_hash="h", outcome="found")
                         for at, action in ((DAY_1, "lookup"), (DAY_1, "lookup"), (DAY_1, "verify"),
                                            (DAY_2, "lookup"), (LONG_AGO, "lookup"))])
    yield feedback_db
    empty_tables(feedback_db, "dossier_lookup_log", "handoffs", "answer_ratings", "case_ratings")
