"""A migrated database (SQLite, and PostgreSQL with -m postgres) holding a few seed procedures and an editor."""

import pytest

from knowledge.importer import upsert_records
from knowledge.models import ProcedureAlias
from knowledge.reference_data import shipped_records
from staff.accounts import create_user
from staff.models import Role
from storage.database import session_scope
from tests.database_cleanup import empty_tables
from tests.knowledge.conftest import database_url, postgres_url  # noqa: F401 (fixtures used by name)

CODES = ("1.004194", "1.001193", "1.014061")  # tạm trú, khai sinh, căn cước
TAM_TRU, KHAI_SINH, CAN_CUOC = CODES


@pytest.fixture
def db_url(database_url):  # noqa: F811 (the imported fixture)
    records, aliases = shipped_records()
    with session_scope(database_url) as session:
        upsert_records(session, [r for r in records if r["code"] in CODES], progress=False)
        session.flush()
        session.add_all(ProcedureAlias(procedure_code=code, alias=alias) for code in CODES for alias in aliases[code])
        create_user(session, "editor", "mật khẩu đủ dài", Role.EDITOR)
        create_user(session, "editor2", "mật khẩu đủ dài", Role.EDITOR)
    yield database_url
    empty_tables(database_url,
                 "knowledge_revisions", "staff_users", "staff_audit_log",
                 then="UPDATE knowledge_version SET value = 0")


@pytest.fixture
def editor(db_url):
    from staff.accounts import user_named

    with session_scope(db_url) as session:
        return user_named(session, "editor")
