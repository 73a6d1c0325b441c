"""The web chat: the page (full page, embedded in the widget, or kiosk) and the JSON API it uses."""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, current_app, jsonify, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _

from channels.messages import InboundMessage
from channels.pending import acknowledge, peek_pending
from channels.rasa_bridge import RasaUnavailable, ask_rasa
from dossiers.privacy import address_hash
from dossiers.subscriptions import subscriptions_of
from handoff.office_hours import when_staff_answer
from handoff.service import route_inbound
from storage.database import session_factory, session_scope, utcnow
from vietnamese_text import clean_text
from webapp.chat_sessions import is_valid_session_id, new_session_id
from webapp.photo_uploads import RejectedPhoto, store_photo

chat = Blueprint("chat", __name__)
MAX_ACK_IDS = 100  # ids in one acknowledgement; a poll returns at most 50


@chat.get("/")
def chat_page():
    kiosk = request.args.get("kiosk") == "1"
    return render_template("chat.html", kiosk=kiosk, embed=request.args.get("embed") == "1" and not kiosk,
                           idle_seconds=current_app.config["KIOSK_IDLE_SECONDS"],
                           max_photo_bytes=current_app.config["MAX_PHOTO_BYTES"])


@chat.post("/api/session")
def new_session():
    return jsonify(session_id=new_session_id(current_app.config["SECRET_KEY"]))


@chat.post("/api/chat")
def send():
    """A typed message, a tapped button's payload, or a shared location (`{"location": {latitude, longitude}}`)."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return jsonify(error=_("Yêu cầu phải là JSON có trường session_id và message.")), 400
    session_id = body.get("session_id")
    if not is_valid_session_id(session_id, current_app.config["SECRET_KEY"]):
        return _invalid_session()
    if "location" in body:
        location = _coordinates(body["location"])
        if location is None:
            return jsonify(error=_("Vị trí không hợp lệ.")), 400
        return _answer(InboundMessage("web", session_id, location=location))
    message = body.get("message")
    if not isinstance(message, str):
        return jsonify(error=_("Tin nhắn phải là chuỗi ký tự.")), 400
    limit = current_app.config["MAX_MESSAGE_CHARS"]
    if len(message) > limit:
        return jsonify(error=_("Tin nhắn quá dài (tối đa %(limit)d ký tự).", limit=limit)), 400
    text = clean_text(message)
    if not text:
        return jsonify(messages=[{"text": _("Bạn chưa nhập nội dung. Bạn cần hỏi gì ạ?")}])
    return _answer(InboundMessage("web", session_id, text))


@chat.post("/api/upload")
def upload_photo():
    """A photo (multipart field `photo`, optional `caption`), stored and passed to the bot as a media reference."""
    session_id = request.form.get("session_id")
    if not is_valid_session_id(session_id, current_app.config["SECRET_KEY"]):
        return _invalid_session()
    photo = request.files.get("photo")
    max_bytes = current_app.config["MAX_PHOTO_BYTES"]
    try:
        reference = store_photo(photo.read(max_bytes + 1) if photo else b"", current_app.config["MEDIA_DIR"] / "web",
                                max_bytes)
    except RejectedPhoto as error:
        return jsonify(error=_(str(error), megabytes=max_bytes // (1024 * 1024))), error.status
    caption = clean_text(request.form.get("caption", ""))[: current_app.config["MAX_MESSAGE_CHARS"]]
    return _answer(InboundMessage("web", session_id, caption, image_url=reference))


@chat.get("/api/chat/updates")
def updates():
    """Messages pushed to this conversation and not yet acknowledged (dossier notifications, staff replies).

    Each carries its `id`; they stay pending, and come again at the next poll, until the page
    acknowledges the ids it displayed (`POST /api/chat/updates/ack`): a page reloaded before that loses none.
    """
    session_id = request.args.get("session_id")
    if not is_valid_session_id(session_id, current_app.config["SECRET_KEY"]):
        return _invalid_session()
    with session_scope(current_app.config.get("APP_DATABASE_URL")) as session:
        pending = peek_pending(session, "web", session_id)
    return jsonify(messages=[{"id": message_id, **reply.as_json()} for message_id, reply in pending])


@chat.post("/api/chat/updates/ack")
def acknowledge_updates():
    """`{"session_id": ..., "ids": [...]}`: the updates the page displayed, marked delivered (never returned again)."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return jsonify(error=_("Yêu cầu phải là JSON có trường session_id và ids.")), 400
    session_id = body.get("session_id")
    if not is_valid_session_id(session_id, current_app.config["SECRET_KEY"]):
        return _invalid_session()
    ids = body.get("ids")
    if (not isinstance(ids, list) or len(ids) > MAX_ACK_IDS
            or not all(isinstance(i, int) and not isinstance(i, bool) and 0 < i < 2**63 for i in ids)):
        return jsonify(error=_("Danh sách tin nhắn đã nhận không hợp lệ.")), 400
    with session_scope(current_app.config.get("APP_DATABASE_URL")) as session:
        acknowledged = acknowledge(session, "web", session_id, ids)
    return jsonify(acknowledged=acknowledged)


@chat.get("/api/my-dossiers")
def my_dossiers():
    """The dossiers this browser's conversation follows, for the "Hồ sơ của tôi" panel (no personal data)."""
    session_id = request.args.get("session_id")
    if not is_valid_session_id(session_id, current_app.config["SECRET_KEY"]):
        return _invalid_session()
    with session_scope(current_app.config.get("APP_DATABASE_URL")) as session:
        followed = subscriptions_of(session, InboundMessage("web", session_id).conversation_id)
    return jsonify(dossiers=[{"receipt_number": d.receipt_number, "procedure_name": d.procedure_name,
                              "status": _(d.status.label)} for d in followed])


def _answer(message: InboundMessage):
    message = route_inbound(session_factory(current_app.config.get("APP_DATABASE_URL")), message)
    if message is None:  # staff answer through /api/chat/updates; the page shows the message was received
        received = _("Cán bộ đã nhận tin nhắn của bạn.") + " " + when_staff_answer(utcnow(), str(get_locale()))
        return jsonify(messages=[{"text": received, "held": True}], handoff=True)
    try:
        replies = ask_rasa(current_app.config["RASA_URL"], _with_client_address(message),
                           current_app.config["RASA_TIMEOUT_SECONDS"])
    except RasaUnavailable as error:
        current_app.logger.warning("Rasa unavailable: %s", error)
        return jsonify(error=_("Hệ thống đang bận, bạn vui lòng thử lại sau ít phút.")), 503
    return jsonify(messages=[reply.as_json() for reply in replies])


def _with_client_address(message: InboundMessage) -> InboundMessage:
    """The client address, as a keyed hash (Rasa stores metadata), for the dossier lookup limits per address:
    a new chat session must not start them afresh (actions.dossier_status)."""
    hashed = address_hash(request.remote_addr or "", fallback_key=current_app.config["SECRET_KEY"])
    return replace(message, metadata={**message.metadata, "client_address_hash": hashed})


def _invalid_session():
    return jsonify(error=_("Phiên trò chuyện không hợp lệ, vui lòng tải lại trang."), code="invalid_session"), 400


def _coordinates(value: object) -> tuple[float, float] | None:
    if not isinstance(value, dict):
        return None
    try:
        latitude, longitude = float(value["latitude"]), float(value["longitude"])
    except (KeyError, TypeError, ValueError):
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    return latitude, longitude
