"""The documents to bring and each channel's processing time are edited, validated, answered and kept on re-import."""

import pytest

from knowledge.answer_text import render_summary
from knowledge.importer import upsert_records
from knowledge.reference_data import shipped_records
from knowledge_editing import procedures, reverting
from knowledge_editing.errors import Invalid
from knowledge_editing.fees import TIME_WITHOUT_UNIT, time_field
from localization import gettext_for
from storage.database import session_scope
from tests.knowledge_editing.conftest import CAN_CUOC


def current(db_url):
    with session_scope(db_url) as session:
        procedure = procedures.load(session, CAN_CUOC)
        return procedures.version_of(procedure), procedures.snapshot(procedure)


def rows(record, **changes):
    """The document rows as the form shows them, with {index: {field: typed}} changes."""
    shown = [procedures.document_fields(document) for document in record["documents"]]
    for index, typed in changes.items():
        shown[int(index.removeprefix("row"))] |= typed
    return shown


def test_documents_are_changed_added_and_removed_as_one_revision(db_url, editor):
    page_version, before = current(db_url)
    new = {"group": "", "name": "Giấy khai sinh", "form_name": "", "copies_original": "", "copies_copy": "1"}
    typed = rows(before, row1={"copies_original": "2"}, row2={"remove": True}) + [new, {}]
    with session_scope(db_url) as session:
        revision = procedures.save(session, editor, CAN_CUOC, page_version, {}, [], [], typed)
        assert list(revision.diff) == ["documents"]
    _, after = current(db_url)
    assert after["documents"][0] == before["documents"][0]  # untouched rows stay exactly as stored
    assert (after["documents"][1]["copies_original"], after["documents"][1]["copies_text"]) == (2, "2 bản chính")
    assert after["documents"][2] == {"group": None, "name": "Giấy khai sinh", "form_name": None,
                                     "copies_original": None, "copies_copy": 1, "copies_text": "1 bản sao"}
    assert len(after["documents"]) == 3
    answer = render_summary(after, gettext_for("vi"), "vi")
    assert "Giấy khai sinh (1 bản sao)" in answer and before["documents"][2]["name"][:40] not in answer
    with session_scope(db_url) as session:
        assert "documents" in procedures.load(session, CAN_CUOC).locally_edited_fields
        reverting.revert(session, editor, revision.id)
    assert current(db_url)[1]["documents"] == before["documents"]


def test_a_document_needs_a_name_and_plain_copy_numbers(db_url, editor):
    page_version, before = current(db_url)
    typed = rows(before, row0={"name": "  "}, row1={"copies_copy": "hai"}) + [{"name": "", "copies_copy": "1"}]
    with session_scope(db_url) as session, pytest.raises(Invalid) as invalid:
        procedures.save(session, editor, CAN_CUOC, page_version, {}, [], [], typed)
    assert set(invalid.value.errors) == {"document-0", "document-1", "document-3"}
    assert current(db_url) == (page_version, before)


def test_rows_the_form_did_not_send_are_kept(db_url, editor):
    page_version, before = current(db_url)
    with session_scope(db_url) as session:
        assert procedures.save(session, editor, CAN_CUOC, page_version, {}, [], [], []) is None
    assert current(db_url)[1]["documents"] == before["documents"]


def test_a_processing_time_per_channel_is_published_and_answered(db_url, editor):
    page_version, before = current(db_url)
    times = ["5 ngày làm việc", time_field(before["channels"][1])]
    with session_scope(db_url) as session:
        revision = procedures.save(session, editor, CAN_CUOC, page_version, {}, [], times)
        assert list(revision.diff) == ["channels"]
    _, after = current(db_url)
    assert after["channels"][0] == before["channels"][0] | {"time_value": 5.0, "time_text": "5 Ngày làm việc"}
    assert after["channels"][1] == before["channels"][1]
    answer = render_summary(after, gettext_for("vi"), "vi")
    assert "Trực tiếp: cổng dịch vụ công không ghi; 5 ngày làm việc" in answer


def test_a_bare_number_of_days_is_refused(db_url, editor):
    page_version, before = current(db_url)
    with session_scope(db_url) as session, pytest.raises(Invalid) as invalid:
        procedures.save(session, editor, CAN_CUOC, page_version, {}, [], ["", "7"])
    assert invalid.value.errors == {"time-1": TIME_WITHOUT_UNIT}
    assert current(db_url) == (page_version, before)


def test_a_catalogue_re_import_keeps_the_edited_documents(db_url, editor):
    page_version, before = current(db_url)
    with session_scope(db_url) as session:
        procedures.save(session, editor, CAN_CUOC, page_version, {}, [], [], rows(before, row0={"remove": True}))
    records, _ = shipped_records()
    with session_scope(db_url) as session:
        report = upsert_records(session, [r for r in records if r["code"] == CAN_CUOC], progress=False)
    assert report.skipped_local_edits == 1
    assert current(db_url)[1]["documents"] == before["documents"][1:]
