"""The rating action stores what the buttons send; a closed report's notice offers the 1-5 buttons."""

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.feedback import ActionRateAnswer
from feedback.models import AnswerRating, CaseRating
from storage.database import session_scope
from tests.feedback.conftest import CODE, REPORTER, filed_report
from urban_reports.models import Report
from urban_reports.notices import render
from urban_reports.statuses import ReportStatus

THANKS = "Cảm ơn bạn đã góp ý! Ý kiến của bạn giúp chúng tôi trả lời tốt hơn."


@pytest.fixture
def app_db(feedback_db, monkeypatch):
    monkeypatch.setenv("APP_DATABASE_URL", feedback_db)
    return feedback_db


def _run(sender: str, entities: dict, text: str = "/rate_answer") -> list[str]:
    tracker = Tracker(sender, {"language": "vi"}, {
        "intent": {"name": "rate_answer", "confidence": 1.0}, "text": text,
        "entities": [{"entity": name, "value": value} for name, value in entities.items()]},
        [], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    assert ActionRateAnswer().run(dispatcher, tracker, {}) == []
    return [message["text"] for message in dispatcher.messages]


def test_thumbs_and_stars_are_stored(app_db):
    code = filed_report(app_db, ReportStatus.RESOLVED)
    assert _run("web:x", {"rating": "up", "procedure_code": CODE}) == [THANKS]
    assert _run(REPORTER, {"rating": "3", "case": code}) == [THANKS]
    with session_scope(app_db) as session:
        assert session.scalar(select(AnswerRating.thumbs_up)) is True
        assert session.scalar(select(CaseRating.score)) == 3


def test_a_refused_rating_is_said_and_words_alone_are_only_thanked(app_db):
    assert _run("web:x", {"rating": "up", "procedure_code": "0.000"}) == [
        "Xin lỗi, tôi không ghi nhận được đánh giá này."]
    assert _run("web:x", {}, text="trả lời hay quá") == [THANKS]
    with session_scope(app_db) as session:
        assert session.scalars(select(AnswerRating)).all() == []


def test_only_a_closing_notice_offers_the_rating(feedback_db):
    code = filed_report(feedback_db, ReportStatus.OUT_OF_JURISDICTION)
    with session_scope(feedback_db) as session:
        report = session.scalar(select(Report).where(Report.code == code))
        received, closed = report.history
        [closing] = render(report, closed, "vi")
        [opening] = render(report, received, "vi")
    assert [button.title for button in closing.buttons] == ["1 ⭐", "2 ⭐", "3 ⭐", "4 ⭐", "5 ⭐"]
    assert closing.buttons[3].payload == f'/rate_answer{{"rating": "4", "case": "{code}"}}'
    assert "1 (không hài lòng)" in closing.text
    assert opening.buttons == ()
