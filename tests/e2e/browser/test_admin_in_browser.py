"""Ward staff at work in headless Chromium: the admin against the real bot, with nothing restarted.

An editor publishes a fee and the chat's next answer carries it; an editor attaches questions the
bot could not answer and the bot then answers them; a case officer's reply to a report reaches the
reporter through the notification dispatcher and a fake Telegram Bot API (the HTTP boundary).
"""

from __future__ import annotations

import subprocess
import time
import uuid

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from evaluation.servers import APP_PYTHON, REPO_ROOT
from knowledge_editing import reverting
from knowledge_editing.models import KnowledgeRevision
from staff.accounts import create_user, user_named
from staff.models import Role
from storage.database import session_scope
from tests.e2e.browser.conftest import DESKTOP, PHONE, ask, bot_messages, open_chat, open_page, screenshot
from tests.notifications.fake_bot_api import FakeBotApiServer
from urban_reports.drafts import ReportDraft
from urban_reports.locations import Location
from urban_reports.service import file_report

pytestmark = pytest.mark.e2e

PASSWORD = "mật khẩu đủ dài cho cán bộ"
TABLET = {"width": 768, "height": 1024}
KHAI_TU = "1.000656"
FEE_QUESTION = "khai tử cho ba nội lệ phí bao nhiêu"
RESIDENCE_CONFIRMATION = "1.010041"  # Xác nhận thông tin về cư trú: the paper residents call "CT07", after its form
UNKNOWN_NAME = "xin qx07 cần giấy tờ gì"  # a name no table knows (CT07 is now a known colloquial name)
LIVE_SECONDS = 10  # the action server looks for publications every 2 s


@pytest.fixture(scope="module")
def staff_names(bot) -> dict[Role, str]:
    """One account per role, with names no other test uses."""
    suffix = uuid.uuid4().hex[:6]
    names = {role: f"{role.value.replace('_', '-')}-{suffix}" for role in Role}
    with session_scope(bot.database_url) as session:
        for role, name in names.items():
            create_user(session, name, PASSWORD, role)
    return names


def signed_in(browser, web_url: str, username: str, viewport: dict = DESKTOP) -> Page:
    page = open_page(browser, viewport)
    page.goto(f"{web_url}/admin/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.locator(".who")).to_have_text(username)
    return page


def filed_report(bot, conversation_id: str) -> str:
    """A report filed as the chat files one (anonymously); its code."""
    draft = ReportDraft("garbage", "Rác đổ đống đầu hẻm 12 mấy ngày nay", Location(10.7725, 106.6980), anonymous=True)
    with session_scope(bot.database_url) as session:
        return file_report(session, draft, conversation_id, "vi").code


def answer_within(page: Page, question: str, wanted: str) -> str:
    """Ask in the chat until the bot's answer shows `wanted` or LIVE_SECONDS pass; the last answer."""
    deadline = time.monotonic() + LIVE_SECONDS
    while True:
        ask(page, question)
        answer = bot_messages(page).last.inner_text()
        if wanted in answer or time.monotonic() > deadline:
            return answer
        time.sleep(1)


def test_a_fee_published_in_the_admin_is_in_the_chats_next_answer(browser, bot, web_url, staff_names):
    chat = open_page(browser, PHONE)
    open_chat(chat, web_url)
    ask(chat, FEE_QUESTION)
    expect(bot_messages(chat).last).not_to_contain_text("123.000 đồng")

    admin = signed_in(browser, web_url, staff_names[Role.EDITOR])
    admin.get_by_role("link", name="Cơ sở tri thức").click()
    admin.get_by_label("Tìm theo mã, tên thủ tục hoặc câu hỏi").fill("khai tu")
    admin.get_by_role("button", name="Tìm").click()
    admin.get_by_role("link", name=KHAI_TU).click()
    admin.locator("input[name='fees-0-amount']").fill("123000")
    admin.get_by_role("button", name="Xem trước").click()
    expect(admin.locator("body")).to_contain_text("123.000 đồng")  # the bot's answer, before anyone sees it
    admin.get_by_role("button", name="Xuất bản").click()
    expect(admin.locator(".notice")).to_be_visible()
    screenshot(admin, "admin-fee-published")
    try:
        answer = answer_within(chat, FEE_QUESTION, "123.000 đồng")
        assert "123.000 đồng" in answer and KHAI_TU in answer, answer
    finally:
        with session_scope(bot.database_url) as session:
            published = session.scalars(select(KnowledgeRevision).where(KnowledgeRevision.target_id == KHAI_TU)
                                        .order_by(KnowledgeRevision.id.desc())).first()
            reverting.revert(session, user_named(session, staff_names[Role.EDITOR]), published.id)
    chat.context.close()
    admin.context.close()


def test_questions_attached_to_a_procedure_are_answered_by_the_bot(browser, bot, web_url, staff_names):
    chat = open_page(browser, PHONE)
    open_chat(chat, web_url)
    ask(chat, UNKNOWN_NAME)
    expect(bot_messages(chat).last).to_contain_text("chưa tìm thấy thủ tục")

    admin = signed_in(browser, web_url, staff_names[Role.EDITOR], TABLET)
    admin.get_by_role("link", name="Câu hỏi chưa trả lời được").click()
    group = admin.locator(".card, li, tr").filter(has_text=UNKNOWN_NAME).last
    group.get_by_label("Mã thủ tục").fill(RESIDENCE_CONFIRMATION)
    group.get_by_role("button", name="Gắn vào thủ tục").click()
    expect(admin.locator(".notice")).to_contain_text(RESIDENCE_CONFIRMATION)
    expect(admin.locator("main")).not_to_contain_text(UNKNOWN_NAME)  # the group left the queue
    screenshot(admin, "admin-unanswered-attached")

    answer = answer_within(chat, UNKNOWN_NAME, "cư trú")
    assert "Xác nhận thông tin về cư trú" in answer and RESIDENCE_CONFIRMATION in answer, answer
    chat.context.close()
    admin.context.close()


def test_a_reply_to_a_report_reaches_the_reporter_on_telegram(browser, bot, web_url, staff_names):
    chat_id = 7_000_000 + int(uuid.uuid4().int % 1_000_000)
    code = filed_report(bot, f"telegram:{chat_id}")

    admin = signed_in(browser, web_url, staff_names[Role.CASE_OFFICER], TABLET)
    admin.get_by_role("link", name="Phản ánh", exact=True).click()
    admin.get_by_role("link", name=code).click()
    admin.get_by_label("Trạng thái").select_option(label="Đã xử lý xong")
    reply = "Tổ vệ sinh đã thu gom rác đầu hẻm 12 sáng nay. Cảm ơn bạn đã phản ánh."
    admin.get_by_label("Trả lời người phản ánh").fill(reply)
    admin.get_by_role("button", name="Lưu và báo người phản ánh").click()
    expect(admin.locator("h1")).to_contain_text("Đã xử lý xong")
    screenshot(admin, "admin-report-replied")
    admin.context.close()

    telegram = FakeBotApiServer()
    try:
        subprocess.run([str(APP_PYTHON), "-m", "notifications", "dispatch", "--once"], cwd=REPO_ROOT,
                       env=telegram.dispatcher_env(bot.database_url), check=True, capture_output=True, timeout=120)
        received = [text for to, text in telegram.messages if to == chat_id]
    finally:
        telegram.close()
    assert received and code in received[0] and reply in received[0], telegram.messages
    assert len(received) == len(set(received)), received  # nothing sent twice


def test_the_dashboard_draws_its_charts_on_a_tablet(browser, bot, web_url, staff_names):
    filed_report(bot, "web:dashboard-test")
    admin = signed_in(browser, web_url, staff_names[Role.ADMIN], TABLET)
    errors: list[str] = []
    admin.on("pageerror", lambda error: errors.append(str(error)))
    admin.get_by_role("link", name="Số liệu").click()
    charts = admin.locator("canvas.chart")
    expect(charts.first).to_be_visible()
    admin.wait_for_function("() => window.Chart && [...document.querySelectorAll('canvas.chart')]"
                            ".every(canvas => Chart.getChart(canvas) !== undefined)")
    assert not errors, errors
    assert admin.evaluate("document.documentElement.scrollWidth") <= TABLET["width"]  # no sideways scrolling
    screenshot(admin, "admin-dashboard")
    admin.context.close()


def test_the_admin_needs_no_network_beyond_this_app(browser, web_url, staff_names):
    """Every script and style comes from this app (no CDN): the admin works in a closed ward network."""
    admin = signed_in(browser, web_url, staff_names[Role.ADMIN])
    origins = set()
    admin.on("request", lambda request: origins.add(request.url.split("/")[2]))
    for link in ("Số liệu", "Phản ánh", "Tài khoản"):
        admin.get_by_role("link", name=link, exact=True).click()
    assert origins == {web_url.split("/")[2]}, origins
    admin.context.close()

