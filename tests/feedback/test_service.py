"""Ratings are checked against what they rate, hashed by conversation, and a second tap changes the vote."""

import json

import pytest
from sqlalchemy import select, text

from feedback.buttons import answer_rating_buttons, case_rating_buttons
from feedback.models import AnswerRating, CaseRating
from feedback.service import HANDOFF, case_scores, conversation_hash, rate_answer, rate_case
from handoff.models import HandoffReason
from handoff.service import close_handoff, open_handoff
from storage.database import make_engine, session_scope
from tests.feedback.conftest import CODE, REPORTER, filed_report
from urban_reports.statuses import ReportStatus

RESIDENT = "telegram:9"


@pytest.fixture
def handoffs(feedback_db):
    """The case codes of a closed and of an open handoff of RESIDENT's conversation."""
    with session_scope(feedback_db) as session:
        closed = open_handoff(session, RESIDENT, HandoffReason.ASKED, "tóm tắt")
        close_handoff(session, closed.id, adapters=[])  # no channel: nobody is told, the handoff closes
        still_open = open_handoff(session, RESIDENT, HandoffReason.BOT_FAILED, "lần hai")
        codes = closed.case_code, still_open.case_code
    yield codes
    if feedback_db.startswith("postgresql"):
        with make_engine(feedback_db).begin() as connection:
            connection.execute(text("TRUNCATE handoffs CASCADE"))


def _rows(db_url, model):
    with session_scope(db_url) as session:
        return session.scalars(select(model)).all()


def test_a_second_tap_on_an_answer_changes_the_vote(feedback_db):
    with session_scope(feedback_db) as session:
        assert rate_answer(session, "zalo:123", CODE, "up")
    with session_scope(feedback_db) as session:
        assert rate_answer(session, "zalo:123", CODE, "down")
        assert rate_answer(session, "web:other", CODE, "up")
    rows = sorted(_rows(feedback_db, AnswerRating), key=lambda row: row.thumbs_up)
    assert [(row.conversation_hash, row.thumbs_up) for row in rows] == [
        (conversation_hash("zalo:123"), False), (conversation_hash("web:other"), True)]
    assert "zalo:123" not in rows[0].conversation_hash


def test_an_unknown_procedure_or_rating_is_refused(feedback_db):
    with session_scope(feedback_db) as session:
        assert not rate_answer(session, "web:a", "9.999999", "up")
        assert not rate_answer(session, "web:a", CODE, "meh")
    assert _rows(feedback_db, AnswerRating) == []


def test_the_reporter_rates_a_closed_report(feedback_db):
    code = filed_report(feedback_db, ReportStatus.RESOLVED)
    with session_scope(feedback_db) as session:
        assert rate_case(session, REPORTER, code.lower(), "4")
        assert rate_case(session, REPORTER, code, "5")
    [row] = _rows(feedback_db, CaseRating)
    assert (row.case_type, row.case_code, row.score) == ("report", code, 5)


def test_an_open_report_another_conversation_or_a_bad_score_is_refused(feedback_db):
    still_open, closed = filed_report(feedback_db), filed_report(feedback_db, ReportStatus.DUPLICATE)
    with session_scope(feedback_db) as session:
        assert not rate_case(session, REPORTER, still_open, "5")
        assert not rate_case(session, "web:stranger", closed, "5")
        assert not rate_case(session, REPORTER, closed, "6")
        assert not rate_case(session, REPORTER, closed, "0")
        assert not rate_case(session, REPORTER, "PA-000000-0000", "3")
    assert _rows(feedback_db, CaseRating) == []


def test_the_resident_rates_the_closed_handoff_of_their_conversation(feedback_db, handoffs):
    closed, _ = handoffs
    with session_scope(feedback_db) as session:
        assert rate_case(session, RESIDENT, closed.lower(), "2")
        assert rate_case(session, RESIDENT, closed, "5")
    [row] = _rows(feedback_db, CaseRating)
    assert (row.case_type, row.case_code, row.score) == ("handoff", closed, 5)
    with session_scope(feedback_db) as session:
        assert case_scores(session, HANDOFF, [closed, "HT-99999"]) == {closed: 5}


def test_an_open_handoff_another_conversation_or_an_unknown_case_is_refused(feedback_db, handoffs):
    closed, still_open = handoffs
    with session_scope(feedback_db) as session:
        assert not rate_case(session, RESIDENT, still_open, "5")
        assert not rate_case(session, "telegram:10", closed, "5")
        assert not rate_case(session, RESIDENT, closed, "6")
        for unknown in ("HT-99999", closed.removeprefix("HT-"), f"{closed}x", "HT-", ""):
            assert not rate_case(session, RESIDENT, unknown, "3")
    assert _rows(feedback_db, CaseRating) == []


def test_button_payloads_carry_the_rating_entities():
    up, down = answer_rating_buttons(CODE)
    assert up["payload"] == '/rate_answer{"rating": "up", "procedure_code": "1.004194"}'
    assert json.loads(down["payload"].removeprefix("/rate_answer")) == {"rating": "down", "procedure_code": CODE}
    stars = case_rating_buttons("PA-251120-0031")
    assert [json.loads(b["payload"].removeprefix("/rate_answer"))["rating"] for b in stars] == list("12345")
