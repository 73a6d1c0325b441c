"""Zalo OA webhook: verify, keep the message in the database queue, answer 200, reply from the queue worker.

The message is queued (`channels.zalo.queue`, deduplicated by Zalo's msg_id) in the transaction
that records the interaction, and Zalo gets its 200 only once that committed: a message Zalo
was told we have is never only in memory. The process's queue worker (`channels.zalo.worker`)
answers it: it starts with the app, to pick up what a stopped or killed process left, and is
woken by every queued message. ZALO_WORKER_IN_WEB=0 leaves the answering to a separate
`python -m channels zalo-worker`. Every genuine message also opens Zalo's interaction window
again, so the worker first delivers what was kept pending for that user, then answers it.

App config (tests) beside the environment: ZALO (ZaloSettings), ZALO_QUEUE (QueueSettings),
ZALO_WORKER_IN_WEB (bool); RASA_URL, RASA_TIMEOUT_SECONDS, MEDIA_DIR and MAX_PHOTO_BYTES as for the chat.
"""

from __future__ import annotations

import datetime as dt
import logging
import os

from flask import Blueprint, Flask, current_app, jsonify, request

from channels.interactions import record_inbound
from channels.zalo.queue import enqueue
from channels.zalo.settings import ZaloSettings
from channels.zalo.webhook import RejectedEvent, to_inbound, verify
from channels.zalo.worker import Bot, InboundWorker, QueueSettings, wake_in_process
from storage.database import session_factory, session_scope

zalo = Blueprint("zalo", __name__)
logger = logging.getLogger(__name__)


@zalo.record_once
def _start_worker(state) -> None:
    """At start-up, answer what is still queued (a restart after a kill, a deploy)."""
    _wake_worker(state.app)


@zalo.post("/webhooks/zalo")
def webhook():
    settings = _settings(current_app)
    if settings is None:
        return jsonify(error="Zalo channel is not configured"), 404
    try:
        event = verify(settings, request.get_data(), request.headers.get("X-ZEvent-Signature"))
    except RejectedEvent as error:
        logger.warning("zalo: rejected webhook call: %s", error)
        return jsonify(error=str(error)), 401
    message = to_inbound(event)
    if message is None:
        logger.info("zalo: event %s acknowledged, not answered", event.get("event_name"))
        return jsonify(status="ignored")
    with session_scope(current_app.config.get("APP_DATABASE_URL")) as session:
        if not enqueue(session, message):
            return jsonify(status="duplicate")
        record_inbound(session, "zalo", message.sender, _sent_at(event))
    _wake_worker(current_app)
    return jsonify(status="accepted")


def _settings(app: Flask) -> ZaloSettings | None:
    return app.config.get("ZALO") or ZaloSettings.from_env()


def _wake_worker(app: Flask) -> None:
    settings = _settings(app)
    in_web = app.config.get("ZALO_WORKER_IN_WEB", os.environ.get("ZALO_WORKER_IN_WEB", "1") != "0")
    if settings is None or not in_web:
        return
    url = app.config.get("APP_DATABASE_URL")
    bot = Bot(app.config["RASA_URL"], app.config["RASA_TIMEOUT_SECONDS"], app.config.get("MEDIA_DIR"),
              app.config.get("MAX_PHOTO_BYTES"))
    queue_settings = app.config.get("ZALO_QUEUE") or QueueSettings.from_env()
    wake_in_process((url, settings, bot, queue_settings),
                    lambda: InboundWorker(session_factory(url), settings, bot, queue_settings))


def _sent_at(event: dict) -> dt.datetime:
    """The event's own time (verify() checked it is fresh), so a late redelivery does not stretch the window."""
    return dt.datetime.fromtimestamp(int(event["timestamp"]) / 1000, dt.timezone.utc).replace(tzinfo=None)
