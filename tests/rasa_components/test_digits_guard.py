"""A number in a message makes it the phone digits only when it is four digits (runs in the Rasa environment)."""

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.digits_guard import PhoneDigitsGuard


def classified(text: str) -> Message:
    message = Message.build(text)
    message.set("intent", {"name": "give_phone_digits", "confidence": 0.7})
    message.set("intent_ranking", [{"name": "give_phone_digits", "confidence": 0.7},
                                   {"name": "out_of_scope", "confidence": 0.2}])
    return PhoneDigitsGuard().process([message])[0]


@pytest.mark.parametrize("text", ["em bị sốt 39 độ uống thuốc gì", "nhà số 12", "mua 2 vé đi Đà Lạt"])
def test_without_four_digits_the_next_guess_is_taken(text):
    message = classified(text)
    assert message.get("intent") == {"name": "out_of_scope", "confidence": 0.2}
    assert [r["name"] for r in message.get("intent_ranking")] == ["out_of_scope"]


@pytest.mark.parametrize("text", ["5678", "4 số cuối là 5678 ạ", "đuôi 0246", "/give_phone_digits"])
def test_four_digits_or_a_payload_stay_the_phone_digits(text):
    assert classified(text).get("intent")["name"] == "give_phone_digits"
