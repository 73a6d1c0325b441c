"""Pending messages are handed out exactly once, oldest first, also to concurrent callers."""

import threading

import pytest

from channels.__main__ import main as channels_cli
from channels.messages import Button, Reply
from channels.pending import deliver_pending, keep, pending_groups, take_pending

REPLIES = [Reply("Hồ sơ của bạn đã có kết quả.", (Button("Tra cứu hồ sơ", "/check_dossier"),)),
           Reply("Mời bạn đến nhận kết quả.")]


def run_concurrently(target, count: int = 4) -> None:
    barrier = threading.Barrier(count)

    def wrapped():
        barrier.wait()
        target()

    threads = [threading.Thread(target=wrapped) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def test_take_pending_returns_the_replies_once_oldest_first(sessions):
    with sessions.begin() as session:
        keep(session, "web", "session-a", REPLIES, "awaiting_web_poll")
        keep(session, "web", "session-b", [Reply("khác")], "awaiting_web_poll")
    with sessions.begin() as session:
        assert take_pending(session, "web", "session-a") == REPLIES
    with sessions.begin() as session:
        assert take_pending(session, "web", "session-a") == []
        assert take_pending(session, "zalo", "session-b") == []
        assert take_pending(session, "web", "session-b") == [Reply("khác")]


def test_a_rolled_back_take_leaves_the_replies_pending(sessions):
    with sessions.begin() as session:
        keep(session, "web", "s", REPLIES, "awaiting_web_poll")
    with sessions() as session:
        assert take_pending(session, "web", "s") == REPLIES
        session.rollback()
    with sessions.begin() as session:
        assert take_pending(session, "web", "s") == REPLIES


def test_concurrent_takers_share_the_replies_without_duplicates(sessions):
    with sessions.begin() as session:
        keep(session, "web", "s", [Reply(str(i)) for i in range(20)], "awaiting_web_poll")
    taken: list[list[Reply]] = []

    def take():
        with sessions.begin() as session:
            taken.append(take_pending(session, "web", "s"))

    run_concurrently(take)
    assert sorted(int(r.text) for batch in taken for r in batch) == list(range(20))


def test_deliver_pending_marks_only_what_was_sent(sessions):
    with sessions.begin() as session:
        keep(session, "zalo", "u1", [Reply("1"), Reply("2"), Reply("3")], "outside_zalo_window")
    sent = []

    def send_until_the_second_fails(reply):
        if reply.text == "2":
            raise OSError("network down")
        sent.append(reply.text)

    with pytest.raises(OSError):
        deliver_pending(sessions, "zalo", "u1", send_until_the_second_fails)
    assert sent == ["1"]
    assert deliver_pending(sessions, "zalo", "u1", lambda reply: sent.append(reply.text)) == 2
    assert sent == ["1", "2", "3"]


def test_concurrent_deliveries_send_each_message_once(sessions):
    with sessions.begin() as session:
        keep(session, "zalo", "u1", [Reply(str(i)) for i in range(6)], "outside_zalo_window")
    sent, lock = [], threading.Lock()

    def send(reply):
        with lock:
            sent.append(reply.text)

    run_concurrently(lambda: deliver_pending(sessions, "zalo", "u1", send))
    assert sorted(sent) == [str(i) for i in range(6)]


def test_counts_by_channel_and_reason_and_a_masked_listing(sessions, database_url, monkeypatch, capsys):
    with sessions.begin() as session:
        keep(session, "zalo", "5510185758261927916", REPLIES, "outside_zalo_window")
        keep(session, "web", "session-abcdefgh", REPLIES[:1], "awaiting_web_poll")
    with sessions() as session:
        groups = [(g.channel, g.reason, g.count) for g in pending_groups(session)]
    assert groups == [("web", "awaiting_web_poll", 1), ("zalo", "outside_zalo_window", 2)]
    monkeypatch.setenv("APP_DATABASE_URL", database_url)
    channels_cli(["pending", "--list", "--channel", "zalo"])
    printed = capsys.readouterr().out
    assert "zalo / outside_zalo_window: 2 tin, cũ nhất 0 giờ 0 phút" in printed
    assert "…7916" in printed and "5510185758261927916" not in printed and "session-abcdefgh" not in printed
    assert "Hồ sơ" not in printed  # message bodies may carry personal data
