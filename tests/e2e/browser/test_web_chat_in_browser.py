"""The web chat in headless Chromium at phone and desktop sizes, against the real bot."""

from __future__ import annotations

import datetime as dt
import io
import re
import uuid

import pytest
from PIL import Image
from playwright.sync_api import expect

from channels.outbound import WebAdapter
from dossiers.registry import DossierFields, record_status
from dossiers.statuses import DossierStatus
from notifications.dispatcher import Dispatcher
from storage.database import session_factory, session_scope
from tests.e2e.browser.conftest import (
    DESKTOP,
    KIOSK_IDLE_SECONDS,
    PHONE,
    ask,
    bot_messages,
    open_chat,
    open_page,
    screenshot,
    serious_accessibility_violations,
)

pytestmark = pytest.mark.e2e


def test_a_whole_conversation_with_buttons_links_and_typed_numbers(page, web_url):
    page.goto(web_url)
    expect(bot_messages(page).first).to_contain_text("Xin chào")
    menu = page.locator("#log .buttons").last.locator("button")
    expect(menu.first).to_have_text("1. Hỏi thủ tục hành chính")

    menu.first.click()  # a tap sends the button's intent payload; the resident sees its title
    expect(page.locator("#log .msg.user").last).to_have_text("Hỏi thủ tục hành chính")
    expect(bot_messages(page)).to_have_count(2)

    ask(page, "lam cccd can giay to gi")  # unaccented, as residents type
    answer = bot_messages(page).last
    expect(answer).to_contain_text("căn cước")
    link = answer.locator("a").first
    expect(link).to_have_attribute("href", re.compile(r"^https://dichvucong\.gov\.vn/"))
    expect(link).to_have_attribute("target", "_blank")
    expect(link).to_have_attribute("rel", "noopener noreferrer")

    ask(page, "menu")
    ask(page, "2")  # typing a menu number works like tapping it
    expect(page.locator("#log .msg.user").last).to_have_text("Tra cứu hồ sơ")
    screenshot(page, "conversation")


def test_the_page_is_operable_by_keyboard(page, web_url):
    page.goto(web_url)
    expect(page.locator("#log .buttons button").first).to_be_visible()
    page.locator("#log .buttons button").first.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#log .msg.user").last).to_have_text("Hỏi thủ tục hành chính")
    page.locator("#message").focus()
    page.keyboard.type("le phi lam ho chieu")
    page.keyboard.press("Enter")
    expect(page.locator("#log .msg.bot").last).to_contain_text("hộ chiếu")  # the answer, or the question asked


def test_no_serious_accessibility_violations(page, web_url):
    page.goto(web_url)
    expect(page.locator("#log .buttons button").first).to_be_visible()
    ask(page, "đăng ký tạm trú cần gì")
    assert serious_accessibility_violations(page) == []


def test_reload_keeps_the_conversation(page, web_url):
    open_chat(page, web_url)
    ask(page, "thủ tục đăng ký khai sinh")
    session_id = page.evaluate("localStorage.getItem('tlcd-session')")
    shown = bot_messages(page).all_inner_texts()
    page.reload()
    expect(bot_messages(page)).to_have_count(len(shown))
    assert bot_messages(page).all_inner_texts() == shown
    assert page.evaluate("localStorage.getItem('tlcd-session')") == session_id
    ask(page, "còn lệ phí bao nhiêu")  # the bot remembers the procedure: same conversation on the server
    expect(bot_messages(page).last).to_contain_text("khai sinh")


def test_script_tags_typed_in_are_shown_as_text(page, web_url):
    open_chat(page, web_url)
    typed = '<script>window.hacked = 1</script><img src=x onerror="window.hacked = 2"><b>đậm</b>'
    ask(page, typed)
    expect(page.locator("#log .msg.user").last).to_have_text(typed)
    assert page.evaluate("window.hacked") is None
    assert page.locator("#log b, #log script, #log img").count() == 0


def test_offline_shows_a_message_and_retry_sends_again(page, web_url):
    page.goto(web_url)
    expect(bot_messages(page)).to_have_count(1)
    page.route("**/api/chat", lambda route: route.abort())
    page.fill("#message", "xin chào")
    page.keyboard.press("Enter")
    retry = page.locator("#log .notice button.retry")
    expect(page.locator("#log .notice")).to_contain_text("Không kết nối được máy chủ")
    page.unroute("**/api/chat")
    retry.click()
    expect(bot_messages(page)).to_have_count(2)
    expect(page.locator("#log .notice")).to_have_count(0)


def test_photo_and_location_reach_the_bot(page, web_url, tmp_path):
    page.goto(web_url)
    expect(bot_messages(page)).to_have_count(1)
    photo = tmp_path / "ổ-gà.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "gray").save(buffer, "JPEG")
    photo.write_bytes(buffer.getvalue())
    page.set_input_files("#photo", str(photo))
    expect(page.locator("#log .msg.user").last).to_have_text("Đã gửi một ảnh")
    expect(bot_messages(page)).to_have_count(2)
    expect(bot_messages(page).last).to_contain_text("phản ánh")

    page.click("#location-button")
    expect(page.locator("#log .msg.user").last).to_have_text("Đã gửi vị trí (10.77690, 106.70090)")
    expect(bot_messages(page)).to_have_count(3)


def test_a_non_image_upload_is_refused_with_a_reason(page, web_url, tmp_path):
    page.goto(web_url)
    expect(bot_messages(page)).to_have_count(1)
    fake = tmp_path / "anh.jpg"
    fake.write_text("not really a photo")
    page.set_input_files("#photo", str(fake))
    expect(page.locator("#log .notice")).to_contain_text("không phải ảnh")


def test_the_resident_can_switch_to_english_and_back(page, web_url):
    page.goto(web_url)
    expect(bot_messages(page)).to_have_count(1)
    page.click("#language")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#composer button[type=submit]")).to_have_text("Send")
    expect(bot_messages(page).last).to_contain_text("English")
    page.reload()  # the choice is remembered
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.click("#language")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(bot_messages(page).last).to_contain_text("tiếng Việt")


def test_kiosk_starts_on_a_prompt_and_forgets_the_resident_after_inactivity(browser, web_url):
    page = open_page(browser, DESKTOP)
    page.goto(f"{web_url}/?kiosk=1")
    start = page.locator("#start")
    expect(start).to_be_visible()
    assert serious_accessibility_violations(page) == []
    start.click()
    expect(bot_messages(page)).to_have_count(1)
    ask(page, "làm hộ chiếu ở đâu")
    screenshot(page, "kiosk")
    page.wait_for_timeout((KIOSK_IDLE_SECONDS + 1) * 1000)
    expect(start).to_be_visible()
    expect(page.locator("#log .msg")).to_have_count(0)
    assert page.evaluate("localStorage.getItem('tlcd-session')") is None
    page.reload()
    expect(page.locator("#log .msg")).to_have_count(0)
    page.context.close()


def test_one_script_tag_embeds_the_bubble_on_another_site(browser, ward_site):
    page = open_page(browser, PHONE)
    page.goto(ward_site)
    bubble = page.locator(".tlcd-bubble")
    expect(bubble).to_have_attribute("aria-label", "Open the citizen assistant")
    bubble.click()
    frame = page.frame_locator("iframe.tlcd-panel")
    expect(frame.locator("h1")).to_have_text("Ask the ward")
    expect(frame.locator("#log .msg.bot").first).to_contain_text("Hello")
    screenshot(page, "widget")
    assert serious_accessibility_violations(page) == []
    frame.locator("#close").click()
    expect(page.locator("iframe.tlcd-panel")).to_be_hidden()
    page.context.close()


def test_a_followed_dossier_shows_in_my_dossiers_and_its_next_change_arrives_in_the_chat(browser, bot, web_url):
    receipt = "000.00.31.H29-251120-0777"
    with session_scope(bot.database_url) as session:
        record_status(session, receipt, DossierStatus.PROCESSING, dt.datetime(2025, 11, 20, 2, 0), "import",
                      f"browser-{uuid.uuid4().hex}", DossierFields(procedure_name="Đăng ký kết hôn",
                                                                   applicant_phone="0987654321"))
    page = open_page(browser, PHONE)
    open_chat(page, web_url)
    ask(page, f"tra cứu hồ sơ {receipt}")
    ask(page, "4321")
    expect(bot_messages(page).last).to_contain_text("Đã xác minh")
    page.locator("#log .buttons").last.get_by_role("button", name=re.compile("Nhận thông báo")).click()
    expect(bot_messages(page).last).to_contain_text("Đã đăng ký")
    page.click("#my-dossiers-button")
    expect(page.locator("#my-dossiers-list")).to_contain_text(f"{receipt} — Đăng ký kết hôn: Đang xử lý")

    with session_scope(bot.database_url) as session:
        record_status(session, receipt, DossierStatus.PROCESSED, dt.datetime(2025, 11, 21, 2, 0), "webhook",
                      f"browser-{uuid.uuid4().hex}")
    sessions = session_factory(bot.database_url)
    Dispatcher(sessions, [WebAdapter(sessions)]).run_once()
    page.evaluate("window.dispatchEvent(new Event('online'))")  # what the page also does every 15 s
    expect(bot_messages(page).last).to_contain_text("Đã xử lý xong")
    page.context.close()


def test_the_qr_code_of_a_printed_guide_opens_the_chat_at_that_guide(browser, web_url):
    page = open_page(browser, PHONE)
    page.goto(f"{web_url}/guides/vneid_level2")
    expect(page.locator("body")).to_contain_text("Cài ứng dụng VNeID")
    expect(page.locator("img[src^='data:image/svg+xml']")).to_have_count(1)
    page.goto(f"{web_url}/?start=guide:vneid_level2")  # where the printed QR code points
    expect(bot_messages(page).first).to_contain_text("bước")  # which guide this is and how many steps
    expect(bot_messages(page).last).to_contain_text("Công an phường")  # registered yet?
    page.locator("#log .buttons button").first.click()  # "Chưa đăng ký"
    expect(bot_messages(page).last).to_contain_text("gắn chip")
    page.context.close()
