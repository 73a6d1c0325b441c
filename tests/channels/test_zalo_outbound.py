"""Zalo pushes: sent inside the interaction window, kept pending outside it, flushed when the user writes."""

import datetime as dt
import time
from dataclasses import replace

import pytest

from channels.interactions import record_inbound
from channels.messages import Button, Reply
from channels.outbound import Delivery, push
from channels.pending import pending_groups
from channels.zalo.outbound import ZaloAdapter
from channels.zalo.settings import ZaloSettings
from storage.database import session_factory, utcnow
from tests.channels.fake_rasa import FakeRasa
from tests.channels.zalo_events import APP_ID, OA_SECRET, signed, user_send_text
from webapp import create_app

USER = "5510185758261927916"
NOTICE = [Reply("Hồ sơ của bạn đã có kết quả.", (Button("Tra cứu hồ sơ", "/check_dossier"),)),
          Reply("Mời bạn đến Bộ phận một cửa nhận kết quả.")]
OUTSIDE = Delivery.kept_pending("outside_zalo_window")


@pytest.fixture
def settings(api):
    return replace(ZaloSettings(app_id=APP_ID, signing_secret=OA_SECRET, access_token="oa-token"), api_base=api.url)


@pytest.fixture
def sessions(sqlite_url):
    return session_factory(sqlite_url)


def wrote(sessions, hours_ago: float) -> None:
    with sessions.begin() as session:
        record_inbound(session, "zalo", USER, utcnow() - dt.timedelta(hours=hours_ago))


def pending_count(sessions) -> int:
    with sessions() as session:
        return sum(group.count for group in pending_groups(session))


def test_inside_the_window_the_push_is_sent(api, settings, sessions):
    wrote(sessions, hours_ago=24 * 6)
    assert push(f"zalo:{USER}", NOTICE, [ZaloAdapter(settings, sessions)]) == Delivery.sent()
    assert api.sent_texts() == [NOTICE[0].text, NOTICE[1].text]
    assert api.calls[0]["body"]["message"]["attachment"]["payload"]["buttons"][0]["payload"] == "/check_dossier"
    assert pending_count(sessions) == 0


def test_outside_the_window_or_before_any_message_the_push_is_kept(api, settings, sessions):
    adapter = ZaloAdapter(settings, sessions)
    assert adapter.push(USER, NOTICE) == OUTSIDE  # never wrote
    wrote(sessions, hours_ago=24 * 7 + 1)
    assert adapter.push(USER, NOTICE) == OUTSIDE
    assert api.calls == [] and pending_count(sessions) == 4


def test_the_window_length_is_a_setting(api, settings, sessions):
    wrote(sessions, hours_ago=2)
    assert ZaloAdapter(replace(settings, interaction_window_hours=1), sessions).push(USER, NOTICE) == OUTSIDE
    assert api.calls == []


def test_zalos_window_error_keeps_the_push(api, settings, sessions):
    wrote(sessions, hours_ago=1)
    api.refuse_with = -230
    assert ZaloAdapter(settings, sessions).push(USER, NOTICE) == OUTSIDE
    assert pending_count(sessions) == 2


def test_other_zalo_errors_fail_and_only_rate_limits_are_worth_retrying(api, settings, sessions):
    wrote(sessions, hours_ago=1)
    api.refuse_with = -32
    assert ZaloAdapter(settings, sessions).push(USER, NOTICE) == Delivery.failed("zalo_error_-32", retryable=True)
    api.refuse_with = -213
    assert ZaloAdapter(settings, sessions).push(USER, NOTICE) == Delivery.failed("zalo_error_-213", retryable=False)
    assert pending_count(sessions) == 0


def test_kept_messages_go_out_first_when_the_user_writes_again(api, settings, sessions, sqlite_url):
    rasa = FakeRasa([{"text": "Chào bạn, tôi có thể giúp gì?"}])
    try:
        ZaloAdapter(settings, sessions).push(USER, NOTICE)
        client = create_app({"TESTING": True, "ZALO": settings, "APP_DATABASE_URL": sqlite_url,
                             "RASA_URL": rasa.url, "RASA_TIMEOUT_SECONDS": 5}).test_client()
        body, headers = signed(user_send_text("chào", "msg-again", sender=USER))
        assert client.post("/webhooks/zalo", data=body, headers=headers).get_json() == {"status": "accepted"}
        deadline = time.monotonic() + 30
        while len(api.sent_texts()) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        rasa.close()
    assert api.sent_texts() == [NOTICE[0].text, NOTICE[1].text, "Chào bạn, tôi có thể giúp gì?"]
    assert rasa.messages[0]["sender"] == f"zalo:{USER}" and rasa.messages[0]["message"] == "chào"
    assert pending_count(sessions) == 0
    assert ZaloAdapter(settings, sessions).push(USER, [Reply("Tiếp theo")]) == Delivery.sent()  # window open again
