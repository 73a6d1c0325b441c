"""One retention run: each rule erases its rows batch by batch, each batch in its own transaction.

The audit log gets one entry per real run with the counts and periods (nothing personal);
a dry run only counts.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from retention.rules import HANDOFF_MESSAGES, LOOKUP_SENDERS, REPORT_PHONES, ZALO_EVENTS, Rule
from retention.settings import RetentionSettings
from staff.audit import record
from storage.database import utcnow

ACTOR = "retention"  # the audit log's actor: no staff account runs this job


def periods(settings: RetentionSettings) -> dict[Rule, int]:
    return {REPORT_PHONES: settings.report_phone_days, LOOKUP_SENDERS: settings.dossier_lookup_days,
            HANDOFF_MESSAGES: settings.handoff_days, ZALO_EVENTS: settings.zalo_queue_days}


def run(sessions: sessionmaker[Session], settings: RetentionSettings, dry_run: bool = False,
        now: dt.datetime | None = None) -> dict[str, int]:
    """How many rows each rule erased (or would erase, in a dry run), by rule name."""
    now = now or utcnow()
    counts = {}
    for rule, days in periods(settings).items():
        cutoff = now - dt.timedelta(days=days)
        counts[rule.name] = _count(sessions, rule, cutoff) if dry_run else _erase(sessions, rule, cutoff, now,
                                                                                  settings.batch_size)
    if not dry_run:
        with sessions.begin() as session:
            record(session, ACTOR, "retention.run", now=now, **counts,
                   days={rule.name: days for rule, days in periods(settings).items()})
    return counts


def _count(sessions: sessionmaker[Session], rule: Rule, cutoff: dt.datetime) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(rule.candidates(cutoff).subquery()))


def _erase(sessions: sessionmaker[Session], rule: Rule, cutoff: dt.datetime, now: dt.datetime, batch: int) -> int:
    erased = 0
    while True:
        with sessions.begin() as session:
            ids = list(session.scalars(rule.candidates(cutoff).limit(batch)))
            count = rule.erase(session, ids, now) if ids else 0
        if count == 0:  # done; also stops if rows changed under us and none of the batch qualified any more
            return erased
        erased += count
