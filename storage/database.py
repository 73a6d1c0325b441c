"""Engine and session set-up for the app database (SQLite by default, PostgreSQL in production).

The URL comes from APP_DATABASE_URL; without it the app uses `var/app.db`, so
`make run` needs no server. Every model of every feature derives from `Base`,
and its tables are created by the one Alembic chain in `storage/migrations`.
"""

from __future__ import annotations

import datetime as dt
import os
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from sqlalchemy import MetaData, create_engine, event
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = f"sqlite:///{REPO_ROOT / 'var' / 'app.db'}"

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def utcnow() -> dt.datetime:
    """Naive UTC: how every DateTime column of the app database stores time."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def dialect_insert(session: Session):
    """INSERT with ON CONFLICT support for the session's database (PostgreSQL in production, SQLite otherwise)."""
    return postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


def database_url() -> str:
    return os.environ.get("APP_DATABASE_URL") or DEFAULT_URL


def make_engine(url: str | None = None) -> Engine:
    """One engine per URL; without a URL, the one APP_DATABASE_URL names now (read at each call)."""
    return _engine(url or database_url())


@lru_cache(maxsize=8)
def _engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        Path(url.split("///", 1)[-1]).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(connection, _record) -> None:
    # pysqlite's own transaction handling breaks SAVEPOINTs (releasing one commits everything);
    # SQLAlchemy's documented recipe: let SQLAlchemy emit BEGIN itself (see _begin).
    connection.isolation_level = None
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _begin(connection) -> None:
    connection.exec_driver_sql("BEGIN")


def session_factory(url: str | None = None) -> sessionmaker[Session]:
    return sessionmaker(make_engine(url), expire_on_commit=False)


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    with session_factory(url).begin() as session:
        yield session


def upgrade(url: str | None = None) -> None:
    """`alembic upgrade head` on the given database (the default one without a URL)."""
    from alembic import command
    from alembic.config import Config

    config = Config(str(REPO_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(REPO_ROOT / "storage" / "migrations"))
    config.attributes["url"] = url or database_url()
    command.upgrade(config, "head")
