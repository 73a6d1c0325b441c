"""Open a handoff, hold the resident's messages for staff while it is open, reply from staff, close it.

While a handoff is open the channels do not ask Rasa (`forward_or_hold`): the resident is
talking to a person. Closing it gives the conversation back to the bot.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from channels.messages import InboundMessage, Reply
from channels.outbound import ChannelAdapter, Delivery, push
from handoff.models import RESIDENT, STAFF, Handoff, HandoffMessage, HandoffReason, HandoffStatus
from staff.models import StaffUser
from storage.database import utcnow
from vietnamese_text.privacy import mask_personal_data

PHOTO, LOCATION = "[ảnh]", "[vị trí]"  # what staff see for an attachment sent without words


class HandoffClosed(Exception):
    """Staff tried to reply on a handoff that is already closed."""


def open_handoff(session: Session, conversation_id: str, reason: HandoffReason, summary: str,
                 now: dt.datetime | None = None) -> Handoff:
    """The conversation's open handoff, or a new one; the summary is masked for personal data."""
    found = open_handoff_of(session, conversation_id)
    if found is not None:
        return found
    handoff = Handoff(conversation_id=conversation_id, channel=conversation_id.partition(":")[0],
                      status=HandoffStatus.OPEN.value, reason=reason.value, summary=mask_personal_data(summary),
                      created_at=now or utcnow())
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


def record_resident_message(session: Session, conversation_id: str, text: str,
                            now: dt.datetime | None = None) -> HandoffMessage | None:
    """Keep the message for staff if the conversation is handed over; None when the bot has it."""
    handoff = open_handoff_of(session, conversation_id)
    if handoff is None:
        return None
    return _add_message(session, handoff, RESIDENT, text, now)


def forward_or_hold(sessions: sessionmaker[Session], message: InboundMessage) -> bool:
    """True when the message went to staff instead of the bot: the channel then must not ask Rasa."""
    text = message.text or (PHOTO if message.image_url else LOCATION if message.location else "")
    with sessions.begin() as session:
        return record_resident_message(session, message.conversation_id, text) is not None


def staff_reply(session: Session, handoff_id: int, staff_user: StaffUser, text: str,
                adapters: Iterable[ChannelAdapter] | None = None, now: dt.datetime | None = None) -> Delivery:
    """Push the reply on the resident's channel; unless that failed, record it and assign the handoff.

    Without `adapters`, those of the environment (`adapters_from_env`) working in this session's
    transaction: a web reply is kept pending, and recorded, together or not at all.
    """
    handoff = session.get(Handoff, handoff_id, with_for_update=True)
    if handoff is None or handoff.status != HandoffStatus.OPEN.value:
        raise HandoffClosed(handoff_id)
    if adapters is None:
        from channels.push_adapters import adapters_from_env  # here: the Telegram bridge imports this module

        adapters = adapters_from_env(sessionmaker(session.connection(), expire_on_commit=False))
    delivery = push(handoff.conversation_id, [Reply(text=text)], adapters)
    if delivery.status != "failed":
        _add_message(session, handoff, STAFF, text, now)
        handoff.assigned_staff_id = handoff.assigned_staff_id or staff_user.id
    return delivery


def close_handoff(session: Session, handoff_id: int, now: dt.datetime | None = None) -> Handoff | None:
    """Give the conversation back to the bot; None if there is no such handoff. Closing twice changes nothing."""
    handoff = session.get(Handoff, handoff_id, with_for_update=True)
    if handoff is not None and handoff.status == HandoffStatus.OPEN.value:
        handoff.status, handoff.closed_at = HandoffStatus.CLOSED.value, now or utcnow()
    return handoff


def _add_message(session: Session, handoff: Handoff, direction: str, text: str,
                 now: dt.datetime | None) -> HandoffMessage:
    message = HandoffMessage(handoff=handoff, direction=direction, text=text, at=now or utcnow())
    session.add(message)
    session.flush()
    return message
