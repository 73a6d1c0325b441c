"""The catalogue re-import review says per procedure what the import does, and writes nothing."""

from knowledge.importer import ProcedureChange, review, upsert_records
from knowledge.reference_data import shipped_records
from knowledge_editing import procedures
from storage.database import session_scope
from tests.knowledge_editing.conftest import CAN_CUOC, KHAI_SINH, TAM_TRU

NEW_CODE = "1.004873"


def test_the_review_matches_the_import_and_names_the_fields(db_url, editor):
    with session_scope(db_url) as session:
        procedure = procedures.load(session, KHAI_SINH)
        procedures.save(session, editor, KHAI_SINH, procedures.version_of(procedure), {"steps": "Bước 1"}, [])
    records = {r["code"]: r for r in shipped_records()[0] if r["code"] in (TAM_TRU, KHAI_SINH, CAN_CUOC, NEW_CODE)}
    records[TAM_TRU] |= {"name": "Đăng ký tạm trú (tên mới)", "channels": []}
    records[KHAI_SINH]["steps"] = "Bước 1 và 2"
    with session_scope(db_url) as session:
        changes = {change.code: change for change in review(session, list(records.values()))}
        report = upsert_records(session, list(records.values()), dry_run=True, progress=False)
    assert changes[TAM_TRU] == ProcedureChange(TAM_TRU, "Đăng ký tạm trú", "changed", ("channels", "name"))
    assert changes[KHAI_SINH] == ProcedureChange(KHAI_SINH, "Thủ tục đăng ký khai sinh", "unchanged", (), ("steps",))
    assert (changes[CAN_CUOC].outcome, changes[NEW_CODE].outcome) == ("unchanged", "new")
    assert (report.created, report.updated, report.unchanged, report.skipped_local_edits) == (1, 1, 2, 1)
    with session_scope(db_url) as session:
        assert procedures.load(session, TAM_TRU).name == "Đăng ký tạm trú"
