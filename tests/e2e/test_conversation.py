"""Whole turns through the real Rasa server and action server, as a resident sees them."""

import json
import unicodedata
import uuid

import pytest
import requests

from evaluation.servers import listening_addresses

pytestmark = pytest.mark.e2e


def test_greeting_offers_the_main_menu(bot):
    replies = bot.say("chào bạn")
    assert "Xin chào" in replies[0]["text"]
    titles = [b["title"] for b in replies[0]["buttons"]]
    assert "Tra cứu hồ sơ" in titles and "Gặp cán bộ" in titles


def test_menu_button_payload_needs_no_nlu(bot):
    replies = bot.say("/menu")
    assert replies and replies[0]["buttons"]


@pytest.mark.parametrize(
    "text",
    ["chào ad", "bạn là người hay máy vậy", "cam on nhieu nha", "thoi tiet hom nay the nao"],
)
def test_small_talk_gets_a_polite_answer(bot, text):
    assert bot.text_of(text).strip()


def test_out_of_scope_is_said_honestly(bot):
    assert "ngoài phạm vi" in bot.text_of("kể chuyện cười cho tui nghe đi")


@pytest.mark.parametrize("text, code", [
    ("em đi chơi làm mất hộ chiếu ở Vũng Tàu, giờ báo mất ở đâu", "1.010386"),  # read as travel, out of scope
    ("I'm a British citizen and want to marry my Vietnamese girlfriend in Saigon. What papers do we need?",
     "2.000806"),  # "Vietnamese" read as a request to switch language
])
def test_a_procedure_question_the_classifier_misreads_is_still_answered(bot, text, code):
    replies = bot.say(text, f"test-misread-{uuid.uuid4().hex}")
    shown = json.dumps(replies, ensure_ascii=False)  # the answer, or the record among the cases offered
    assert code in shown and "ngoài phạm vi" not in shown and "Đã chuyển sang" not in shown


def test_switching_to_english_changes_the_replies(bot):
    sender = "test-english"
    assert "English" in bot.text_of("speak English please", sender)
    assert "Hello" in bot.text_of("hello", sender)


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "😀😀😀",
        "a" * 20000,
        unicodedata.normalize("NFD", "làm căn cước ở đâu"),
        "xin\x00chào\x1b[31m",
        "<script>alert('x')</script>",
        "'; DROP TABLE events; --",
    ],
    ids=["empty", "space", "emoji", "20k", "nfd", "control", "html", "sql"],
)
def test_bad_input_never_breaks_the_bot(bot, text):
    response = requests.post(f"{bot.rasa_url}/webhooks/rest/webhook",
                             json={"sender": "test-bad-input", "message": text}, timeout=120)
    assert response.status_code == 200
    assert all("<script>" not in m.get("text", "") for m in response.json())
    # the conversation still works afterwards
    assert bot.text_of("chào bạn", "test-bad-input")


def test_action_server_from_the_app_environment_serves_this_rasa(bot):
    rasa_version = requests.get(f"{bot.rasa_url}/version", timeout=10).json()["version"]
    actions = requests.get(f"{bot.actions_url}/actions", headers={"X-Action-Token": bot.actions_token},
                           timeout=10).json()
    assert rasa_version == "3.6.21"
    assert {"name": "action_answer_procedure"} in actions


def test_the_action_server_refuses_a_caller_without_rasas_secret(bot):
    call = {"next_action": "action_check_report", "sender_id": "telegram:123456789",
            "tracker": {"sender_id": "telegram:123456789", "slots": {}, "events": [], "latest_message": {}},
            "domain": {}, "version": "3.6.21"}
    assert requests.post(f"{bot.actions_url}/webhook", json=call, timeout=10).status_code == 403
    wrong = requests.post(f"{bot.actions_url}/webhook", json=call, headers={"X-Action-Token": "guess"}, timeout=10)
    assert wrong.status_code == 403
    assert requests.get(f"{bot.actions_url}/actions", timeout=10).status_code == 403
    assert requests.get(f"{bot.actions_url}/health", timeout=10).status_code == 200
    assert bot.text_of("chào bạn")  # Rasa, which sends the secret, is still served


def test_rasas_http_api_refuses_a_caller_without_its_token(bot):
    """Any local process could otherwise read a conversation word for word, write into it or swap the model."""
    sender = f"test-{uuid.uuid4().hex}"
    bot.say("tra cứu hồ sơ 38.98.H29-210519-0013", sender)
    tracker = f"{bot.rasa_url}/conversations/{sender}/tracker"
    assert requests.get(tracker, timeout=10).status_code == 401
    assert requests.get(tracker, params={"token": "guess"}, timeout=10).status_code == 401
    assert requests.put(f"{bot.rasa_url}/model", json={"model_file": "/tmp/x.tar.gz"}, timeout=10).status_code == 401
    assert requests.get(f"{bot.rasa_url}/status", timeout=10).status_code == 401
    assert requests.get(tracker, params={"token": bot.rasa_token}, timeout=10).status_code == 200


def test_rasa_and_the_action_server_listen_on_loopback_only(bot):
    """Started as `make run` starts them (the same flags as the Procfile): no port beyond this machine."""
    ports = {int(url.rsplit(":", 1)[1]) for url in (bot.rasa_url, bot.actions_url)}
    assert listening_addresses(ports) == {"127.0.0.1"}
