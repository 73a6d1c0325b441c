"""Printable guides for community volunteers: `/guides/` lists them, `/guides/<id>` prints one.

A guide's page holds every entry question, step, troubleshooting entry and
source, and a QR code opening the chat at the start of that guide
(`/?start=guide:<id>`), so a volunteer can hand a resident a printed sheet. The
QR code is drawn here (`qrcode`, SVG) and embedded as a data URI: the page
works offline and prints sharply.
"""

from __future__ import annotations

import base64
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from flask import Blueprint, abort, render_template, url_for
from flask_babel import get_locale

from knowledge.guides import guide, load_guides
from localization import language_or_default

guides = Blueprint("guides", __name__, url_prefix="/guides")


@guides.get("/")
def guide_list():
    return render_template("guides.html", guides=load_guides().values(), language=_language())


@guides.get("/<guide_id>")
def guide_page(guide_id: str):
    item = guide(guide_id)
    if item is None:
        abort(404)
    language = _language()
    chat_url = _chat_start_url(item.id, language)
    return render_template("guide.html", guide=item, language=language, chat_url=chat_url,
                           qr_code=_qr_data_uri(chat_url))


def _language() -> str:
    return language_or_default(str(get_locale()))


def _chat_start_url(guide_id: str, language: str) -> str:
    """The chat page that starts this guide; English pages open the chat in English."""
    params = {"start": f"guide:{guide_id}"} | ({"lang": language} if language != "vi" else {})
    return f"{url_for('chat.chat_page', _external=True)}?{urlencode(params, safe=':')}"


def _qr_data_uri(url: str) -> str:
    svg = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, border=2).to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
