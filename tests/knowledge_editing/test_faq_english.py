"""An FAQ entry's optional English answer: edited as a revision, served to English conversations only."""

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.faq_answers import answered_from_faq
from knowledge.models import FaqEntry
from knowledge.service import knowledge_base
from knowledge_editing import faq, reverting
from knowledge_editing.errors import Invalid
from storage.database import session_scope

HOURS_VI, HOURS_EN = "Thứ Hai đến thứ Sáu, 7g30 đến 17g.", "Monday to Friday, 7:30 am to 5 pm."


@pytest.fixture
def entry_id(db_url, editor):
    with session_scope(db_url) as session:
        return faq.create(session, editor, "Giờ làm việc của phường?", ["phường làm việc mấy giờ"], HOURS_VI).id


def add_english(db_url, editor, entry_id, answer_en, variants_en="What are the ward office opening hours"):
    with session_scope(db_url) as session:
        entry = faq.load(session, entry_id)
        return faq.save(session, editor, entry_id, faq.version_of(entry), entry.question, "\n".join(entry.variants),
                        entry.answer, entry.status, answer_en, variants_en)


def reply(text, language):
    """What the bot sends for this message in a conversation held in `language`."""
    tracker = Tracker("resident", {"language": language}, {"text": text}, [], False, None, {}, None)
    dispatcher = CollectingDispatcher()
    return dispatcher.messages[0]["text"] if answered_from_faq(dispatcher, tracker) else None


@pytest.fixture
def bot(db_url, tmp_path, monkeypatch):
    """The action server's knowledge base on the test database, checking for publications at every lookup."""
    monkeypatch.setenv("APP_DATABASE_URL", db_url)
    monkeypatch.setenv("SEARCH_INDEX_DIR", str(tmp_path / "search"))
    monkeypatch.setenv("KNOWLEDGE_REFRESH_SECONDS", "0")
    knowledge_base.cache_clear()
    yield reply
    knowledge_base.cache_clear()


def test_the_english_answer_and_phrasings_are_published_as_a_revision(db_url, editor, entry_id):
    revision = add_english(db_url, editor, entry_id, f"  {HOURS_EN}\r\n", "opening hours?\n\nopening hours?")
    assert sorted(revision.diff) == ["answer_en", "variants_en"]
    with session_scope(db_url) as session:
        stored = session.get(FaqEntry, entry_id)
        assert (stored.answer_en, stored.variants_en, stored.answer) == (HOURS_EN, ["opening hours?"], HOURS_VI)
        reverting.revert(session, editor, revision.id)
    with session_scope(db_url) as session:
        assert session.get(FaqEntry, entry_id).answer_en is None


def test_a_save_without_the_english_fields_keeps_them(db_url, editor, entry_id):
    add_english(db_url, editor, entry_id, HOURS_EN)
    with session_scope(db_url) as session:
        entry = faq.load(session, entry_id)
        faq.save(session, editor, entry_id, faq.version_of(entry), entry.question, "", "7g đến 17g", "active")
    with session_scope(db_url) as session:
        assert session.get(FaqEntry, entry_id).answer_en == HOURS_EN


def test_an_english_answer_too_long_is_refused(db_url, editor, entry_id):
    with pytest.raises(Invalid) as invalid:
        add_english(db_url, editor, entry_id, "x" * (faq.MAX_ANSWER_CHARS + 1))
    assert list(invalid.value.errors) == ["answer_en"]


def test_english_conversations_get_the_english_answer_others_the_vietnamese(db_url, editor, entry_id, bot):
    assert bot("phường làm việc mấy giờ", "en") == HOURS_VI  # no English answer yet
    add_english(db_url, editor, entry_id, HOURS_EN)
    assert bot("phuong lam viec may gio", "en") == HOURS_EN  # published: answered at once, no restart
    assert bot("what are the ward office opening hours?", "en") == HOURS_EN
    assert bot("phường làm việc mấy giờ", "vi") == HOURS_VI
    assert bot("phường làm việc mấy giờ", None) == HOURS_VI  # no language chosen: Vietnamese
    add_english(db_url, editor, entry_id, "")  # the English answer removed again
    assert bot("what are the ward office opening hours?", "en") == HOURS_VI
