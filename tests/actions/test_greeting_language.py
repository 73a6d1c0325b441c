"""A conversation opened with "Hello": the welcome stays Vietnamese (residents type "hello" too) and says, in
English, that English questions are welcome."""

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.small_talk import ActionGreet

ENGLISH_TOO = "You can also ask in English"


def greet(text: str, language_slot: str | None = None) -> list[str]:
    tracker = Tracker("web:greeting", {"language": language_slot}, {"text": text, "entities": []}, [], False, None,
                      {}, "action_listen")
    dispatcher = CollectingDispatcher()
    ActionGreet().run(dispatcher, tracker, {})
    return [message.get("text") or "" for message in dispatcher.messages]


@pytest.mark.parametrize("text", ["Hello", "hi!", "Good morning"])
def test_an_english_greeting_gets_the_welcome_and_an_english_line(text):
    replies = greet(text)
    assert replies[0].startswith("Xin chào")
    assert ENGLISH_TOO in replies[-1]


@pytest.mark.parametrize("text, slot", [("xin chào", None), ("chao ban", None), ("Hello", "vi")])
def test_a_vietnamese_greeting_or_a_chosen_language_gets_no_english_line(text, slot):
    assert not any(ENGLISH_TOO in reply for reply in greet(text, slot))
