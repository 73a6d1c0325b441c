"""Guides, report categories and office settings edited as YAML: checked by the runtime's loaders, published
as revisions, used by the running process at its next look, refused when invalid or saved over."""

import datetime as dt

import pytest
from sqlalchemy import select, text

from knowledge.guides import guide
from knowledge_editing import documents
from knowledge_editing.document_models import GUIDE, OFFICE, REPORT_CATEGORIES, ContentDocument, InvalidDocument
from knowledge_editing.errors import Conflict, EditRefused
from knowledge_editing.models import KnowledgeRevision
from storage.database import make_engine, session_scope
from urban_reports.categories import category
from urban_reports.settings import office_settings
from urban_reports.working_time import WorkingCalendar

VNEID = "vneid_level2"
OLD_TITLE = "Đăng ký và kích hoạt định danh điện tử mức 2 (VNeID)"
NEW_TITLE = "Kích hoạt tài khoản định danh điện tử mức 2"
OFFICE_TEXT = """is_example: false
name: UBND Phường Thử Nghiệm
one_stop_address: Số 1 đường Thử Nghiệm
phone: null
hours:
  monday_to_friday: ["07:00-11:00", "13:30-17:30"]
  saturday: ["07:30-11:30"]
make_up_working_days: ["2027-02-20"]
extra_days_off: ["2027-02-19"]
urban_reports:
  responsible_units: {garbage: Tổ vệ sinh môi trường phường Thử Nghiệm}
"""


@pytest.fixture
def live(db_url, monkeypatch):
    """The running process reads this database and looks for publications at every call."""
    monkeypatch.setenv("APP_DATABASE_URL", db_url)
    monkeypatch.setenv("KNOWLEDGE_REFRESH_SECONDS", "0")
    monkeypatch.setenv("OFFICE_CONFIG", "/nonexistent/office.yml")
    yield db_url
    if db_url.startswith("postgresql"):
        with make_engine(db_url).begin() as connection:
            connection.execute(text("DELETE FROM content_documents"))


def current(db_url, kind, key="default"):
    with session_scope(db_url) as session:
        return documents.document(session, kind, key)


def save(db_url, author, kind, new_text, key="default", version=None):
    with session_scope(db_url) as session:
        version = version or documents.document(session, kind, key).version
        return documents.save(session, author, kind, key, version, new_text)


def stored(db_url):
    with session_scope(db_url) as session:
        return (session.scalars(select(ContentDocument)).all(), session.scalars(select(KnowledgeRevision)).all())


@pytest.mark.parametrize(("broken", "place", "line"), [
    (lambda t: t.replace(OLD_TITLE, "Đăng ký: kích hoạt", 1), VNEID + ".yml", 9),  # a YAML syntax error
    (lambda t: t.replace("id: vneid_level2", "id: vneid"), "id", None),
    (lambda t: t.replace(f"  vi: {OLD_TITLE}\n", ""), "guide.title", None),
])
def test_an_invalid_guide_is_refused_with_its_place_and_nothing_is_stored(live, editor, broken, place, line):
    original = current(live, GUIDE, VNEID).text
    with pytest.raises(InvalidDocument) as refused:
        save(live, editor, GUIDE, broken(original), VNEID)
    assert (refused.value.place, refused.value.line) == (place, line)
    assert stored(live) == ([], [])
    assert guide(VNEID).title.vi == OLD_TITLE


def test_a_published_guide_is_used_by_the_running_process_and_can_be_reverted(live, editor):
    assert guide(VNEID).title.vi == OLD_TITLE
    original = current(live, GUIDE, VNEID).text
    revision = save(live, editor, GUIDE, original.replace(OLD_TITLE, NEW_TITLE), VNEID)
    assert guide(VNEID).title.vi == NEW_TITLE
    assert (revision.author, revision.target_id) == ("editor", "guide:vneid_level2")
    assert current(live, GUIDE, VNEID).row is not None

    with session_scope(live) as session:
        documents.revert(session, editor, revision.id)
    assert guide(VNEID).title.vi == OLD_TITLE and current(live, GUIDE, VNEID).text == original
    with session_scope(live) as session, pytest.raises(EditRefused):  # changed again since: refused
        documents.revert(session, editor, revision.id)


def test_the_second_editor_saving_the_same_version_is_refused(live, editor):
    seen = current(live, GUIDE, VNEID)
    save(live, editor, GUIDE, seen.text.replace(OLD_TITLE, NEW_TITLE), VNEID, seen.version)
    with pytest.raises(Conflict):
        save(live, editor, GUIDE, seen.text.replace(OLD_TITLE, "Tiêu đề khác"), VNEID, seen.version)
    assert guide(VNEID).title.vi == NEW_TITLE
    assert len(stored(live)[1]) == 1


def test_published_office_settings_set_hours_days_and_units(live, editor):
    assert office_settings() == {}
    save(live, editor, OFFICE, OFFICE_TEXT)
    settings = office_settings()
    assert settings["hours"]["monday_to_friday"] == ["07:00-11:00", "13:30-17:30"]
    assert settings["make_up_working_days"] == ["2027-02-20"]
    calendar = WorkingCalendar.from_config(settings)
    assert calendar.intervals(dt.date(2027, 2, 19)) == ()
    assert category("garbage").responsible_unit == "Tổ vệ sinh môi trường phường Thử Nghiệm"


@pytest.mark.parametrize(("broken", "place"), [
    ('monday_to_friday: ["07:00-11:00", "13:30-17:30"]', "hours"),  # closes before it opens
    ("saturday:", "hours.caturday"),
    ("one_stop_address: Số 1 đường Thử Nghiệm", "one_stop_address"),
])
def test_invalid_office_settings_are_refused(live, editor, broken, place):
    replacement = {"hours": 'monday_to_friday: ["17:00-07:00"]', "hours.caturday": "caturday:",
                   "one_stop_address": "one_stop_address: ''"}[place]
    with pytest.raises(InvalidDocument) as refused:
        save(live, editor, OFFICE, OFFICE_TEXT.replace(broken, replacement))
    assert refused.value.place == place
    assert office_settings() == {} and stored(live) == ([], [])


def test_categories_keep_their_codes_and_edits_reach_inference(live, editor):
    original = current(live, REPORT_CATEGORIES).text
    with pytest.raises(InvalidDocument) as refused:
        save(live, editor, REPORT_CATEGORIES, original.replace("- code: garbage", "- code: rubbish"))
    assert "garbage" in str(refused.value)
    with pytest.raises(InvalidDocument) as refused:
        save(live, editor, REPORT_CATEGORIES, original.replace("  duplicate_radius_m: 50", "  duplicate_radius_m: xa"))
    assert refused.value.place == "sidewalk.duplicate_radius_m"
    save(live, editor, REPORT_CATEGORIES, original.replace('vi: "Rác thải, vệ sinh môi trường"', 'vi: "Rác thải"'))
    assert category("garbage").name["vi"] == "Rác thải"
