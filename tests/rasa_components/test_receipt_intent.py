"""The receipt-number override as Rasa calls it (runs in the Rasa environment)."""

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.receipt_intent import ReceiptNumberIntent


def classified(text: str, intent: str, confidence: float = 0.6) -> Message:
    message = Message.build(text)
    message.set("intent", {"name": intent, "confidence": confidence})
    message.set("intent_ranking", [{"name": intent, "confidence": confidence}])
    return ReceiptNumberIntent().process([message])[0]


@pytest.mark.parametrize("text", ["TRACUU 38.98.H29-210519-0013", "cho hoi 38.98.h29 - 210519 - 0013 sao roi",
                                  "QUAN2_38.98.H29-210519-0013"])
def test_a_receipt_number_makes_a_lookup_with_the_clean_number(text, monkeypatch):
    monkeypatch.setenv("DOSSIER_LEGACY_PREFIXES", "QUAN2_")
    message = classified(text, "nlu_fallback")
    assert message.get("intent")["name"] == "check_dossier"
    assert [e["value"] for e in message.get("entities") if e["entity"] == "receipt_number"] == ["38.98.H29-210519-0013"]


def test_a_malformed_try_still_goes_to_the_lookup_without_an_entity():
    message = classified("tra cứu 38.98.H29-2105-13", "give_phone_digits")
    assert message.get("intent")["name"] == "check_dossier" and not message.get("entities")


def test_subscribing_with_a_number_stays_a_subscription():
    message = classified('nhận thông báo hồ sơ 38.98.H29-210519-0013', "subscribe_dossier")
    assert message.get("intent")["name"] == "subscribe_dossier"


def test_other_messages_are_left_alone():
    message = classified("làm căn cước ở đâu", "ask_procedure", 0.9)
    assert message.get("intent") == {"name": "ask_procedure", "confidence": 0.9}
