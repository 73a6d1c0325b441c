"""Which language a resident writes in, and which one the bot answers in (vietnamese_text.language,
actions.conversation.language_of)."""

import pytest
from rasa_sdk import Tracker

from actions.conversation import language_of
from vietnamese_text.language import language_asked_for, language_in


@pytest.mark.parametrize("text, language", [
    ("I lost my ID card, how do I get a new one?", "en"),
    ("Garbage has been piling up for a week at 25 Nguyen Dinh Chieu", "en"),
    ("tell me a joke", "en"),
    ("xin chào", "vi"), ("lam the can cuoc cho con", "vi"), ("dang ky tam tru o dau", "vi"),
    ("Hello", None), ("ok", None), ("le phi bao nhieu", None), ("hello ad", None),  # could be either
])
def test_a_message_shows_its_language_or_leaves_it_open(text, language):
    assert language_in(text) == language


def tracker(*texts: str, chosen: str | None = None) -> Tracker:
    events = [{"event": "user", "text": text} for text in texts]
    return Tracker("web:x", {"language": chosen}, {"text": texts[-1]}, events, False, None, {}, "action_listen")


def test_a_short_reply_after_english_stays_in_english():
    assert language_of(tracker("I want to report garbage at 25 Nguyen Dinh Chieu", "ok")) == "en"
    assert language_of(tracker("I want to report garbage at 25 Nguyen Dinh Chieu", "dạ đúng")) == "vi"


def test_without_a_sign_the_chosen_language_or_vietnamese():
    assert language_of(tracker("Hello")) == "vi"
    assert language_of(tracker("Hello", chosen="en")) == "en"


def test_a_chosen_language_beats_earlier_messages_and_only_english_writing_beats_it():
    assert language_of(tracker("chào bạn", "English please", "dang ky tam tru le phi", chosen="en")) == "en"
    assert language_of(tracker("Hello", "làm căn cước ở đâu", chosen="en")) == "en"  # chose English
    assert language_of(tracker("how do I register a birth", chosen="vi")) == "en"


def test_the_language_slot_starts_unset_so_that_earlier_messages_can_decide():
    """With an initial "vi" every conversation looked chosen, and "no photo" after English answered Vietnamese."""
    import yaml

    from storage.database import REPO_ROOT

    slot = yaml.safe_load((REPO_ROOT / "bot" / "domain" / "core.yml").read_text(encoding="utf-8"))["slots"]["language"]
    assert slot.get("initial_value") is None
    english_report = tracker("Garbage has been piling up at 25 Nguyen Dinh Chieu", "yes, correct", "no photo")
    assert language_of(english_report) == "en"


@pytest.mark.parametrize("text, language", [
    ("Ok, can we switch back to Vietnamese? Cảm ơn bạn nhiều.", "vi"), ("reply in english", "en"),
    ("chuyển qua tiếng Việt giùm", "vi"), ("nói tiếng Anh được không", "en"),
    ("hồ sơ viết bằng tiếng Anh có cần dịch không", None), ("Do you speak English?", None),
])
def test_a_request_to_be_answered_in_a_language_names_it(text, language):
    assert language_asked_for(text) == language
