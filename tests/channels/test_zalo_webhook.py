"""The Zalo webhook refuses forged and stale calls, ignores echoes, and handles a delivery once."""

import time

import pytest

from channels.messages import Button, Reply, split_text
from channels.zalo.sender import reply_bodies
from channels.zalo.settings import ZaloSettings
from channels.zalo.webhook import to_inbound
from evaluation.servers import free_port
from storage.database import upgrade
from tests.channels.zalo_events import APP_ID, OA_SECRET, signed, user_send_location, user_send_text
from webapp import create_app

SETTINGS = ZaloSettings(app_id=APP_ID, signing_secret=OA_SECRET, access_token="token")


@pytest.fixture
def client(tmp_path):
    url = f"sqlite:///{tmp_path / 'app.db'}"
    upgrade(url)
    # Rasa is not listening here: background replies fail and are logged, the webhook still answers.
    app = create_app({"TESTING": True, "ZALO": SETTINGS, "APP_DATABASE_URL": url,
                      "RASA_URL": f"http://127.0.0.1:{free_port()}", "RASA_TIMEOUT_SECONDS": 1})
    return app.test_client()


def post(client, body, headers):
    return client.post("/webhooks/zalo", data=body, headers=headers)


def test_a_signed_text_is_accepted_and_a_redelivery_is_dropped(client):
    body, headers = signed(user_send_text("chào", "msg-1"))
    assert post(client, body, headers).get_json() == {"status": "accepted"}
    assert post(client, body, headers).get_json() == {"status": "duplicate"}


@pytest.mark.parametrize("secret", ["wrong-secret", ""])
def test_forged_signatures_get_401(client, secret):
    body, headers = signed(user_send_text("chào", "msg-2"), secret=secret)
    response = post(client, body, headers)
    assert response.status_code == 401 and response.get_json()["error"] == "bad signature"


def test_unsigned_and_non_json_calls_get_401(client):
    body, _ = signed(user_send_text("chào", "msg-3"))
    assert post(client, body, {}).status_code == 401
    assert post(client, b"not json", {"X-ZEvent-Signature": "mac=00"}).status_code == 401


def test_stale_events_get_401(client):
    event = user_send_text("chào", "msg-4")
    event["timestamp"] = str(int((time.time() - 3600) * 1000))
    response = post(client, *signed(event))
    assert response.status_code == 401 and "stale" in response.get_json()["error"]


def test_the_oas_own_echo_and_unknown_events_are_acknowledged_not_answered(client):
    echo = user_send_text("bot reply", "msg-5") | {"event_name": "oa_send_text"}
    unknown = user_send_text("", "msg-6") | {"event_name": "user_seen_message"}
    assert post(client, *signed(echo)).get_json() == {"status": "ignored"}
    assert post(client, *signed(unknown)).get_json() == {"status": "ignored"}


def test_channel_off_without_settings(tmp_path):
    response = create_app({"TESTING": True}).test_client().post("/webhooks/zalo", data=b"{}")
    assert response.status_code == 404


def test_location_events_carry_coordinates_as_numbers():
    message = to_inbound(user_send_location("msg-7"))
    assert message.location == (10.7923119, 106.7820651) and message.channel == "zalo"


def test_replies_split_at_the_limit_with_quick_reply_buttons_on_the_last_part():
    reply = Reply(text="đoạn một\n\n" + "x " * 1500, buttons=(Button("Tra cứu hồ sơ", "/check_dossier"),))
    bodies = reply_bodies(SETTINGS, "u1", reply)
    assert len(bodies) == 2 and all(len(b["message"]["text"]) <= 2000 for b in bodies)
    buttons = bodies[-1]["message"]["attachment"]["payload"]["buttons"]
    assert buttons == [{"title": "Tra cứu hồ sơ", "type": "oa.query.hide", "payload": "/check_dossier"}]
    assert "attachment" not in bodies[0]["message"]


def test_split_text_never_exceeds_the_limit_and_loses_nothing():
    text = "a" * 5000 + "\n\nb c d\n" + "e " * 100
    parts = split_text(text, 1000)
    assert all(len(p) <= 1000 for p in parts)
    assert "".join(parts).replace(" ", "").replace("\n", "") == text.replace(" ", "").replace("\n", "")
