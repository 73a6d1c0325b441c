"""Open a handoff, hold the resident's messages for staff while it is open, reply from staff, close it.

While a handoff is open the channels do not ask Rasa (`route_inbound`): the resident is
talking to a person, until they ask for the bot again (words or the button) or staff close it.
Closing it gives the conversation back to the bot and tells the resident, with the 1-5 rating
buttons of the handoff's case code.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from channels.messages import Button, InboundMessage, Reply
from channels.outbound import ChannelAdapter, Delivery, push
from feedback.buttons import case_rating_buttons
from handoff.models import CASE_PREFIX, RESIDENT, STAFF, Handoff, HandoffMessage, HandoffReason, HandoffStatus
from localization import N_, gettext_for, language_or_default
from staff.models import StaffUser
from storage.database import utcnow
from vietnamese_text.handoff_words import asks_for_the_bot
from vietnamese_text.privacy import mask_personal_data

PHOTO, LOCATION = "[ảnh]", "[vị trí]"  # what staff see for an attachment sent without words
CASE_CODE = re.compile(re.escape(CASE_PREFIX) + r"(\d{1,18})", re.IGNORECASE)
RECENTLY_CLOSED = 20
GREETING = "/greet"  # what Rasa gets when the resident comes back from staff: the greeting and the menu
CLOSED_BY_STAFF = N_("Cán bộ đã kết thúc cuộc trò chuyện. Trợ lý tự động tiếp tục hỗ trợ bạn; bạn hãy nhắn câu hỏi "
                     "bất cứ lúc nào.")
RATE_STAFF = N_("Bạn chấm điểm sự hỗ trợ của cán bộ (1-5 ⭐):")


class HandoffClosed(Exception):
    """Staff tried to reply on a handoff that is already closed."""


@dataclass(frozen=True)
class Closing:
    handoff: Handoff
    delivery: Delivery | None  # how the resident was told; None when it was closed already (nothing sent again)


def open_handoff(session: Session, conversation_id: str, reason: HandoffReason, summary: str,
                 language: str | None = None, now: dt.datetime | None = None) -> Handoff:
    """The conversation's open handoff, or a new one; the summary is masked for personal data."""
    found = open_handoff_of(session, conversation_id)
    if found is not None:
        return found
    handoff = Handoff(conversation_id=conversation_id, channel=conversation_id.partition(":")[0],
                      status=HandoffStatus.OPEN.value, reason=reason.value, summary=mask_personal_data(summary),
                      language=language_or_default(language), created_at=now or utcnow())
    try:
        with session.begin_nested():
            session.add(handoff)
    except IntegrityError:  # opened meanwhile by a concurrent turn: the unique index kept one
        return open_handoff_of(session, conversation_id)
    return handoff


def open_handoff_of(session: Session, conversation_id: str) -> Handoff | None:
    return session.scalar(select(Handoff).where(Handoff.conversation_id == conversation_id,
                                                Handoff.status == HandoffStatus.OPEN.value))


def is_handed_over(session: Session, conversation_id: str) -> bool:
    return open_handoff_of(session, conversation_id) is not None


def open_handoffs(session: Session) -> list[Handoff]:
    """Open handoffs, the longest waiting first."""
    return list(session.scalars(select(Handoff).where(Handoff.status == HandoffStatus.OPEN.value)
                                .order_by(Handoff.created_at, Handoff.id)))


def recently_closed(session: Session, limit: int = RECENTLY_CLOSED) -> list[Handoff]:
    """The last closed handoffs, the latest first."""
    return list(session.scalars(select(Handoff).where(Handoff.status == HandoffStatus.CLOSED.value)
                                .order_by(Handoff.closed_at.desc(), Handoff.id.desc()).limit(limit)))


def handoff_of_case(session: Session, case_code: str) -> Handoff | None:
    """The handoff a case code ("HT-17", any case) names, if any."""
    found = CASE_CODE.fullmatch(case_code.strip())
    return session.get(Handoff, int(found.group(1))) if found else None


def record_resident_message(session: Session, conversation_id: str, text: str,
                            now: dt.datetime | None = None) -> HandoffMessage | None:
    """Keep the message for staff if the conversation is handed over; None when the bot has it."""
    handoff = open_handoff_of(session, conversation_id)
    if handoff is None:
        return None
    return _add_message(session, handoff, RESIDENT, text, now)


def route_inbound(sessions: sessionmaker[Session], message: InboundMessage) -> InboundMessage | None:
    """What the channel sends to Rasa; None when the message went to staff (the channel must not ask Rasa).

    A request for the bot ("quay lại trợ lý", the button) closes an open handoff and reaches Rasa as a
    greeting, which answers with the menu: the words themselves would read as a request for staff again.
    """
    text = message.text or (PHOTO if message.image_url else LOCATION if message.location else "")
    with sessions.begin() as session:
        handoff = open_handoff_of(session, message.conversation_id)
        back_to_bot = asks_for_the_bot(message.text or "", talking_to_staff=handoff is not None)
        if handoff is not None:
            _add_message(session, handoff, RESIDENT, text, None)
            if not back_to_bot:
                return None
            handoff.status, handoff.closed_at = HandoffStatus.CLOSED.value, utcnow()
    return replace(message, text=GREETING) if back_to_bot else message


def staff_reply(session: Session, handoff_id: int, staff_user: StaffUser, text: str,
                adapters: Iterable[ChannelAdapter] | None = None, now: dt.datetime | None = None) -> Delivery:
    """Push the reply on the resident's channel; unless that failed, record it and assign the handoff.

    Without `adapters`, those of the environment (`adapters_from_env`) working in this session's
    transaction: a web reply is kept pending, and recorded, together or not at all.
    """
    handoff = session.get(Handoff, handoff_id, with_for_update=True)
    if handoff is None or handoff.status != HandoffStatus.OPEN.value:
        raise HandoffClosed(handoff_id)
    delivery = push(handoff.conversation_id, [Reply(text=text)], _in_transaction(session, adapters))
    if delivery.status != "failed":
        _add_message(session, handoff, STAFF, text, now)
        handoff.assigned_staff_id = handoff.assigned_staff_id or staff_user.id
    return delivery


def close_handoff(session: Session, handoff_id: int, adapters: Iterable[ChannelAdapter] | None = None,
                  now: dt.datetime | None = None) -> Closing | None:
    """Give the conversation back to the bot and tell the resident; None if there is no such handoff.

    The handoff closes even when the resident could not be told (a failed delivery); closing
    twice changes nothing and sends nothing. `adapters` as for `staff_reply`.
    """
    handoff = session.get(Handoff, handoff_id, with_for_update=True)
    if handoff is None:
        return None
    if handoff.status != HandoffStatus.OPEN.value:
        return Closing(handoff, None)
    handoff.status, handoff.closed_at = HandoffStatus.CLOSED.value, now or utcnow()
    session.flush()
    delivery = push(handoff.conversation_id, closing_replies(handoff.case_code, handoff.language),
                    _in_transaction(session, adapters), idempotency_key=f"handoff_closed:{handoff.id}")
    return Closing(handoff, delivery)


def closing_replies(case_code: str, language: str | None = None) -> list[Reply]:
    """What the resident gets when staff close, in the language they were using (Vietnamese if unknown)."""
    _ = gettext_for(language)
    return [Reply(_(CLOSED_BY_STAFF)),
            Reply(_(RATE_STAFF), buttons=tuple(Button(**button) for button in case_rating_buttons(case_code)))]


def _in_transaction(session: Session, adapters: Iterable[ChannelAdapter] | None) -> Iterable[ChannelAdapter]:
    """The given adapters, or those of the environment working in this session's transaction."""
    if adapters is not None:
        return adapters
    from channels.push_adapters import adapters_from_env  # here: the Telegram bridge imports this module

    return adapters_from_env(sessionmaker(session.connection(), expire_on_commit=False))


def _add_message(session: Session, handoff: Handoff, direction: str, text: str,
                 now: dt.datetime | None) -> HandoffMessage:
    message = HandoffMessage(handoff=handoff, direction=direction, text=text, at=now or utcnow())
    session.add(message)
    session.flush()
    return message
