"""Status-change notifications: the outbox rows a status change writes, and the message a resident gets.

`queue` runs inside `registry.record_status`, in the transaction that records the
change, so a change and its notifications are committed or rolled back together.
The message names the receipt number, the procedure, the new status with what to do
next, and the time in Vietnam time; never the applicant's name or phone.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from channels.messages import Button, Reply
from dossiers.dates import VIETNAM, utc_now
from dossiers.models import DossierNotification, DossierStatusChange, DossierSubscription
from dossiers.statuses import DossierStatus
from localization import N_, format_day, gettext_for

STATUS_CHANGED = N_("Hồ sơ {receipt} có trạng thái mới: {status} (lúc {time}).")
PROCEDURE = N_("Thủ tục: {procedure}")
LOOK_UP = N_("Tra cứu hồ sơ")


class State(str, enum.Enum):
    PENDING = "pending"
    SENT = "sent"
    DEAD = "dead"


@dataclass(frozen=True)
class Notification:
    """What the dispatcher needs to deliver one outbox row."""

    id: int
    idempotency_key: str
    attempts: int
    conversation_id: str
    language: str
    receipt_number: str
    procedure_name: str | None
    status: DossierStatus
    changed_at: dt.datetime  # naive UTC


def idempotency_key(change_id: int, subscription_id: int) -> str:
    return f"dossier-status:{change_id}:{subscription_id}"


def queue(session: Session, change: DossierStatusChange) -> int:
    """One pending outbox row per subscription of the changed dossier; the number queued."""
    session.flush()  # the change's id goes into the idempotency key
    now = utc_now()
    subscription_ids = session.scalars(select(DossierSubscription.id).where(
        DossierSubscription.dossier_id == change.dossier_id)).all()
    session.add_all(DossierNotification(
        idempotency_key=idempotency_key(change.id, subscription_id), subscription_id=subscription_id,
        change_id=change.id, state=State.PENDING.value, attempts=0, next_attempt_at=now, created_at=now)
        for subscription_id in subscription_ids)
    return len(subscription_ids)


def render(notification: Notification) -> list[Reply]:
    """The message in the subscriber's language, with a button back to the lookup."""
    _ = gettext_for(notification.language)
    local = notification.changed_at.replace(tzinfo=dt.timezone.utc).astimezone(VIETNAM)
    when = f"{local:%H:%M} {format_day(local.date(), notification.language)}"
    lines = [_(STATUS_CHANGED).format(receipt=notification.receipt_number, status=_(notification.status.label),
                                      time=when)]
    if notification.procedure_name:
        lines.append(_(PROCEDURE).format(procedure=notification.procedure_name))
    text = "\n".join(lines) + "\n\n" + _(notification.status.explanation)
    return [Reply(text, (Button(_(LOOK_UP), "/check_dossier"),))]
