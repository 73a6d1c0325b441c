"""Status-change notifications: the message a resident gets, queued in the shared outbox (`notifications`).

`queue` runs inside `registry.record_status`, in the transaction that records the
change, so a change and its notifications are committed or rolled back together.
The message names the receipt number, the procedure, the new status with what to do
next, and the time in Vietnam time; never the applicant's name or phone.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from channels.messages import Button, Reply
from dossiers.dates import VIETNAM
from dossiers.models import DossierStatusChange, DossierSubscription
from dossiers.statuses import DossierStatus
from localization import N_, format_day, gettext_for
from notifications import outbox

KIND = "dossier_status"
STATUS_CHANGED = N_("Hồ sơ {receipt} có trạng thái mới: {status} (lúc {time}).")
PROCEDURE = N_("Thủ tục: {procedure}")
LOOK_UP = N_("Tra cứu hồ sơ")


def idempotency_key(change_id: int, subscription_id: int) -> str:
    return f"dossier-status:{change_id}:{subscription_id}"


def queue(session: Session, change: DossierStatusChange) -> int:
    """One outbox row per subscription of the changed dossier, in its subscriber's language; the number queued."""
    session.flush()  # the change's id goes into the idempotency key
    subscriptions = session.execute(select(DossierSubscription.id, DossierSubscription.conversation_id,
                                           DossierSubscription.language)
                                    .where(DossierSubscription.dossier_id == change.dossier_id)).all()
    return sum(outbox.enqueue(session, conversation_id, render(change, language),
                              idempotency_key(change.id, subscription_id), KIND)
               for subscription_id, conversation_id, language in subscriptions)


def drop_undelivered(session: Session, subscription: DossierSubscription) -> None:
    """Forget what this subscription has not been sent yet: the resident stopped following the dossier."""
    change_ids = session.scalars(select(DossierStatusChange.id).where(
        DossierStatusChange.dossier_id == subscription.dossier_id))
    outbox.discard(session, (idempotency_key(change_id, subscription.id) for change_id in change_ids))


def render(change: DossierStatusChange, language: str) -> list[Reply]:
    """The message in the subscriber's language, with a button back to the lookup."""
    _ = gettext_for(language)
    status = DossierStatus(change.status)
    local = change.changed_at.replace(tzinfo=dt.timezone.utc).astimezone(VIETNAM)
    when = f"{local:%H:%M} {format_day(local.date(), language)}"
    lines = [_(STATUS_CHANGED).format(receipt=change.dossier.receipt_number, status=_(status.label), time=when)]
    if change.dossier.procedure_name:
        lines.append(_(PROCEDURE).format(procedure=change.dossier.procedure_name))
    text = "\n".join(lines) + "\n\n" + _(status.explanation)
    return [Reply(text, (Button(_(LOOK_UP), "/check_dossier"),))]
