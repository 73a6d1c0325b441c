"""Expired OA tokens are refreshed once, the rotated pair is stored, and the send is retried."""

import threading
from dataclasses import replace

import pytest

from channels.messages import Reply
from channels.zalo.sender import send_reply
from channels.zalo.settings import ZaloSettings
from channels.zalo.tokens import TokenRefreshError, TokenStore, ZaloToken
from storage.database import session_factory, upgrade
from tests.channels.fake_zalo_api import FakeZaloApi


@pytest.fixture
def api():
    server = FakeZaloApi(access_token="access-live", refresh_token="r1")
    yield server
    server.close()


@pytest.fixture
def sessions(tmp_path):
    url = f"sqlite:///{tmp_path / 'app.db'}"
    upgrade(url)
    return session_factory(url)


def store_for(api, sessions, initial=("access-expired", "r1")):
    return TokenStore(sessions, "app", "app-secret", f"{api.url}/v4/oa/access_token", initial)


def test_expired_token_is_refreshed_once_and_the_send_retried(api, sessions):
    settings = replace(ZaloSettings("app", "secret", "unused"), api_base=api.url)
    tokens = store_for(api, sessions)
    send_reply(settings, "u1", Reply("xin chào"), tokens)
    sent = [c for c in api.calls if c["path"] == "/v3.0/oa/message/cs"]
    assert [c["headers"]["access_token"] for c in sent] == ["access-expired", "access-2"]
    with sessions() as session:
        stored = session.get(ZaloToken, 1)
        assert (stored.access_token, stored.refresh_token) == ("access-2", "r2")
    assert api.refreshes == 1


def test_concurrent_expiries_spend_the_refresh_token_once(api, sessions):
    tokens = store_for(api, sessions)
    tokens.access_token()  # stores the initial pair
    results = []
    threads = [threading.Thread(target=lambda: results.append(tokens.refresh("access-expired"))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert api.refreshes == 1 and set(results) == {"access-2"}


def test_a_refused_refresh_is_an_error_not_a_silent_loss(api, sessions):
    tokens = store_for(api, sessions, initial=("access-expired", "stale-refresh"))
    tokens.access_token()
    with pytest.raises(TokenRefreshError):
        tokens.refresh("access-expired")
