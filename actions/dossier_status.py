"""Dossier status in chat: lookup by receipt number, the phone-digits check, and status-change notifications.

The conversation id (`<channel>:<sender>`) is the sender for rate limits and for
the verification window; the web chat also sends the client address, already as a
keyed hash (message metadata "client_address_hash", `webapp.chat`), for the limits
per address. `dossiers.lookup` logs every call without personal data.
"""

from __future__ import annotations

import json
import re
from typing import Any, Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import language_of, main_menu_buttons, translator
from actions.dossier_text import (
    ask_for_receipt_text,
    contact_text,
    locked_text,
    malformed_receipt_text,
    not_found_text,
    rate_limited_text,
    status_text,
)
from actions.procedure_answers import taken_as_procedure_question
from actions.small_talk import ActionFallback
from dossiers.lookup import LookupOutcome, VerifyOutcome, lookup, verify
from dossiers.remote import RemoteSettings
from dossiers.subscriptions import subscribe, subscriptions_of, unsubscribe
from storage.database import session_scope
from vietnamese_text import fold
from vietnamese_text.receipt_numbers import find_receipt_numbers, looks_like_receipt_attempt

RECEIPT_SLOT = "dossier_receipt"
MAX_WORDS_WITH_DIGITS = 4  # "4 số cuối là 5678": longer sentences with a number are about something else,
PHONE_WORDS = re.compile(r"\b(so cuoi|sdt|dien thoai|so dt|phone)\b")  # unless they speak of the phone
ADDRESS_METADATA = "client_address_hash"  # set by webapp.chat
_ADDRESS_HASH = re.compile(r"[0-9a-f]{64}")


def _receipt_in_message(tracker: Tracker) -> Optional[str]:
    entity = next(tracker.get_latest_entity_values("receipt_number"), None)
    if entity:
        return entity
    found = find_receipt_numbers((tracker.latest_message or {}).get("text") or "")
    return found[0] if found else None


def _client_address(tracker: Tracker) -> Optional[str]:
    """The keyed hash of the client address the web chat sent; None from the other channels."""
    metadata = (tracker.latest_message or {}).get("metadata") or {}
    value = metadata.get(ADDRESS_METADATA) if isinstance(metadata, dict) else None
    return value if isinstance(value, str) and _ADDRESS_HASH.fullmatch(value) else None


def _payload(intent: str, receipt: str) -> str:
    return f"/{intent}" + json.dumps({"receipt_number": receipt})


def _buttons(_, receipt: str, verified: bool) -> List[Dict[str, Any]]:
    buttons = []
    if verified:
        buttons.append({"title": _("Nhận thông báo khi hồ sơ thay đổi"),
                        "payload": _payload("subscribe_dossier", receipt)})
    buttons.append({"title": _("Gặp cán bộ"), "payload": "/talk_to_staff"})
    buttons.append({"title": _("Về menu chính"), "payload": "/menu"})
    return buttons


class ActionCheckDossier(Action):
    def name(self) -> str:
        return "action_check_dossier"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[Dict[str, Any]]:
        _, language = translator(tracker), language_of(tracker)
        receipt = _receipt_in_message(tracker)
        if receipt is None:
            text = (tracker.latest_message or {}).get("text") or ""
            looks_like = not text.startswith("/") and looks_like_receipt_attempt(text)
            taken = None if looks_like or tracker.get_slot(RECEIPT_SLOT) else taken_as_procedure_question(tracker)
            if taken:
                return taken  # "khai thuế theo tháng hay theo quý": no dossier in sight, a procedure question
            dispatcher.utter_message(text=malformed_receipt_text(_) if looks_like else ask_for_receipt_text(_))
            return []
        with session_scope() as session:
            result = lookup(session, receipt, tracker.sender_id, remote=RemoteSettings.from_env(),
                            address_hash=_client_address(tracker))
        if result.outcome is LookupOutcome.RATE_LIMITED:
            dispatcher.utter_message(text=rate_limited_text(result.limited_by, _))
            return []
        if result.outcome is LookupOutcome.UNAVAILABLE:
            dispatcher.utter_message(text=_("Hệ thống hồ sơ của phường đang không trả lời. Bạn vui lòng thử lại sau "
                                            "ít phút.") + "\n" + contact_text(_),
                                     buttons=_buttons(_, receipt, verified=False))
            return []
        if result.outcome is LookupOutcome.NOT_FOUND:
            dispatcher.utter_message(text=not_found_text(result.receipt_number, _),
                                     buttons=_buttons(_, receipt, verified=False))
            return [SlotSet(RECEIPT_SLOT, None)]
        dispatcher.utter_message(text=status_text(result, _, language),
                                 buttons=_buttons(_, result.receipt_number, result.verified))
        return [SlotSet(RECEIPT_SLOT, result.receipt_number)]


class ActionVerifyDossier(Action):
    """The resident typed the last four digits of the phone registered with the dossier being discussed."""

    def name(self) -> str:
        return "action_verify_dossier"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[Dict[str, Any]]:
        _, language = translator(tracker), language_of(tracker)
        receipt = tracker.get_slot(RECEIPT_SLOT)
        text = (tracker.latest_message or {}).get("text") or ""
        if not receipt and len(re.findall(r"[^\W\d_]+", text)) > MAX_WORDS_WITH_DIGITS \
                and not PHONE_WORDS.search(fold(text)):
            # "em bị sốt 39 độ uống thuốc gì": a number in a sentence is no phone check without a dossier
            return ActionFallback().run(dispatcher, tracker, domain)
        if not receipt:
            dispatcher.utter_message(text=ask_for_receipt_text(_))
            return []
        digits = re.sub(r"\D", "", text)
        with session_scope() as session:
            outcome = verify(session, receipt, tracker.sender_id, digits[-4:] if len(digits) >= 4 else digits,
                             address_hash=_client_address(tracker))
        if outcome.outcome is VerifyOutcome.VERIFIED:
            dispatcher.utter_message(text=_("Đã xác minh. Thông tin đầy đủ của hồ sơ:") + "\n"
                                     + status_text(outcome.result, _, language),
                                     buttons=_buttons(_, receipt, verified=True))
        elif outcome.outcome is VerifyOutcome.WRONG_DIGITS:
            dispatcher.utter_message(text=_("4 số này chưa khớp với số điện thoại đã đăng ký. Bạn còn {n} lần thử.")
                                     .format(n=outcome.attempts_left))
        elif outcome.outcome is VerifyOutcome.LOCKED:
            dispatcher.utter_message(text=locked_text(outcome.locked_until, _, language),
                                     buttons=_buttons(_, receipt, verified=False))
        elif outcome.outcome is VerifyOutcome.NO_PHONE:
            dispatcher.utter_message(text=_("Hồ sơ này không có số điện thoại để xác minh qua tin nhắn. Bạn vui lòng "
                                            "hỏi trực tiếp bộ phận một cửa nơi đã nộp hồ sơ."),
                                     buttons=_buttons(_, receipt, verified=False))
        elif outcome.outcome is VerifyOutcome.RATE_LIMITED:
            dispatcher.utter_message(text=rate_limited_text(outcome.limited_by, _))
        else:
            dispatcher.utter_message(text=not_found_text(receipt, _))
        return []


class ActionSubscribeDossier(Action):
    """Only a resident who proved the phone digits may follow a dossier (its changes reveal its progress)."""

    def name(self) -> str:
        return "action_subscribe_dossier"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[Dict[str, Any]]:
        _, language = translator(tracker), language_of(tracker)
        receipt = _receipt_in_message(tracker) or tracker.get_slot(RECEIPT_SLOT)
        if not receipt:
            taken = taken_as_procedure_question(tracker)
            if taken:
                return taken
            dispatcher.utter_message(text=ask_for_receipt_text(_))
            return []
        with session_scope() as session:
            result = lookup(session, receipt, tracker.sender_id, address_hash=_client_address(tracker))
            if result.outcome is LookupOutcome.FOUND and result.verified:
                subscribe(session, result.receipt_number, tracker.sender_id, language)
        if result.outcome is LookupOutcome.NOT_FOUND:
            dispatcher.utter_message(text=not_found_text(result.receipt_number, _))
            return []
        if result.outcome is not LookupOutcome.FOUND:
            dispatcher.utter_message(text=_("Hệ thống hồ sơ của phường đang bận. Bạn vui lòng thử lại sau ít phút."))
            return []
        if not result.verified:
            dispatcher.utter_message(text=_("Để nhận thông báo về hồ sơ {receipt}, bạn nhập 4 số cuối của số điện "
                                            "thoại đã đăng ký khi nộp hồ sơ.").format(receipt=result.receipt_number))
            return [SlotSet(RECEIPT_SLOT, result.receipt_number)]
        dispatcher.utter_message(text=_("Đã đăng ký. Khi hồ sơ {receipt} đổi trạng thái, tôi sẽ nhắn bạn ngay tại đây. "
                                        "Muốn dừng, bạn nhắn “hủy theo dõi”.").format(receipt=result.receipt_number),
                                 buttons=main_menu_buttons(_))
        return [SlotSet(RECEIPT_SLOT, result.receipt_number)]


class ActionUnsubscribeDossier(Action):
    def name(self) -> str:
        return "action_unsubscribe_dossier"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[Dict[str, Any]]:
        _ = translator(tracker)
        receipt = _receipt_in_message(tracker)
        with session_scope() as session:
            followed = [s.receipt_number for s in subscriptions_of(session, tracker.sender_id)]
            if receipt is None and len(followed) == 1:
                receipt = followed[0]
            stopped = receipt is not None and unsubscribe(session, receipt, tracker.sender_id)
        if stopped:
            dispatcher.utter_message(text=_("Đã hủy theo dõi hồ sơ {receipt}. Bạn sẽ không nhận thông báo về hồ sơ "
                                            "này nữa.").format(receipt=receipt), buttons=main_menu_buttons(_))
        elif len(followed) > 1 and receipt is None:
            dispatcher.utter_message(text=_("Bạn đang theo dõi các hồ sơ sau. Bạn muốn hủy hồ sơ nào?"), buttons=[
                {"title": number, "payload": _payload("unsubscribe_dossier", number)}
                for number in followed])
        else:
            text = (_("Bạn chưa theo dõi hồ sơ {receipt}.").format(receipt=receipt) if receipt
                    else _("Bạn chưa theo dõi hồ sơ nào trên kênh này."))
            dispatcher.utter_message(text=text, buttons=main_menu_buttons(_))
        return []
