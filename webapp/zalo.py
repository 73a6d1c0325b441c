"""Zalo OA webhook: verify, drop redeliveries, answer 200 at once, reply in the background.

Every genuine message also opens Zalo's interaction window again, so the worker
first delivers what was kept pending for that user, then answers the new message.
"""

from __future__ import annotations

import datetime as dt
import logging
from concurrent.futures import ThreadPoolExecutor

from flask import Blueprint, current_app, jsonify, request
from sqlalchemy.orm import Session, sessionmaker

from channels.deliveries import first_delivery
from channels.interactions import record_inbound
from channels.messages import InboundMessage
from channels.rasa_bridge import RasaUnavailable, ask_rasa
from channels.zalo.outbound import ZaloAdapter
from channels.zalo.sender import ZaloSendError
from channels.zalo.settings import ZaloSettings
from channels.zalo.tokens import TokenRefreshError, token_store
from channels.zalo.webhook import RejectedEvent, to_inbound, verify
from handoff.service import forward_or_hold
from storage.database import session_factory, session_scope

zalo = Blueprint("zalo", __name__)
logger = logging.getLogger(__name__)
_workers = ThreadPoolExecutor(max_workers=4, thread_name_prefix="zalo")
SEND_ERRORS = (ZaloSendError, TokenRefreshError, OSError)


@zalo.post("/webhooks/zalo")
def webhook():
    settings: ZaloSettings | None = current_app.config.get("ZALO") or ZaloSettings.from_env()
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
    url = current_app.config.get("APP_DATABASE_URL")
    with session_scope(url) as session:
        if message.message_id and not first_delivery(session, "zalo", message.message_id):
            return jsonify(status="duplicate")
        record_inbound(session, "zalo", message.sender, _sent_at(event))
    sessions = session_factory(url)
    adapter = ZaloAdapter(settings, sessions, token_store(settings, sessions))
    _workers.submit(_answer, adapter, sessions, current_app.config["RASA_URL"],
                    current_app.config["RASA_TIMEOUT_SECONDS"], message)
    return jsonify(status="accepted")


def _sent_at(event: dict) -> dt.datetime:
    """The event's own time (verify() checked it is fresh), so a late redelivery does not stretch the window."""
    return dt.datetime.fromtimestamp(int(event["timestamp"]) / 1000, dt.timezone.utc).replace(tzinfo=None)


def _answer(adapter: ZaloAdapter, sessions: sessionmaker[Session], rasa_url: str, timeout: float,
            message: InboundMessage) -> None:
    try:
        adapter.flush_pending(message.sender)
    except SEND_ERRORS as error:
        logger.error("zalo: pending messages not delivered before message %s: %s", message.message_id, error)
    if forward_or_hold(sessions, message):
        return
    try:
        for reply in ask_rasa(rasa_url, message, timeout):
            adapter.send(message.sender, reply)
    except (RasaUnavailable, *SEND_ERRORS) as error:
        logger.error("zalo: could not answer message %s: %s", message.message_id, error)
