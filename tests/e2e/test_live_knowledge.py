"""A fee published in the admin reaches the running bot within seconds, without restarting anything."""

import time

import pytest

from knowledge_editing import procedures, reverting
from knowledge_editing.fees import fee_fields
from staff.accounts import create_user
from storage.database import session_scope

pytestmark = pytest.mark.e2e

KHAI_TU = "1.000656"
QUESTION = "khai tử cho ba nội lệ phí bao nhiêu"
DEADLINE_SECONDS = 10


def answer_within(bot, wanted: str) -> str:
    """Ask until the answer shows `wanted` or the deadline passes; the last answer."""
    deadline = time.monotonic() + DEADLINE_SECONDS
    while True:
        answer = bot.text_of(QUESTION)
        if wanted in answer or time.monotonic() > deadline:
            return answer
        time.sleep(0.5)


def test_a_published_fee_is_in_the_next_answers_within_seconds(bot):
    assert "123.000 đồng" not in bot.text_of(QUESTION)
    with session_scope(bot.database_url) as session:
        editor = create_user(session, "live-editor", "mật khẩu đủ dài", "editor")
        procedure = procedures.load(session, KHAI_TU)
        fees = [("123000", "")] + [fee_fields(channel) for channel in procedures.snapshot(procedure)["channels"][1:]]
        revision = procedures.save(session, editor, KHAI_TU, procedures.version_of(procedure), {}, fees)
    try:
        started = time.monotonic()
        answer = answer_within(bot, "123.000 đồng")
        assert "123.000 đồng" in answer and f"mã {KHAI_TU}" in answer, answer
        assert time.monotonic() - started <= DEADLINE_SECONDS
    finally:
        with session_scope(bot.database_url) as session:
            reverting.revert(session, editor, revision.id)
