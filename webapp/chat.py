"""Chat page and the JSON chat API the page (and later the widget) uses."""

from __future__ import annotations

import re
import secrets

from flask import Blueprint, current_app, jsonify, render_template, request
from flask_babel import gettext as _

from channels.messages import InboundMessage
from channels.rasa_bridge import RasaUnavailable, ask_rasa
from vietnamese_text import clean_text

chat = Blueprint("chat", __name__)

# Server-issued random ids: a resident can't guess or reuse someone else's conversation.
SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{22,64}$")


@chat.get("/")
def chat_page():
    return render_template("chat.html")


@chat.post("/api/session")
def new_session():
    return jsonify(session_id=secrets.token_urlsafe(24))


@chat.post("/api/chat")
def send():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return jsonify(error=_("Yêu cầu phải là JSON có trường session_id và message.")), 400
    session_id, message = body.get("session_id"), body.get("message")
    if not isinstance(session_id, str) or not SESSION_ID.match(session_id):
        return jsonify(error=_("Phiên trò chuyện không hợp lệ, vui lòng tải lại trang.")), 400
    if not isinstance(message, str):
        return jsonify(error=_("Tin nhắn phải là chuỗi ký tự.")), 400
    limit = current_app.config["MAX_MESSAGE_CHARS"]
    if len(message) > limit:
        return jsonify(error=_("Tin nhắn quá dài (tối đa %(limit)d ký tự).", limit=limit)), 400
    text = clean_text(message)
    if not text:
        return jsonify(messages=[{"text": _("Bạn chưa nhập nội dung. Bạn cần hỏi gì ạ?")}])
    try:
        replies = ask_rasa(current_app.config["RASA_URL"], InboundMessage("web", session_id, text),
                           current_app.config["RASA_TIMEOUT_SECONDS"])
    except RasaUnavailable as error:
        current_app.logger.warning("Rasa unavailable: %s", error)
        return jsonify(error=_("Hệ thống đang bận, bạn vui lòng thử lại sau ít phút.")), 503
    return jsonify(messages=[reply.as_json() for reply in replies])
