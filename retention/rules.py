"""What each retention rule erases, as a query of the rows still holding the data and an eraser for a batch of them.

The queries leave out rows already erased, so running again erases nothing more.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from sqlalchemy import Select, delete, func, select, update
from sqlalchemy.orm import Session

from channels.zalo.queue import Status as ZaloStatus
from channels.zalo.queue import ZaloInboundEvent
from dossiers.models import DossierLookupLog
from handoff.models import Handoff, HandoffMessage, HandoffStatus
from urban_reports.models import Report, ReportStatusChange
from urban_reports.statuses import CLOSED
from webapp.admin.report_edits import redact_phone

ERASED_SENDER = ""  # a sender hash is 64 hex digits: no lookup ever matches this value
CLOSED_VALUES = [status.value for status in CLOSED]


@dataclass(frozen=True)
class Rule:
    name: str  # the key in the summary and the audit entry
    candidates: Callable[[dt.datetime], Select]  # ids of the rows to erase, given the cut-off time
    erase: Callable[[Session, list[int], dt.datetime], int]  # erases those rows, returns how many


def closed_reports_with_phone(cutoff: dt.datetime) -> Select:
    """Reports closed (their last change to a closed status) before the cut-off that still hold a phone."""
    closed_at = (select(ReportStatusChange.report_id, func.max(ReportStatusChange.changed_at).label("at"))
                 .where(ReportStatusChange.status.in_(CLOSED_VALUES))
                 .group_by(ReportStatusChange.report_id).subquery())
    return (select(Report.id).join(closed_at, closed_at.c.report_id == Report.id)
            .where(Report.status.in_(CLOSED_VALUES), Report.contact_phone.is_not(None), closed_at.c.at < cutoff))


def erase_report_phones(session: Session, ids: list[int], now: dt.datetime) -> int:
    """The admin's "erase phone" on each report, locked and checked again (it may have been reopened)."""
    reports = session.scalars(select(Report).where(Report.id.in_(ids), Report.status.in_(CLOSED_VALUES))
                              .with_for_update())
    return sum(redact_phone(report, now) is not None for report in reports)


def old_lookups_with_sender(cutoff: dt.datetime) -> Select:
    return select(DossierLookupLog.id).where(DossierLookupLog.at < cutoff,
                                             DossierLookupLog.sender_hash != ERASED_SENDER)


def erase_lookup_senders(session: Session, ids: list[int], _now: dt.datetime) -> int:
    """Keep the time, action and outcome (the statistics count them), drop who asked and from where."""
    return session.execute(update(DossierLookupLog).where(DossierLookupLog.id.in_(ids))
                           .values(sender_hash=ERASED_SENDER, address_hash=None)).rowcount


def messages_of_closed_handoffs(cutoff: dt.datetime) -> Select:
    return (select(HandoffMessage.id).join(Handoff, Handoff.id == HandoffMessage.handoff_id)
            .where(Handoff.status == HandoffStatus.CLOSED.value, Handoff.closed_at < cutoff))


def delete_handoff_messages(session: Session, ids: list[int], _now: dt.datetime) -> int:
    """The messages go; the handoff with its masked summary, reason and dates stays for the statistics."""
    return session.execute(delete(HandoffMessage).where(HandoffMessage.id.in_(ids))).rowcount


def settled_zalo_events(cutoff: dt.datetime) -> Select:
    """Zalo messages answered or given up on (failed) before the cut-off: a failed one still holds the text."""
    return select(ZaloInboundEvent.id).where(ZaloInboundEvent.status != ZaloStatus.QUEUED.value,
                                             ZaloInboundEvent.received_at < cutoff)


def delete_zalo_events(session: Session, ids: list[int], _now: dt.datetime) -> int:
    """The rows go (Zalo user id, Zalo's message id, a failed message's text); queued ones are never touched."""
    return session.execute(delete(ZaloInboundEvent).where(ZaloInboundEvent.id.in_(ids),
                                                          ZaloInboundEvent.status != ZaloStatus.QUEUED.value)).rowcount


REPORT_PHONES = Rule("report_phones", closed_reports_with_phone, erase_report_phones)
LOOKUP_SENDERS = Rule("dossier_lookup_senders", old_lookups_with_sender, erase_lookup_senders)
HANDOFF_MESSAGES = Rule("handoff_messages", messages_of_closed_handoffs, delete_handoff_messages)
ZALO_EVENTS = Rule("zalo_queue_rows", settled_zalo_events, delete_zalo_events)
