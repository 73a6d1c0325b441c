"""A real browser (Debian's headless Chromium, driven by Playwright) against the web app on loopback.

The web app runs in a thread of this process with werkzeug's server and talks
over HTTP to the real Rasa and action servers of the `bot` fixture.
Screenshots go to test-artifacts/screenshots/. Set-up: `make browser-deps`.
"""

from __future__ import annotations

import http.server
import os
import threading
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright
from werkzeug.serving import make_server

from webapp import create_app

HERE = Path(__file__).resolve().parent
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
AXE_SCRIPT = HERE / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = HERE.parents[2] / "test-artifacts" / "screenshots"
KIOSK_IDLE_SECONDS = 3
# Without the background-networking flags Chromium keeps calling out to a network this machine does not have.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update"]
PHONE = {"width": 360, "height": 740}
expect.set_options(timeout=20_000)  # a first answer may wait for the bot's models to warm up
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture(scope="session")
def web_url(bot) -> str:
    app = create_app({"RASA_URL": bot.rasa_url, "APP_DATABASE_URL": bot.database_url,
                      "KIOSK_IDLE_SECONDS": KIOSK_IDLE_SECONDS, "MEDIA_DIR": bot.media_dir})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def ward_site(web_url) -> str:
    """A ward's own web page on another origin (localhost, its own port) that embeds the bubble with one tag."""
    page = ('<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>UBND phường</title></head><body>'
            f'<main><h1>Trang phường</h1></main><script src="{web_url}/widget.js" data-lang="en" '
            'data-position="left" data-title="Ask the ward"></script></body></html>').encode()

    class WardSite(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), WardSite)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://localhost:{server.server_port}/"
    server.shutdown()


@pytest.fixture(scope="module")  # Playwright's sync API holds an event loop: end it before other tests use asyncio
def browser() -> Browser:
    if not CHROMIUM.exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: run `make browser-deps` (make test does)")
    if not AXE_SCRIPT.exists():
        pytest.fail(f"no axe-core at {AXE_SCRIPT}: run `make browser-deps` (make test does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_page(browser: Browser, viewport: dict, **context_options) -> Page:
    context = browser.new_context(viewport=viewport, locale="vi-VN", **context_options)
    page = context.new_page()
    page.set_default_timeout(30_000)
    return page


@pytest.fixture(params=[PHONE, DESKTOP], ids=["phone-360x740", "desktop-1280x800"])
def page(browser, request) -> Page:
    page = open_page(browser, request.param, geolocation={"latitude": 10.7769, "longitude": 106.7009},
                     permissions=["geolocation"])
    yield page
    page.context.close()


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    path = SCREENSHOTS / f"{name}-{size['width']}x{size['height']}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def serious_accessibility_violations(page: Page) -> list[str]:
    page.evaluate(AXE_SCRIPT.read_text())  # not an inline <script>: the pages' CSP forbids those
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def bot_messages(page: Page) -> Locator:
    return page.locator("#log .msg.bot")


def open_chat(page: Page, url: str) -> None:
    """Open the chat and wait for the greeting, so that later counts of bot messages are stable."""
    page.goto(url)
    expect(bot_messages(page).first).to_contain_text("Xin chào")


def ask(page: Page, text: str) -> None:
    before = bot_messages(page).count()
    page.fill("#message", text)
    page.keyboard.press("Enter")
    expect(bot_messages(page)).not_to_have_count(before)
