"""Alembic environment: the URL comes from the caller (storage.database.upgrade) or APP_DATABASE_URL."""

from alembic import context

import channels.deliveries  # noqa: F401  (these imports register the tables on Base.metadata)
import channels.interactions  # noqa: F401
import channels.pending  # noqa: F401
import channels.zalo.queue  # noqa: F401
import channels.zalo.tokens  # noqa: F401
import dossiers.models  # noqa: F401
import feedback.models  # noqa: F401
import handoff.models  # noqa: F401
import knowledge.models  # noqa: F401
import notifications.outbox  # noqa: F401
import open311.models  # noqa: F401
import staff.models  # noqa: F401
import urban_reports.models  # noqa: F401
from storage.database import Base, database_url, make_engine

config = context.config
target_metadata = Base.metadata


def run_migrations_offline() -> None:
    context.configure(url=config.attributes.get("url") or database_url(), target_metadata=target_metadata,
                      literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    url = config.attributes.get("url") or database_url()
    with make_engine(url).connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
