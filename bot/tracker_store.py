"""Rasa's SQL tracker store, with connections checked before use (`pool_pre_ping`).

After a PostgreSQL restart the stock store's first query meets a stale pooled connection, and Rasa's
fail-safe store then answers that message from an empty conversation (a report form in progress would
start over). Used by `bot/endpoints.prod.yml`; proved by `tests/chaos/test_postgres_restart.py`.
"""

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs


class PrePingSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
