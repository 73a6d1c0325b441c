"""The running knowledge base answers with published changes within its refresh period, without a restart."""

import pytest
from sqlalchemy import select

from knowledge.models import UnansweredQuestion
from knowledge.service import KnowledgeBase
from knowledge_editing import procedures, unanswered
from knowledge_editing.errors import EditRefused
from storage.database import session_factory, session_scope
from tests.knowledge_editing.conftest import CAN_CUOC, KHAI_SINH, TAM_TRU

DOG = ["đăng ký nuôi chó cần giấy tờ gì", "dang ky nuoi cho o dau", "đăng ký nuôi chó mất bao lâu"]


@pytest.fixture
def kb(db_url, tmp_path):
    return KnowledgeBase(session_factory(db_url), tmp_path / "search", refresh_seconds=0)


def ask(db_url, *questions):
    with session_scope(db_url) as session:
        session.add_all(UnansweredQuestion(text=q, match_key=q, channel="web") for q in questions)


def test_a_published_fee_is_answered_at_once(db_url, editor, kb):
    with session_scope(db_url) as session:
        procedure = procedures.load(session, TAM_TRU)
        procedures.save(session, editor, TAM_TRU, procedures.version_of(procedure), {}, [("25000", "")])
    assert kb.procedure(TAM_TRU)["channels"][0]["fee_vnd"] == 25000


def test_an_unchanged_version_costs_one_query_and_no_reload(db_url, kb, monkeypatch):
    monkeypatch.setattr(kb, "_read", lambda: pytest.fail("reloaded without a publication"))
    assert kb.procedure(KHAI_SINH)["code"] == KHAI_SINH


def test_questions_are_grouped_with_counts_and_first_and_last_seen(db_url):
    ask(db_url, *DOG, "xin giấy phép bán hàng rong")
    with session_scope(db_url) as session:
        groups = unanswered.open_groups(session)
    assert [g.count for g in groups] == [3, 1]
    assert groups[0].texts == DOG and groups[0].first_seen <= groups[0].last_seen


def test_an_attached_group_becomes_aliases_the_search_finds_and_leaves_the_queue(db_url, editor, kb):
    assert kb.search(DOG[0]).hits[0].code != CAN_CUOC
    ask(db_url, *DOG)
    with session_scope(db_url) as session:
        ids = unanswered.open_groups(session)[0].ids
        assert "đăng ký nuôi chó" in unanswered.attach_to_procedure(session, editor, ids, CAN_CUOC)
    for question in DOG:
        result = kb.search(question)
        assert (result.hits[0].code, result.decision) == (CAN_CUOC, "answer")
    with session_scope(db_url) as session:
        assert unanswered.open_groups(session) == []
        with pytest.raises(EditRefused):  # a second editor acting on the same group is told
            unanswered.attach_to_procedure(session, editor, ids, KHAI_SINH)


def test_a_group_can_become_an_faq_entry(db_url, editor):
    ask(db_url, "phường làm việc mấy giờ", "phuong lam viec may gio")
    with session_scope(db_url) as session:
        group = unanswered.open_groups(session)[0]
        entry = unanswered.create_faq(session, editor, group.ids, "Giờ làm việc của phường?", "7g30 đến 17g")
        assert entry.variants == ["phường làm việc mấy giờ", "phuong lam viec may gio"]
        assert session.scalars(select(UnansweredQuestion).where(UnansweredQuestion.resolved_at.is_(None))).all() == []
