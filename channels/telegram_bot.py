"""Telegram through python-telegram-bot v22: a separate process bridging to the Rasa REST channel.

`python -m channels.telegram_bot` (started by `make run` only when TELEGRAM_BOT_TOKEN
is set). Polling by default; TELEGRAM_WEBHOOK_URL switches to webhook mode.

Photos are downloaded from Telegram and stored like every channel's
(`channels.photos.store_channel_photo`): in MEDIA_DIR/telegram, at most MAX_PHOTO_BYTES, checked
and stripped of EXIF; the bot gets `media://telegram/<name>`. MEDIA_DIR must be the action
server's, which reads the photo from there.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
from collections import OrderedDict
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import InlineKeyboardButtonLimit, MessageLimit
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from channels.messages import InboundMessage, Reply, split_text
from channels.photos import RejectedPhoto, max_photo_bytes, media_dir, store_channel_photo
from channels.rasa_bridge import RasaUnavailable, ask_rasa
from handoff.service import route_inbound
from localization import N_, gettext_for
from storage.database import session_factory
from urban_reports.photos import TOO_LARGE

logger = logging.getLogger(__name__)
COMMANDS = {"start": "/greet", "menu": "/menu", "help": "/menu"}
BUSY = N_("Hệ thống đang bận, bạn vui lòng thử lại sau ít phút.")


class CallbackPayloads:
    """Telegram allows 64 bytes of callback data: longer payloads travel as a short key."""

    def __init__(self, size: int = 10000) -> None:
        self._long: OrderedDict[str, str] = OrderedDict()
        self._size = size

    def pack(self, payload: str) -> str:
        if len(payload.encode()) <= InlineKeyboardButtonLimit.MAX_CALLBACK_DATA:
            return payload
        key = "k:" + hashlib.sha1(payload.encode()).hexdigest()[:20]
        self._long[key] = payload
        while len(self._long) > self._size:
            self._long.popitem(last=False)
        return key

    def unpack(self, data: str) -> str | None:
        return self._long.get(data) if data.startswith("k:") else data


def keyboard(reply: Reply, payloads: CallbackPayloads) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(b.title[:64], callback_data=payloads.pack(b.payload))]
                                 for b in reply.buttons])


class TelegramBridge:
    def __init__(self, rasa_url: str, timeout: float = 15, remembered_updates: int = 10000,
                 media_root: Path | None = None, max_bytes: int | None = None) -> None:
        self.rasa_url, self.timeout = rasa_url, timeout
        self.media_root = media_root or media_dir()  # MEDIA_DIR
        self.max_bytes = max_bytes or max_photo_bytes()  # MAX_PHOTO_BYTES
        self.payloads = CallbackPayloads()
        # Telegram sends an update again when the answer to it was slow or lost; each is answered once.
        self._seen_updates: OrderedDict[int, None] = OrderedDict()
        self._remembered_updates = remembered_updates

    def first_delivery(self, update_id: int) -> bool:
        if update_id in self._seen_updates:
            return False
        self._seen_updates[update_id] = None
        while len(self._seen_updates) > self._remembered_updates:
            self._seen_updates.popitem(last=False)
        return True

    def handlers(self) -> list:
        return [CommandHandler(list(COMMANDS), self.on_command), CallbackQueryHandler(self.on_button),
                MessageHandler(filters.PHOTO, self.on_photo), MessageHandler(filters.LOCATION, self.on_location),
                MessageHandler(filters.TEXT & ~filters.COMMAND, self.on_text)]

    async def on_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        command = update.message.text.split()[0].lstrip("/").split("@")[0]
        await self._turn(update, context, InboundMessage("telegram", str(update.effective_chat.id),
                                                         COMMANDS.get(command, "/menu")))

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._turn(update, context, InboundMessage("telegram", str(update.effective_chat.id), update.message.text,
                                                         message_id=str(update.message.message_id)))

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        await query.answer()
        payload = self.payloads.unpack(query.data or "")
        if payload is None:  # a key from before a restart: the menu is the honest fallback
            payload = "/menu"
        await self._turn(update, context, InboundMessage("telegram", str(update.effective_chat.id), payload))

    async def on_location(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        location = update.message.location
        await self._turn(update, context, InboundMessage("telegram", str(update.effective_chat.id), "",
                                                         location=(location.latitude, location.longitude)))

    async def on_photo(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if not self._first(update):  # before downloading: a redelivered photo is not stored twice
            return
        photo = update.message.photo[-1]  # the largest size
        chat_id = update.effective_chat.id
        try:
            if photo.file_size and photo.file_size > self.max_bytes:  # refused without downloading it
                raise RejectedPhoto(TOO_LARGE, 413, megabytes=self.max_bytes // (1024 * 1024))
            telegram_file = await context.bot.get_file(photo.file_id)
            data = bytes(await telegram_file.download_as_bytearray())
            reference = await asyncio.to_thread(store_channel_photo, data, "telegram", self.media_root,
                                                self.max_bytes)
        except RejectedPhoto as refused:
            await send_reply(context.bot, chat_id, Reply(text=refused.text(gettext_for("vi"))), self.payloads)
            return
        await self._answer(context, InboundMessage("telegram", str(chat_id), update.message.caption or "",
                                                   image_url=reference))

    def _first(self, update: Update) -> bool:
        if self.first_delivery(update.update_id):
            return True
        logger.info("telegram: update %s delivered again, already answered", update.update_id)
        return False

    async def _turn(self, update: Update, context: ContextTypes.DEFAULT_TYPE, message: InboundMessage) -> None:
        if self._first(update):
            await self._answer(context, message)

    async def _answer(self, context: ContextTypes.DEFAULT_TYPE, message: InboundMessage) -> None:
        message = await asyncio.to_thread(route_inbound, session_factory(), message)
        if message is None:
            return
        chat_id = int(message.sender)
        try:
            replies = await asyncio.to_thread(ask_rasa, self.rasa_url, message, self.timeout)
        except RasaUnavailable as error:
            logger.error("telegram: Rasa unavailable: %s", error)
            replies = [Reply(text=gettext_for("vi")(BUSY))]
        for reply in replies:
            await send_reply(context.bot, chat_id, reply, self.payloads)


async def send_reply(bot, chat_id: int, reply: Reply, payloads: CallbackPayloads) -> None:
    parts = split_text(reply.text, MessageLimit.MAX_TEXT_LENGTH) or ([" "] if reply.buttons else [])
    for index, part in enumerate(parts):
        markup = keyboard(reply, payloads) if index == len(parts) - 1 else None
        await bot.send_message(chat_id=chat_id, text=part, reply_markup=markup)
    if reply.image_url:
        await bot.send_photo(chat_id=chat_id, photo=reply.image_url)


def build_application(token: str, rasa_url: str, request=None) -> Application:
    builder = ApplicationBuilder().token(token)
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    application = builder.build()
    application.add_handlers(TelegramBridge(rasa_url).handlers())
    return application


def webhook_options(environ: Mapping[str, str]) -> dict | None:
    """`run_webhook` arguments from TELEGRAM_WEBHOOK_*, or None for polling.

    The local server listens on the public URL's path behind the reverse proxy, and
    a secret token is required so that only Telegram can post updates.
    """
    webhook_url = environ.get("TELEGRAM_WEBHOOK_URL")
    if not webhook_url:
        return None
    secret = environ.get("TELEGRAM_WEBHOOK_SECRET")
    if not secret:
        raise SystemExit("TELEGRAM_WEBHOOK_SECRET is required with TELEGRAM_WEBHOOK_URL.")
    return {"listen": "127.0.0.1", "port": int(environ.get("TELEGRAM_WEBHOOK_PORT", "8443")),
            "url_path": urlsplit(webhook_url).path.strip("/"), "webhook_url": webhook_url, "secret_token": secret}


def main() -> None:
    logging.basicConfig(level=logging.INFO)
    token = os.environ.get("TELEGRAM_BOT_TOKEN")
    if not token:
        raise SystemExit("TELEGRAM_BOT_TOKEN is not set: the Telegram channel is off.")
    application = build_application(token, os.environ.get("RASA_URL", "http://127.0.0.1:5005"))
    options = webhook_options(os.environ)
    if options:
        application.run_webhook(**options)
    else:
        application.run_polling()


if __name__ == "__main__":
    main()
