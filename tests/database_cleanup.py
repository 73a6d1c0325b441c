"""The PostgreSQL test database is shared by the whole session (each SQLite one belongs to one test), so the
fixtures empty the tables their tests wrote."""

from sqlalchemy import text

from storage.database import make_engine


def empty_tables(url: str, *tables: str, then: str = "") -> None:
    """TRUNCATE … CASCADE the tables (and run `then`) when `url` is the shared PostgreSQL database."""
    if url.startswith("postgresql"):
        with make_engine(url).begin() as connection:
            connection.execute(text(f"TRUNCATE {', '.join(tables)} CASCADE"))
            if then:
                connection.execute(text(then))
