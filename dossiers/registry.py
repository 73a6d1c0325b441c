"""The one way a status reaches the registry, whichever source reports it.

`record_status` is idempotent per (source, event id): an event seen before
changes nothing. The history gets a row only when the status really changes;
an event older than the current status is remembered but not applied, so a late
redelivery cannot move a dossier backwards. A real change queues a notification
for each subscriber in the same transaction (`notifications.queue`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum

from sqlalchemy import select
from sqlalchemy.orm import Session

from dossiers import notifications
from dossiers.models import Dossier, DossierEvent, DossierStatusChange
from dossiers.statuses import DossierStatus
from storage.database import dialect_insert
from vietnamese_text.receipt_numbers import normalise_receipt


@dataclasses.dataclass(frozen=True)
class DossierFields:
    """Details a source may send with a status; None means "not sent", so the stored value stays."""

    procedure_code: str | None = None
    procedure_name: str | None = None
    applicant_name: str | None = None
    applicant_phone: str | None = None  # digits only (privacy.phone_digits)
    received_on: dt.date | None = None
    due_on: dt.date | None = None
    result_location: str | None = None
    handling_unit: str | None = None
    notes: str | None = None


class Outcome(str, enum.Enum):
    CREATED = "created"
    CHANGED = "changed"
    UNCHANGED = "unchanged"  # same status; details may have been updated
    DUPLICATE = "duplicate"  # this event id was applied before
    STALE = "stale"  # older than the current status


def record_status(session: Session, receipt: str, status: DossierStatus, at: dt.datetime, source: str,
                  event_id: str | None = None, fields: DossierFields | None = None) -> Outcome:
    if event_id is not None and not _inserted(session, DossierEvent, source=source, event_id=event_id[:128]):
        return Outcome.DUPLICATE
    receipt = normalise_receipt(receipt)
    created = _inserted(session, Dossier, receipt_number=receipt, status=status.value, status_at=at,
                        failed_verifications=0)
    dossier = session.scalar(select(Dossier).where(Dossier.receipt_number == receipt).with_for_update())
    if not created and at < dossier.status_at:
        return Outcome.STALE
    _apply(dossier, fields)
    if not created and dossier.status == status.value:
        return Outcome.UNCHANGED
    dossier.status, dossier.status_at = status.value, at
    change = DossierStatusChange(status=status.value, changed_at=at, source=source, event_id=event_id)
    dossier.history.append(change)
    notifications.queue(session, change)
    return Outcome.CREATED if created else Outcome.CHANGED


def _inserted(session: Session, model: type[Dossier] | type[DossierEvent], **values: object) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING: False when the unique constraint says the receipt number or event id
    is already stored (by an earlier call, or by another process at the same moment).

    Not a savepoint: with the pysqlite driver, releasing a savepoint commits the whole transaction,
    which would break the all-or-nothing import and its dry run.
    """
    insert = dialect_insert(session)
    statement = insert(model).values(**values).on_conflict_do_nothing().returning(model.id)
    return session.execute(statement).scalar() is not None


def _apply(dossier: Dossier, fields: DossierFields | None) -> None:
    for name, value in dataclasses.asdict(fields or DossierFields()).items():
        if value is not None:
            setattr(dossier, name, value)
