"""Deliver the notification outbox through the channel adapters: `python -m notifications dispatch`.

A dispatcher claims a batch of due rows in one short transaction: on PostgreSQL with
`FOR UPDATE SKIP LOCKED`, so several dispatchers share the outbox without waiting on
each other (on SQLite run one). Claiming adds an attempt and moves `next_attempt_at`
to the end of a lease, so a claimed row is not due for anyone else while it is being
sent. The batch is pushed by a few threads (`concurrency`: a channel's network latency,
not the CPU, is what a dispatcher mostly waits for), and each row's outcome is committed
as soon as its push returns, in its own transaction: sent (a message the adapter kept
pending, web or Zalo outside its window, counts as handed over: `pending_messages`
delivers it), retried later with exponential back-off, or dead after a permanent
failure or `max_attempts` attempts. `python -m notifications requeue` puts dead rows
back to pending (`outbox.requeue`).

Which failures are retried (`transient`), whatever the adapter said:
- permanent, dead at the first attempt: the resident or the message cannot be reached on
  this conversation, and trying again would fail the same way: the resident blocked the
  bot or left the chat, the chat or user id does not exist, the message was refused as
  malformed (`telegram_refused`, `bad_telegram_chat_id`, Zalo's other error codes such as
  -213, not following the OA), a conversation id without a sender (`bad_conversation_id`)
  or of a channel nothing serves (`unknown_channel`);
- transient, retried with back-off and dead only after `max_attempts` attempts: what an
  operator or time fixes, without the resident doing anything: a failed token refresh
  (`zalo_token_refresh`, Zalo's -216/-220 token errors: re-authorise the OA), a channel
  this dispatcher has no adapter for yet (`channel_not_configured`: its settings are
  missing), rate limits (Zalo -32, Telegram flood control), a connection error, a time-out
  or a 5xx (`telegram_unavailable`, `zalo_unreachable`), an adapter that raised
  (`adapter_error`);
- any other failure: as the adapter flagged it (`Delivery.retryable`).
With the defaults (8 attempts, 30 s doubled) a row is dead about an hour after its first
attempt; after fixing the cause, requeue the dead rows.

The guarantee, when a dispatcher is killed at any point:
- nothing is lost: a row is marked sent only after its adapter answered; a claimed row
  that was not marked comes back when its lease ends, and is sent then;
- nothing is duplicated where the channel can carry the row's idempotency key: the
  web chat and Zalo users outside their window get their messages through
  `pending_messages`, whose rows are unique by that key, so a row pushed again after a
  kill between the push and the commit is kept once and shown once;
- Telegram's sendMessage and Zalo's /message/cs take no such key: there a kill that
  lands after the channel accepted a message and before the commit that marks it sent
  repeats that message, at most the rows in flight (`concurrency`) per killed
  dispatcher, with the same text (rendered when it was enqueued).
A dispatcher stops sending a batch when its lease is about to end, so a slow channel
cannot make two dispatchers send the same row.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Sequence

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from channels.messages import Reply
from channels.outbound import ChannelAdapter, Delivery, push
from channels.zalo.outbound import RATE_LIMITED_ERROR
from channels.zalo.tokens import EXPIRED_TOKEN_ERRORS
from notifications.outbox import OutboxMessage, State
from storage.database import utcnow

logger = logging.getLogger(__name__)

# Failure reasons (the part before ":") retried whatever the adapter said, and those never retried.
TRANSIENT = frozenset({"zalo_token_refresh", "channel_not_configured", "zalo_unreachable", "telegram_unavailable",
                       "adapter_error",
                       *(f"zalo_error_{code}" for code in (*EXPIRED_TOKEN_ERRORS, RATE_LIMITED_ERROR))})
PERMANENT = frozenset({"bad_conversation_id", "unknown_channel", "bad_telegram_chat_id", "telegram_refused"})


def transient(delivery: Delivery) -> bool:
    """Whether a failed delivery may succeed if tried again later (the rule in the module docstring)."""
    kind = delivery.reason.partition(":")[0].strip()
    if kind in PERMANENT:
        return False
    return kind in TRANSIENT or delivery.retryable


@dataclass(frozen=True)
class DispatchSettings:
    batch_size: int = 100
    concurrency: int = 4  # pushes in flight at once
    max_attempts: int = 8  # then the row is dead
    backoff_base: float = 30.0  # seconds before the first retry, doubled at each further attempt
    backoff_cap: float = 6 * 3600.0
    lease: float = 300.0  # seconds a claimed batch belongs to its dispatcher
    idle_wait: float = 1.0  # seconds between polls of an empty outbox

    @classmethod
    def from_env(cls, batch_size: int | None = None) -> DispatchSettings:
        env = os.environ.get
        return cls(batch_size=batch_size or int(env("NOTIFY_BATCH_SIZE", "100")),
                   concurrency=int(env("NOTIFY_CONCURRENCY", "4")),
                   max_attempts=int(env("NOTIFY_MAX_ATTEMPTS", "8")),
                   backoff_base=float(env("NOTIFY_BACKOFF_BASE_SECONDS", "30")),
                   backoff_cap=float(env("NOTIFY_BACKOFF_CAP_SECONDS", str(6 * 3600))),
                   lease=float(env("NOTIFY_LEASE_SECONDS", "300")),
                   idle_wait=float(env("NOTIFY_IDLE_SECONDS", "1")))

    def backoff(self, attempts: int) -> dt.timedelta:
        return dt.timedelta(seconds=min(self.backoff_cap, self.backoff_base * 2 ** max(attempts - 1, 0)))


@dataclass(frozen=True)
class Claimed:
    """One outbox row this dispatcher holds the lease of."""

    id: int
    idempotency_key: str
    attempts: int  # this one included
    conversation_id: str
    replies: tuple[Reply, ...]


class Dispatcher:
    def __init__(self, sessions: sessionmaker[Session], adapters: Sequence[ChannelAdapter],
                 settings: DispatchSettings | None = None) -> None:
        self._sessions, self._adapters = sessions, adapters
        self.settings = settings or DispatchSettings()
        self._pool = ThreadPoolExecutor(self.settings.concurrency, thread_name_prefix="dispatch")
        self._last_beat = time.monotonic()

    def healthy(self, within: float) -> bool:
        """Whether the loop polled, or a delivery finished, within the last `within` seconds (health checks)."""
        return time.monotonic() - self._last_beat <= within

    def run_once(self) -> int:
        """Claim one batch of due rows and deliver it; the number of rows claimed."""
        lease_end = utcnow() + dt.timedelta(seconds=self.settings.lease)
        stop_at = lease_end - dt.timedelta(seconds=self.settings.lease / 10)
        batch = self._claim(lease_end)
        list(self._pool.map(lambda claimed: self._deliver_before(claimed, stop_at), batch))
        return len(batch)

    def run(self, once: bool = False) -> None:
        """Deliver until stopped (or, with `once`, until nothing is due)."""
        while True:
            self._last_beat = time.monotonic()
            if self.run_once() == 0:
                if once:
                    return
                time.sleep(self.settings.idle_wait)

    def _claim(self, lease_end: dt.datetime) -> list[Claimed]:
        with self._sessions.begin() as session:
            ids = session.scalars(
                select(OutboxMessage.id)
                .where(OutboxMessage.state == State.PENDING.value, OutboxMessage.next_attempt_at <= utcnow())
                .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
                .limit(self.settings.batch_size).with_for_update(skip_locked=True)).all()
            if not ids:
                return []
            rows = session.execute(
                update(OutboxMessage).where(OutboxMessage.id.in_(ids))
                .values(attempts=OutboxMessage.attempts + 1, next_attempt_at=lease_end)
                .returning(OutboxMessage.id, OutboxMessage.idempotency_key, OutboxMessage.attempts,
                           OutboxMessage.conversation_id, OutboxMessage.replies)).all()
        return [Claimed(*row[:4], tuple(Reply.from_rasa(reply) for reply in row.replies)) for row in sorted(rows)]

    def _deliver_before(self, claimed: Claimed, stop_at: dt.datetime) -> None:
        if utcnow() < stop_at:  # otherwise it is due again when the lease ends
            self._finish(claimed, self._deliver(claimed))

    def _deliver(self, claimed: Claimed) -> Delivery:
        try:
            return push(claimed.conversation_id, claimed.replies, self._adapters, claimed.idempotency_key)
        except Exception as error:  # noqa: BLE001 - an adapter bug must not stop the other deliveries
            # Only the type: an exception's message may carry the recipient or the text.
            logger.error("%s: the adapter raised %s", claimed.idempotency_key, type(error).__name__)
            return Delivery.failed(f"adapter_error: {type(error).__name__}", retryable=True)

    def _finish(self, claimed: Claimed, delivery: Delivery) -> None:
        self._last_beat = time.monotonic()  # a long batch is progress too
        now = utcnow()
        if delivery.status in ("sent", "pending"):
            values = {"state": State.SENT.value, "sent_at": now, "last_error": None}
        elif transient(delivery) and claimed.attempts < self.settings.max_attempts:
            values = {"next_attempt_at": now + self.settings.backoff(claimed.attempts),
                      "last_error": delivery.reason[:200]}
        else:
            values = {"state": State.DEAD.value, "last_error": delivery.reason[:200]}
            logger.warning("%s dead after %d attempt(s): %s", claimed.idempotency_key, claimed.attempts,
                           delivery.reason[:200])
        with self._sessions.begin() as session:
            session.execute(update(OutboxMessage).values(**values).where(
                OutboxMessage.id == claimed.id, OutboxMessage.state == State.PENDING.value))
