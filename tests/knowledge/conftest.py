"""A migrated, empty app database on SQLite and on PostgreSQL (a throwaway database per session)."""

import uuid

import pytest
from sqlalchemy import create_engine, text

from storage.database import session_factory, upgrade

POSTGRES_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@pytest.fixture(scope="session")
def postgres_url():
    name = f"test_kb_{uuid.uuid4().hex[:8]}"
    admin = create_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # noqa: BLE001 - the reason goes in the failure message
        pytest.fail(f"PostgreSQL on 127.0.0.1:5432 is needed for these tests: {error}")
    yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    url = f"sqlite:///{tmp_path / 'app.db'}" if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    upgrade(url)
    yield url
    if request.param == "postgresql":
        with create_engine(url).begin() as connection:
            connection.execute(text("TRUNCATE procedures, procedure_aliases, faq_entries, directory_entries, "
                                    "admin_unit_mappings, unanswered_questions CASCADE"))


@pytest.fixture
def sessions(database_url):
    return session_factory(database_url)
