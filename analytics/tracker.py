"""What the Rasa tracker store tells: conversations per day and channel, fallbacks, procedures answered.

The store is Rasa's own (SQL tracker store, table `events`), opened read-only: its location
comes from RASA_TRACKER_DB like in bot/endpoints.yml, a SQLite file path or a database URL.
A missing store reads as no conversations, so the dashboard opens before the bot ever ran.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import Connection, Engine, column, create_engine, inspect, select, table

from analytics.days import epoch, vietnam_day
from storage.database import REPO_ROOT

DEFAULT_PATH = "var/rasa_tracker.db"
FALLBACK_ACTION = "action_fallback"
PROCEDURE_SLOT = "last_procedure_code"

events = table("events", column("id"), column("sender_id"), column("type_name"), column("timestamp"),
               column("action_name"), column("data"))


@dataclass(frozen=True)
class Turns:
    conversations: int  # distinct conversations with a message from the resident
    user_turns: int
    fallback_turns: int  # user turns the bot answered first with action_fallback


def tracker_engine() -> Engine | None:
    """The tracker store (TRACKER_STORE_URL in the production profile, where RASA_TRACKER_DB is Rasa's database
    name), or None when its SQLite file does not exist (yet)."""
    location = os.environ.get("TRACKER_STORE_URL") or os.environ.get("RASA_TRACKER_DB") or DEFAULT_PATH
    if "://" in location:
        return _engine(location)
    path = (REPO_ROOT / location).resolve()
    return _engine(f"sqlite:///file:{path}?mode=ro&uri=true") if path.exists() else None


@lru_cache(maxsize=4)
def _engine(url: str) -> Engine:
    return create_engine(url)


def has_events(connection: Connection) -> bool:
    return inspect(connection).has_table("events")


def channel_of(sender_id: str) -> str:
    """Conversation ids are "<channel>:<sender>" (web, zalo, telegram); others come from Rasa's own channels."""
    return sender_id.split(":", 1)[0] if ":" in sender_id else "rasa"


def conversations_per_day(connection: Connection, since: dt.datetime) -> Counter[tuple[str, str]]:
    """(Vietnam day 'YYYY-MM-DD', channel) -> conversations with a resident's message that day."""
    seen = {(vietnam_day(dt.datetime.fromtimestamp(timestamp, dt.timezone.utc)), channel_of(sender), sender)
            for sender, timestamp in connection.execute(
                select(events.c.sender_id, events.c.timestamp)
                .where(events.c.type_name == "user", events.c.timestamp >= epoch(since)))}
    return Counter((day, channel) for day, channel, _sender in seen)


def turns(connection: Connection, since: dt.datetime) -> Turns:
    """Count resident turns and those whose first reply was the fallback (action_listen is not a reply)."""
    rows = connection.execute(
        select(events.c.sender_id, events.c.type_name, events.c.action_name)
        .where(events.c.timestamp >= epoch(since), events.c.type_name.in_(("user", "action")),
               events.c.action_name.is_(None) | (events.c.action_name != "action_listen"))
        .order_by(events.c.sender_id, events.c.id))
    senders, user_turns, fallbacks, waiting = set(), 0, 0, False
    for sender, kind, action in rows:
        if kind == "user":
            senders.add(sender)
            user_turns += 1
            waiting = True
        elif waiting:
            fallbacks += action == FALLBACK_ACTION
            waiting = False
    return Turns(len(senders), user_turns, fallbacks)


def procedures_answered(connection: Connection, since: dt.datetime) -> Counter[str]:
    """Procedure code -> answers given: action_answer_procedure sets `last_procedure_code` with each answer."""
    rows = connection.execute(
        select(events.c.data).where(events.c.type_name == "slot", events.c.timestamp >= epoch(since),
                                    events.c.data.like(f'%"{PROCEDURE_SLOT}"%')))
    slots = (json.loads(data) for (data,) in rows)
    return Counter(slot["value"] for slot in slots if slot.get("name") == PROCEDURE_SLOT and slot.get("value"))
