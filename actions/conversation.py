"""Helpers every action uses: the resident's language and the main menu."""

from __future__ import annotations

from typing import Any, Callable, Dict, List

from rasa_sdk import Tracker

from actions import endpoint_auth
from localization import gettext_for, language_or_default
from observability import action_server
from vietnamese_text.language import language_in

# Every action module imports this one: the action server's log lines get the turn's request id (and are
# JSON with LOG_FORMAT=json) in the main process and in each Sanic worker, and only Rasa may call it.
action_server.install()
endpoint_auth.install()


def language_of(tracker: Tracker) -> str:
    """The resident's language: English for a message written in English; else the one the resident or the
    embedding page chose; else that of their latest message that showed one (English words, or Vietnamese
    diacritics and words), so "yes, correct" after an English message stays English; else Vietnamese."""
    shown = language_in(user_text(tracker))
    chosen = tracker.get_slot("language")
    if shown == "en" or chosen:
        return language_or_default("en" if shown == "en" else chosen)
    for event in reversed(tracker.events or []):
        if event.get("event") == "user":
            shown = language_in(event.get("text") or "")
            if shown:
                return shown
    return language_or_default(None)


def translator(tracker: Tracker) -> Callable[[str], str]:
    return gettext_for(language_of(tracker))


def main_menu_buttons(_: Callable[[str], str]) -> List[Dict[str, Any]]:
    """The main menu; payloads are intents so a tap never depends on NLU."""
    return [
        {"title": _("Hỏi thủ tục hành chính"), "payload": "/ask_procedure"},
        {"title": _("Tra cứu hồ sơ"), "payload": "/check_dossier"},
        {"title": _("Phản ánh hiện trường"), "payload": "/report_issue"},
        {"title": _("Hướng dẫn VNeID mức 2"), "payload": "/guide_vneid"},
        {"title": _("Chữ ký số cá nhân"), "payload": "/guide_digital_signature"},
        {"title": _("Gặp cán bộ"), "payload": "/talk_to_staff"},
    ]


def user_text(tracker: Tracker) -> str:
    """What the resident typed this turn ('' for a button payload such as /menu)."""
    text = (tracker.latest_message or {}).get("text") or ""
    return "" if text.startswith("/") else text
