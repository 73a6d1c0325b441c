"""Edits are validated, kept as revisions with a diff, announced by the version, and can be reverted."""

import datetime as dt

import pytest
from sqlalchemy import select

from knowledge.models import FaqEntry
from knowledge_editing import faq, procedures, reverting, version
from knowledge_editing.errors import Conflict, EditRefused, Invalid
from knowledge_editing.fees import fee_fields
from knowledge_editing.models import KnowledgeRevision
from knowledge_editing.reverting import CHANGED_AGAIN
from staff.models import AuditEntry
from storage.database import session_scope
from tests.knowledge_editing.conftest import TAM_TRU


def current(db_url):
    with session_scope(db_url) as session:
        procedure = procedures.load(session, TAM_TRU)
        return procedures.version_of(procedure), procedures.snapshot(procedure)


def test_a_fee_edit_is_published_with_its_diff_author_and_version(db_url, editor):
    page_version, before = current(db_url)
    with session_scope(db_url) as session:
        revision = procedures.save(session, editor, TAM_TRU, page_version, {},
                                   [("15.000", "cá nhân"), fee_fields(before["channels"][1])])
    _, after = current(db_url)
    assert after["channels"][0]["fee_vnd"] == 15000 and after["channels"][0]["fee_text"] == "15.000 đồng (cá nhân)"
    assert after["channels"][1] == before["channels"][1]  # submitted as shown: the published text stays
    with session_scope(db_url) as session:
        stored = session.get(KnowledgeRevision, revision.id)
        assert list(stored.diff) == ["channels"] and stored.author == "editor"
        assert stored.knowledge_version == version.published(session) == 1
        assert procedures.load(session, TAM_TRU).locally_edited_fields == ["channels"]
        audit = session.scalar(select(AuditEntry).where(AuditEntry.action == "knowledge.edit"))
        assert audit.target_id == TAM_TRU and audit.summary["fields"] == ["channels"]


def test_invalid_input_saves_nothing(db_url, editor):
    page_version, before = current(db_url)
    with session_scope(db_url) as session, pytest.raises(Invalid) as invalid:
        procedures.save(session, editor, TAM_TRU, page_version, {"name": "  "}, [("-1", "")])
    assert set(invalid.value.errors) == {"name", "fee-0"}
    assert current(db_url) == (page_version, before)


def test_the_second_of_two_editors_is_told_and_the_first_save_stays(db_url, editor):
    page_version, _ = current(db_url)
    with session_scope(db_url) as session:
        procedures.save(session, editor, TAM_TRU, page_version, {"audience": "Công dân Việt Nam"}, [])
    with session_scope(db_url) as session, pytest.raises(Conflict):
        procedures.save(session, editor, TAM_TRU, page_version, {"audience": "Người nước ngoài"}, [])
    assert current(db_url)[1]["audience"] == "Công dân Việt Nam"


def test_a_revert_restores_the_fields_and_is_itself_a_revision(db_url, editor):
    page_version, before = current(db_url)
    with session_scope(db_url) as session:
        edit = procedures.save(session, editor, TAM_TRU, page_version, {"steps": "Bước 1\nBước 2"}, [])
    with session_scope(db_url) as session:
        undo = reverting.revert(session, editor, edit.id)
        assert undo.reverts_id == edit.id and undo.action == "revert"
    assert current(db_url)[1]["steps"] == before["steps"]
    with session_scope(db_url) as session, pytest.raises(EditRefused) as refused:
        reverting.revert(session, editor, edit.id)  # the steps are no longer what that edit wrote
    assert refused.value.message == CHANGED_AGAIN


def test_checked_with_the_source_sets_the_date(db_url, editor):
    moment = dt.datetime(2026, 12, 10, 3, 0)
    with session_scope(db_url) as session:
        revision = procedures.verify(session, editor, TAM_TRU, now=moment)
        assert revision.diff["verified_at"] == [None, moment.isoformat()]
        assert procedures.load(session, TAM_TRU).verified_at == moment


def test_faq_entries_are_created_edited_with_locking_and_reverted(db_url, editor):
    with session_scope(db_url) as session:
        entry = faq.create(session, editor, "Giờ làm việc của phường?", ["phuong lam viec may gio"], "7g30 đến 17g")
        entry_id = entry.id
        page_version = faq.version_of(entry)
    assert entry_id == "gio-lam-viec-cua-phuong"
    with session_scope(db_url) as session:
        edit = faq.save(session, editor, entry_id, page_version, "Giờ làm việc của phường?", "", "7g đến 17g", "active")
    with session_scope(db_url) as session, pytest.raises(Conflict):
        faq.save(session, editor, entry_id, page_version, "Giờ làm việc?", "", "8g", "active")
    with session_scope(db_url) as session, pytest.raises(Invalid):
        faq.save(session, editor, entry_id, faq.version_of(faq.load(session, entry_id)), "x", "", " ", "active")
    with session_scope(db_url) as session:
        reverting.revert(session, editor, edit.id)
    with session_scope(db_url) as session:
        assert session.get(FaqEntry, entry_id).answer == "7g30 đến 17g"
        assert session.get(FaqEntry, entry_id).variants == ["phuong lam viec may gio"]
