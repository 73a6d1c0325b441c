"""A Zalo resident's question travels webhook -> Rasa -> actions -> OA API, on loopback."""

import time
from dataclasses import replace

import pytest

from channels.zalo.settings import ZaloSettings
from storage.database import upgrade
from tests.channels.fake_zalo_api import FakeZaloApi
from tests.channels.zalo_events import APP_ID, OA_SECRET, signed, user_send_text
from webapp import create_app

pytestmark = pytest.mark.e2e


@pytest.fixture
def zalo_api():
    api = FakeZaloApi(access_token="oa-token")
    yield api
    api.close()


def test_zalo_question_gets_the_procedure_answer_on_zalo(bot, zalo_api, tmp_path):
    url = f"sqlite:///{tmp_path / 'app.db'}"
    upgrade(url)
    settings = replace(ZaloSettings(app_id=APP_ID, signing_secret=OA_SECRET, access_token="oa-token"),
                       api_base=zalo_api.url)
    client = create_app({"TESTING": True, "ZALO": settings, "APP_DATABASE_URL": url,
                         "RASA_URL": bot.rasa_url}).test_client()
    started = time.monotonic()
    response = client.post("/webhooks/zalo", **dict(zip(("data", "headers"),
                                                        signed(user_send_text("cho e hoi lam cccd o dau z", "z-1")))))
    assert response.get_json() == {"status": "accepted"} and time.monotonic() - started < 2
    assert zalo_api.received.wait(60)
    time.sleep(1)  # the rest of a multi-part reply
    call = zalo_api.calls[0]
    assert call["path"] == "/v3.0/oa/message/cs" and call["headers"]["access_token"] == "oa-token"
    assert call["body"]["recipient"] == {"user_id": "5510185758261927916"}
    text = " ".join(c["body"]["message"].get("text", "") for c in zalo_api.calls)
    assert "căn cước" in text.lower() and "dichvucong.gov.vn" in text
    assert all(len(c["body"]["message"].get("text", "")) <= 2000 for c in zalo_api.calls)
