"""Answer the Zalo inbound queue (`channels.zalo.queue`): in the web app, or as `python -m channels zalo-worker`.

The web app runs a worker thread per process while the queue has queued rows: it starts when the
app starts (so what a killed process left is picked up) and whenever the webhook queues a message,
and ends when nothing is queued any more. `python -m channels zalo-worker` runs the same loop as a
process of its own (ZALO_WORKER_IN_WEB=0 then keeps the web app from answering). Several workers,
threads or processes, share the queue through claims with a lease (PostgreSQL: SKIP LOCKED).

For each claimed message the worker delivers what was kept pending for the resident, fetches and
stores a photo (`channels.zalo.media`), hands the message to staff during a handoff, or asks Rasa,
then sends the replies. When Rasa (or Zalo's CDN) fails (connection error, time-out, 5xx, no
answer) the resident gets one polite "busy" reply and the message is tried again with exponential
back-off; after ZALO_QUEUE_MAX_ATTEMPTS attempts it is marked failed (logged, counted by
`python -m channels zalo-queue`) and the resident is told to write again.

The guarantee, when a worker is killed at any point: nothing is lost (the row comes back when its
lease ends) and Rasa's answer is sent once. Rasa's replies are written down before the first is
sent, and each reply is counted as soon as Zalo accepted it, after a renewal of the lease just
before the call (so no other worker takes the message over meanwhile): only a kill after Zalo
accepted a reply and before it was counted repeats that one reply. A kill while Rasa is answering
asks Rasa again (its tracker then has the message twice; the resident gets one answer).

Settings (environment):
- ZALO_QUEUE_MAX_ATTEMPTS (8): attempts before a message is marked failed;
- ZALO_QUEUE_BACKOFF_SECONDS (15), doubled at each further attempt up to ZALO_QUEUE_BACKOFF_CAP_SECONDS
  (900): with the defaults a message fails about half an hour after it came;
- ZALO_QUEUE_LEASE_SECONDS (60): how long a claimed message belongs to its worker (renewed before each
  send); keep it above RASA_TIMEOUT_SECONDS plus the photo download (a worker that overruns it may
  have asked Rasa for nothing, never sends twice); a killed worker's message waits that long;
- ZALO_QUEUE_POLL_SECONDS (1): how often an idle worker looks for due messages;
- ZALO_QUEUE_THREADS (4): messages (of different residents) answered at once by one worker;
- ZALO_WORKER_IN_WEB (1): 0 when a separate `python -m channels zalo-worker` answers instead;
- RASA_URL, RASA_TIMEOUT_SECONDS, MEDIA_DIR, MAX_PHOTO_BYTES, ZALO_* as for the web app.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Sequence

import requests
from sqlalchemy.orm import Session, sessionmaker

from channels.messages import InboundMessage, Reply
from channels.photos import RejectedPhoto, max_photo_bytes, media_dir
from channels.rasa_bridge import RasaUnavailable, ask_rasa
from channels.zalo import queue
from channels.zalo.media import PhotoUnavailable, store_zalo_photo
from channels.zalo.outbound import RATE_LIMITED_ERROR, ZaloAdapter
from channels.zalo.queue import Claimed, Status
from channels.zalo.sender import ZaloSendError
from channels.zalo.settings import ZaloSettings
from channels.zalo.tokens import EXPIRED_TOKEN_ERRORS, TokenRefreshError, token_store
from handoff.service import route_inbound
from localization import N_, gettext_for
from storage.database import utcnow

logger = logging.getLogger(__name__)
_ = gettext_for("vi")
BUSY = N_("Hệ thống đang bận, chưa trả lời được tin nhắn của bạn. Trợ lý sẽ trả lời ngay khi có thể, "
          "bạn không cần gửi lại.")
GAVE_UP = N_("Xin lỗi, hệ thống chưa trả lời được tin nhắn của bạn. Bạn vui lòng gửi lại sau ít phút.")
SEND_ERRORS = (ZaloSendError, TokenRefreshError, requests.RequestException, OSError)


@dataclass(frozen=True)
class QueueSettings:
    max_attempts: int = 8
    backoff_base: float = 15.0
    backoff_cap: float = 900.0
    lease: float = 60.0
    poll: float = 1.0
    threads: int = 4

    @classmethod
    def from_env(cls) -> QueueSettings:
        env = os.environ.get
        return cls(max_attempts=int(env("ZALO_QUEUE_MAX_ATTEMPTS", "8")),
                   backoff_base=float(env("ZALO_QUEUE_BACKOFF_SECONDS", "15")),
                   backoff_cap=float(env("ZALO_QUEUE_BACKOFF_CAP_SECONDS", "900")),
                   lease=float(env("ZALO_QUEUE_LEASE_SECONDS", "60")),
                   poll=float(env("ZALO_QUEUE_POLL_SECONDS", "1")),
                   threads=max(1, int(env("ZALO_QUEUE_THREADS", "4"))))

    def backoff(self, attempts: int) -> dt.timedelta:
        return dt.timedelta(seconds=min(self.backoff_cap, self.backoff_base * 2 ** max(attempts - 1, 0)))


class Retry(Exception):
    """This attempt failed for a reason that may pass (`reason` carries no personal data).

    `busy`: the assistant itself could not answer (Rasa, Zalo's CDN), so the resident is told to wait.
    `final`: trying again would fail the same way (Zalo refused the reply for good).
    """

    def __init__(self, reason: str, busy: bool = False, final: bool = False) -> None:
        super().__init__(reason)
        self.reason, self.busy, self.final = reason[:200], busy, final


@dataclass(frozen=True)
class Bot:
    """Where the worker's answers come from and where the photos go."""

    rasa_url: str
    rasa_timeout: float
    media_root: Path | None = None  # MEDIA_DIR when None
    max_photo_bytes: int | None = None  # MAX_PHOTO_BYTES when None

    @classmethod
    def from_env(cls) -> Bot:
        return cls(os.environ.get("RASA_URL", "http://127.0.0.1:5005"),
                   float(os.environ.get("RASA_TIMEOUT_SECONDS", "15")), media_dir(), max_photo_bytes())


class InboundWorker:
    def __init__(self, sessions: sessionmaker[Session], settings: ZaloSettings, bot: Bot,
                 queue_settings: QueueSettings | None = None) -> None:
        self._sessions, self.settings, self.bot = sessions, settings, bot
        self.queue_settings = queue_settings or QueueSettings()
        self._adapter = ZaloAdapter(settings, sessions, token_store(settings, sessions))
        self._wake = threading.Event()
        self._stop = threading.Event()

    # -- the loop ---------------------------------------------------------------------------------------------

    def wake(self) -> None:
        """A message was queued: look now rather than at the next poll."""
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()

    def run_once(self) -> int:
        """Claim the due messages (up to `threads`) and answer them; the number claimed (tests, --once)."""
        claimed = queue.claim(self._sessions, self.queue_settings.threads,
                              dt.timedelta(seconds=self.queue_settings.lease))
        with ThreadPoolExecutor(max(1, len(claimed)), thread_name_prefix="zalo-answer") as pool:
            list(pool.map(self.answer, claimed))
        return len(claimed)

    def run(self, until_idle: Callable[[], bool] | None = None) -> None:
        """Answer until stopped; with `until_idle`, also return when nothing is in flight or due and it says so.

        `until_idle` is asked only when the queue looked empty of due messages; it returns True to stop.
        """
        in_flight: set[Future] = set()
        failures = 0
        with ThreadPoolExecutor(self.queue_settings.threads, thread_name_prefix="zalo-answer") as pool:
            while not self._stop.is_set():
                in_flight = {future for future in in_flight if not future.done()}
                free = self.queue_settings.threads - len(in_flight)
                self._wake.clear()
                try:
                    claimed = queue.claim(self._sessions, free, dt.timedelta(seconds=self.queue_settings.lease))
                    failures = 0
                except Exception as error:  # noqa: BLE001 - the database may be restarting: try again
                    failures += 1
                    logger.error("zalo queue: could not claim messages: %s", type(error).__name__)
                    self._stop.wait(min(30.0, self.queue_settings.poll * 2 ** min(failures, 5)))
                    continue
                in_flight |= {pool.submit(self.answer, one) for one in claimed}
                if claimed:
                    continue
                if not in_flight and until_idle is not None and until_idle():
                    return
                if in_flight and not free:
                    wait(in_flight, timeout=self.queue_settings.poll, return_when=FIRST_COMPLETED)
                else:
                    self._wake.wait(self.queue_settings.poll)

    # -- one message ----------------------------------------------------------------------------------------------

    def answer(self, claimed: Claimed) -> None:
        """Answer one claimed message, or leave it for a retry (or failed) saying why; never raises."""
        try:
            self._answer(claimed)
        except Retry as retry:
            self._retry_later(claimed, retry)
        except Exception as error:  # noqa: BLE001 - a bug must not stop the worker: the message is retried
            logger.exception("zalo queue: message #%s: unexpected error", claimed.id)
            self._retry_later(claimed, Retry(f"worker_error: {type(error).__name__}"))

    def _answer(self, claimed: Claimed) -> None:
        replies = claimed.replies
        if replies is None:
            replies = self._replies(claimed)
            if replies is None:  # handed to staff
                self._finish(claimed)
                return
            with self._sessions.begin() as session:
                if not queue.update_claimed(session, claimed, replies=[reply.as_json() for reply in replies]):
                    return self._lost(claimed)
        for index in range(claimed.sent_replies, len(replies)):
            if not self._send_one(claimed, index, replies[index]):
                return self._lost(claimed)
        self._finish(claimed)

    def _replies(self, claimed: Claimed) -> Sequence[Reply] | None:
        """The replies to send; None when the message went to staff. Raises Retry."""
        message = claimed.inbound()
        try:
            self._adapter.flush_pending(message.sender)
        except SEND_ERRORS as error:
            logger.error("zalo queue: pending messages not delivered before message #%s: %s", claimed.id,
                         type(error).__name__)
        if message.image_url and not message.image_url.startswith("media://"):
            try:
                message = self._stored_photo(claimed, message)
            except RejectedPhoto as refused:
                logger.info("zalo queue: photo of message #%s refused: %s", claimed.id, refused)
                return [Reply(text=refused.text(_))]
        message = route_inbound(self._sessions, message)
        if message is None:
            return None
        try:
            return ask_rasa(self.bot.rasa_url, message, self.bot.rasa_timeout)
        except RasaUnavailable as error:
            raise Retry(f"rasa_unavailable: {str(error)[:150]}", busy=True) from None

    def _stored_photo(self, claimed: Claimed, message: InboundMessage) -> InboundMessage:
        try:
            reference = store_zalo_photo(message.image_url, self.settings.media_hosts, self.bot.media_root,
                                         self.bot.max_photo_bytes)
        except PhotoUnavailable as error:
            raise Retry(str(error), busy=True) from None
        with self._sessions.begin() as session:  # a retry uses the stored photo instead of downloading it again
            queue.update_claimed(session, claimed, message={**claimed.message, "image_url": reference})
        return replace(message, image_url=reference)

    def _send_one(self, claimed: Claimed, index: int, reply: Reply) -> bool:
        """Send one reply and count it; False if the claim was lost.

        The lease is renewed first, so nobody can take the message over while Zalo takes the reply;
        no database transaction stays open during the call (a token refresh writes to the database).
        """
        lease_end = utcnow() + dt.timedelta(seconds=self.queue_settings.lease)
        with self._sessions.begin() as session:
            if not queue.update_claimed(session, claimed, next_attempt_at=lease_end):
                return False
        try:
            self._adapter.send(claimed.sender, reply)
        except ZaloSendError as error:
            transient = error.code in EXPIRED_TOKEN_ERRORS or error.code == RATE_LIMITED_ERROR
            raise Retry(f"zalo_error_{error.code}", final=not transient) from None
        except SEND_ERRORS as error:
            raise Retry(f"zalo_unreachable: {type(error).__name__}") from None
        with self._sessions.begin() as session:
            return queue.update_claimed(session, claimed, sent_replies=index + 1)

    def _finish(self, claimed: Claimed) -> None:
        with self._sessions.begin() as session:
            if not queue.update_claimed(session, claimed, status=Status.ANSWERED.value, answered_at=utcnow(),
                                        message=None, replies=None, claim_token=None, last_error=None):
                self._lost(claimed)

    def _retry_later(self, claimed: Claimed, retry: Retry) -> None:
        busy_sent = claimed.busy_sent
        last = retry.final or claimed.attempts >= self.queue_settings.max_attempts
        if retry.busy and not busy_sent and not last:
            busy_sent = self._tell(claimed, BUSY)
        now = utcnow()
        if last:
            values = {"status": Status.FAILED.value, "claim_token": None}
            logger.error("zalo queue: message #%s (zalo msg %s) failed after %d attempt(s): %s", claimed.id,
                         claimed.message_id, claimed.attempts, retry.reason)
        else:
            values = {"next_attempt_at": now + self.queue_settings.backoff(claimed.attempts), "claim_token": None}
            logger.warning("zalo queue: message #%s attempt %d failed, retried later: %s", claimed.id,
                           claimed.attempts, retry.reason)
        if busy_sent and not claimed.busy_sent:
            values["busy_sent_at"] = now
        try:
            with self._sessions.begin() as session:
                if not queue.update_claimed(session, claimed, last_error=retry.reason, **values):
                    return self._lost(claimed)
        except Exception as error:  # noqa: BLE001 - the lease ends anyway and the row comes back
            logger.error("zalo queue: message #%s: could not record the failure: %s", claimed.id, type(error).__name__)
            return
        if last and retry.busy:
            self._tell(claimed, GAVE_UP)

    def _tell(self, claimed: Claimed, msgid: str) -> bool:
        try:
            self._adapter.send(claimed.sender, Reply(text=_(msgid)))
            return True
        except SEND_ERRORS as error:
            logger.error("zalo queue: message #%s: could not tell the resident: %s", claimed.id, type(error).__name__)
            return False

    def _lost(self, claimed: Claimed) -> None:
        logger.warning("zalo queue: message #%s was taken over by another worker (lease ended)", claimed.id)


# -- the worker threads of the web app ------------------------------------------------------------------------

_running: dict[tuple, InboundWorker] = {}
_running_lock = threading.Lock()


def wake_in_process(key: tuple, make: Callable[[], InboundWorker]) -> None:
    """Make sure this process has a worker thread for `key` (database, settings), and wake it.

    The thread ends once nothing is queued; the check and its removal happen under the lock a
    later call takes, so a message queued meanwhile always finds a thread (a new one if needed).
    """
    with _running_lock:
        worker = _running.get(key)
        if worker is not None:
            worker.wake()
            return
        worker = _running[key] = make()
    threading.Thread(target=_run_until_empty, args=(key, worker), name="zalo-queue", daemon=True).start()


def _run_until_empty(key: tuple, worker: InboundWorker) -> None:
    def nothing_queued() -> bool:
        with _running_lock:
            try:
                with worker._sessions() as session:
                    empty = not queue.has_queued(session)
            except Exception as error:  # noqa: BLE001 - keep looping: the loop waits and retries
                logger.error("zalo queue: could not read the queue: %s", type(error).__name__)
                return False
            if empty:
                _running.pop(key, None)
            return empty

    try:
        worker.run(until_idle=nothing_queued)
    finally:
        with _running_lock:
            if _running.get(key) is worker:
                _running.pop(key)
