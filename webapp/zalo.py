"""Zalo OA webhook: verify, drop redeliveries, answer 200 at once, reply in the background."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from flask import Blueprint, current_app, jsonify, request

from channels.deliveries import first_delivery
from channels.messages import InboundMessage
from channels.rasa_bridge import RasaUnavailable, ask_rasa
from channels.zalo.sender import ZaloSendError, send_reply
from channels.zalo.settings import ZaloSettings
from channels.zalo.tokens import TokenRefreshError, TokenStore
from channels.zalo.webhook import RejectedEvent, to_inbound, verify
from storage.database import session_factory, session_scope

zalo = Blueprint("zalo", __name__)
logger = logging.getLogger(__name__)
_workers = ThreadPoolExecutor(max_workers=4, thread_name_prefix="zalo")


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
    if message.message_id:
        with session_scope(current_app.config.get("APP_DATABASE_URL")) as session:
            if not first_delivery(session, "zalo", message.message_id):
                return jsonify(status="duplicate")
    tokens = None
    if settings.app_secret and settings.refresh_token:
        tokens = TokenStore(session_factory(current_app.config.get("APP_DATABASE_URL")), settings.app_id,
                            settings.app_secret, settings.token_url, (settings.access_token, settings.refresh_token))
    _workers.submit(_answer, settings, tokens, current_app.config["RASA_URL"],
                    current_app.config["RASA_TIMEOUT_SECONDS"], message)
    return jsonify(status="accepted")


def _answer(settings: ZaloSettings, tokens: TokenStore | None, rasa_url: str, timeout: float,
            message: InboundMessage) -> None:
    try:
        for reply in ask_rasa(rasa_url, message, timeout):
            send_reply(settings, message.sender, reply, tokens)
    except (RasaUnavailable, ZaloSendError, TokenRefreshError, OSError) as error:
        logger.error("zalo: could not answer message %s: %s", message.message_id, error)
