"""The dashboard's numbers, checked against a seeded tracker store and app database."""

import datetime as dt

from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from analytics import app_data as app_queries
from analytics.tables import BUILDERS, Sources, build
from analytics.tracker import tracker_engine
from storage.database import session_scope
from tests.analytics.conftest import CODE, NOW


def _tables(db_url, names=tuple(BUILDERS), days=30):
    engine = tracker_engine()
    with session_scope(db_url) as session, engine.connect() as connection:
        sources = Sources(session, connection, NOW - dt.timedelta(days=days), NOW, lambda message: message, "vi")
        return {table.name: table for table in build(names, sources)}


def test_conversations_fallbacks_handoffs_and_procedures(tracker_db, app_data):
    tables = _tables(app_data, ["conversations", "rates", "procedures", "answer_ratings"])
    assert tables["conversations"].rows == [("2026-11-27", "web", 1), ("2026-11-27", "zalo", 1),
                                            ("2026-11-28", "telegram", 1), ("2026-11-28", "zalo", 1)]
    assert tables["conversations"].chart["data"] == {"labels": ["2026-11-27", "2026-11-28"], "datasets": [
        {"label": "telegram", "data": [0, 1]}, {"label": "web", "data": [1, 0]}, {"label": "zalo", "data": [1, 1]}]}
    fallback, handoff = tables["rates"].rows
    assert fallback[1:] == (2, 5, 40.0)  # 2 of 5 resident turns
    assert handoff[1:] == (1, 3, 33.3)  # 1 handoff in 3 conversations
    assert tables["procedures"].rows == [(CODE, "Đăng ký khai sinh", 2)]
    assert tables["answer_ratings"].rows == [(CODE, "Đăng ký khai sinh", 2, 1)]


def test_reports_timeliness_ratings_and_lookups(tracker_db, app_data):
    tables = _tables(app_data, ["reports", "timeliness", "case_ratings", "dossier_lookups"])
    assert tables["reports"].rows == [("Rác thải, vệ sinh môi trường", "Đang xử lý", 1),
                                      ("Rác thải, vệ sinh môi trường", "Đã tiếp nhận", 2),
                                      ("Rác thải, vệ sinh môi trường", "Đã xử lý xong", 1)]
    # on time, late, overdue, not yet due; 1 of the 3 that were due
    assert tables["timeliness"].rows == [(1, 1, 1, 1, 33.3)]
    assert tables["case_ratings"].rows == [("Chuyển cán bộ", 1, 2.0), ("Phản ánh đã đóng", 1, 4.0)]
    assert tables["dossier_lookups"].rows == [("2026-11-27", 2, 1), ("2026-11-28", 1, 0)]


def test_a_shorter_period_leaves_older_data_out(tracker_db, app_data):
    # From 27/11 05:00 UTC on: DAY_1 is out, DAY_2 in.
    tables = _tables(app_data, ["conversations", "dossier_lookups"], days=3)
    assert {row[0] for row in tables["conversations"].rows} == {"2026-11-28"}
    assert tables["dossier_lookups"].rows == [("2026-11-28", 1, 0)]


def test_without_a_tracker_store_or_a_handoffs_table(tmp_path, monkeypatch):
    monkeypatch.setenv("RASA_TRACKER_DB", str(tmp_path / "missing.db"))
    assert tracker_engine() is None
    with create_engine("sqlite://").connect() as connection:
        assert app_queries.handoffs_since(Session(connection), NOW) is None
