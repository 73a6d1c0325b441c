"""The chat page acknowledges the pushed messages it displayed, in headless Chromium (issue #18).

A stand-in Rasa answers the greeting, so no bot is started; the browser fixture is the one of
tests/e2e/browser (Debian's Chromium, `make browser-deps`). A message whose acknowledgement did not
reach the server comes again after a reload and is shown once; an acknowledged one never comes again.
"""

from __future__ import annotations

import re
import threading
import time

import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from werkzeug.serving import make_server

from channels.messages import Reply
from channels.outbound import WebAdapter
from channels.pending import PendingMessage
from storage.database import session_factory, upgrade
from tests.channels.fake_rasa import FakeRasa
from tests.e2e.browser.conftest import PHONE, bot_messages, browser, open_page  # noqa: F401 (browser: a fixture)
from webapp import create_app

pytestmark = pytest.mark.e2e
POLL = re.compile(r"/api/chat/updates\?")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The web app on a fresh database, over HTTP on loopback; its URL and its sessions."""
    url = f"sqlite:///{tmp_path_factory.mktemp('pending_ack') / 'app.db'}"
    upgrade(url)
    rasa = FakeRasa([{"text": "Xin chào, tôi là trợ lý công dân."}])
    app = create_app({"APP_DATABASE_URL": url, "RASA_URL": rasa.url, "RATELIMIT_ENABLED": False})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", session_factory(url)
    server.shutdown()
    rasa.close()


def undelivered(sessions, recipient: str) -> list[str]:
    with sessions() as session:
        return [row.body["text"] for row in session.scalars(select(PendingMessage).where(
            PendingMessage.recipient == recipient, PendingMessage.delivered_at.is_(None)))]


def wait_until(condition, what: str, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def check_updates(page) -> None:
    page.evaluate("window.dispatchEvent(new Event('online'))")  # what the page also does every 15 s


def test_a_pushed_message_is_acknowledged_once_shown_and_survives_a_reload_before_that(browser, site):  # noqa: F811
    url, sessions = site
    page = open_page(browser, PHONE)
    page.goto(url)
    expect(bot_messages(page)).to_have_count(1)
    session_id = page.evaluate("localStorage.getItem('tlcd-session')")

    WebAdapter(sessions).push(session_id, [Reply("Hồ sơ của bạn đã có kết quả.")], "test:1")
    check_updates(page)
    expect(bot_messages(page).last).to_have_text("Hồ sơ của bạn đã có kết quả.")
    wait_until(lambda: undelivered(sessions, session_id) == [], "the acknowledgement")
    page.reload()
    check_updates(page)
    page.wait_for_timeout(500)
    expect(bot_messages(page)).to_have_count(2)  # from the transcript, not polled again

    lost = []
    page.route("**/api/chat/updates/ack", lambda route: (lost.append(1), route.abort()))
    WebAdapter(sessions).push(session_id, [Reply("Cán bộ phường: mời bạn mang bản chính.")], "test:2")
    check_updates(page)
    expect(bot_messages(page)).to_have_count(3)
    wait_until(lambda: lost, "the acknowledgement attempt")
    assert undelivered(sessions, session_id) == ["Cán bộ phường: mời bạn mang bản chính."]  # still pending

    page.reload()  # polls at once: the message comes again, is not shown twice, and is acknowledged
    page.unroute("**/api/chat/updates/ack")
    check_updates(page)
    wait_until(lambda: undelivered(sessions, session_id) == [], "the acknowledgement after the reload")
    expect(bot_messages(page)).to_have_count(3)
    assert bot_messages(page).all_inner_texts()[1:] == ["Hồ sơ của bạn đã có kết quả.",
                                                        "Cán bộ phường: mời bạn mang bản chính."]
    page.context.close()


def test_a_message_the_page_never_got_comes_at_its_next_load(browser, site):  # noqa: F811
    """A message the page never displayed (its poll's answer lost, then the page reloaded) is not lost."""
    url, sessions = site
    page = open_page(browser, PHONE)
    page.route(POLL, lambda route: route.abort())  # the poll's answer never arrives
    page.goto(url)
    expect(bot_messages(page)).to_have_count(1)
    session_id = page.evaluate("localStorage.getItem('tlcd-session')")
    WebAdapter(sessions).push(session_id, [Reply("Phản ánh của bạn đã được xử lý.")], "test:3")
    check_updates(page)
    page.wait_for_timeout(500)
    expect(bot_messages(page)).to_have_count(1)

    page.unroute(POLL)
    page.reload()
    expect(bot_messages(page).last).to_have_text("Phản ánh của bạn đã được xử lý.")
    wait_until(lambda: undelivered(sessions, session_id) == [], "the acknowledgement")
    page.context.close()
