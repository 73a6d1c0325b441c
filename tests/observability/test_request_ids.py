"""A request id follows a chat turn from the web request to Rasa, and comes back in the response."""

import re

from channels.messages import InboundMessage
from channels.rasa_bridge import ask_rasa
from tests.observability.conftest import chat

VALID = re.compile(r"[A-Za-z0-9-]{8,64}")


def test_the_id_nginx_sets_is_kept_and_sent_to_rasa(client, rasa):
    response = chat(client, **{"X-Request-ID": "nginx-5f2a9c1e"})

    assert response.status_code == 200 and response.get_json()["messages"][0]["text"] == "Xin chào!"
    assert response.headers["X-Request-ID"] == "nginx-5f2a9c1e"
    assert rasa.messages[-1]["metadata"]["request_id"] == "nginx-5f2a9c1e"
    assert rasa.headers[-1]["X-Request-ID"] == "nginx-5f2a9c1e"


def test_an_invalid_id_is_replaced_by_a_new_one(client, rasa):
    for given in ("short", "has spaces and <html>", "x" * 65, "ok-id\", \"level\": \"ERROR"):
        response = chat(client, **{"X-Request-ID": given})

        made = response.headers["X-Request-ID"]
        assert made != given and VALID.fullmatch(made)
        assert rasa.messages[-1]["metadata"]["request_id"] == made == rasa.headers[-1]["X-Request-ID"]


def test_every_response_carries_an_id(client):
    first, second = client.get("/healthz"), client.get("/no-such-page")

    assert VALID.fullmatch(first.headers["X-Request-ID"]) and VALID.fullmatch(second.headers["X-Request-ID"])
    assert first.headers["X-Request-ID"] != second.headers["X-Request-ID"]


def test_a_turn_outside_a_web_request_gets_its_own_id(rasa):
    """Telegram and Zalo's worker threads ask Rasa without a web request around them."""
    message = InboundMessage("telegram", "12345", "xin chào")
    ask_rasa(rasa.url, message, 2)
    ask_rasa(rasa.url, message, 2)

    first, second = (m["metadata"]["request_id"] for m in rasa.messages)
    assert VALID.fullmatch(first) and VALID.fullmatch(second) and first != second
    assert [h["X-Request-ID"] for h in rasa.headers] == [first, second]
