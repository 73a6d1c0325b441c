"""enqueue, discard and counts, in the caller's transaction (SQLite and PostgreSQL)."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select

from channels.messages import Button, Reply
from notifications.outbox import OutboxMessage, counts, discard, enqueue
from storage.database import Base, make_engine

REPLIES = [Reply("Hồ sơ đã có kết quả.", (Button("Tra cứu hồ sơ", "/check_dossier"),)), Reply("Cảm ơn bạn.")]


def rows(session):
    return session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_the_migration_creates_the_table_the_model_describes(database_url):
    with make_engine(database_url).connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert [d for d in differences if "notification_outbox" in repr(d)] == []


def test_a_key_is_enqueued_once_with_its_rendered_replies(sessions):
    with sessions.begin() as session:
        assert enqueue(session, "telegram:777", REPLIES, "report-status:1:2", "report_status")
        assert not enqueue(session, "telegram:777", [Reply("other")], "report-status:1:2", "report_status")
    with sessions() as session:
        [row] = rows(session)
    assert (row.kind, row.conversation_id, row.state, row.attempts, row.sent_at) == (
        "report_status", "telegram:777", "pending", 0, None)
    assert [Reply.from_rasa(reply) for reply in row.replies] == REPLIES
    assert row.next_attempt_at == row.created_at  # due at once


def test_a_rolled_back_transaction_leaves_no_row(sessions):
    with pytest.raises(RuntimeError), sessions.begin() as session:
        enqueue(session, "web:s1", REPLIES, "k1", "dossier_status")
        raise RuntimeError("the caller's change failed")
    with sessions() as session:
        assert rows(session) == []


def test_discard_drops_only_undelivered_rows(sessions):
    with sessions.begin() as session:
        for key in ("k1", "k2", "k3"):
            enqueue(session, "web:s1", REPLIES, key, "dossier_status")
        session.flush()
        rows(session)[0].state = "sent"
    with sessions.begin() as session:
        assert discard(session, ["k1", "k2", "unknown"]) == 1 and discard(session, []) == 0
        assert [(row.idempotency_key, row.state) for row in rows(session)] == [("k1", "sent"), ("k3", "pending")]


def test_counts_by_kind_and_state(sessions):
    with sessions.begin() as session:
        assert counts(session) == {}
        for key, kind in (("d1", "dossier_status"), ("d2", "dossier_status"), ("r1", "report_status")):
            enqueue(session, "web:s1", REPLIES, key, kind)
        session.flush()
        rows(session)[0].state = "dead"
    with sessions() as session:
        assert counts(session) == {"dossier_status": {"dead": 1, "pending": 1}, "report_status": {"pending": 1}}
