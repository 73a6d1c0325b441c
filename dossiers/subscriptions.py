"""Residents following a dossier: "Nhận thông báo khi hồ sơ thay đổi" and "hủy theo dõi".

A subscription ties a conversation id ("<channel>:<sender>", as Rasa knows it) to a
dossier; the chat subscribes only after the resident passed the phone check. Every
status change then queues one notification per subscription (`notifications`).
Unsubscribing also drops the notifications not yet delivered (one a dispatcher is sending at that
moment still arrives).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from dossiers import notifications
from dossiers.models import Dossier, DossierSubscription
from dossiers.statuses import DossierStatus
from localization import language_or_default
from storage.database import dialect_insert, utcnow
from vietnamese_text.receipt_numbers import normalise_receipt


@dataclass(frozen=True)
class FollowedDossier:
    """One line of the "Hồ sơ của tôi" panel."""

    receipt_number: str
    procedure_name: str | None
    status: DossierStatus
    status_at: dt.datetime  # naive UTC


def subscribe(session: Session, receipt_number: str, conversation_id: str, language: str | None) -> bool:
    """Follow the dossier (again: the language is updated); False when the receipt number is unknown."""
    dossier_id = _dossier_id(session, receipt_number)
    if dossier_id is None:
        return False
    insert = dialect_insert(session)
    language = language_or_default(language)
    session.execute(insert(DossierSubscription)
                    .values(dossier_id=dossier_id, conversation_id=conversation_id, language=language,
                            created_at=utcnow())
                    .on_conflict_do_update(index_elements=["dossier_id", "conversation_id"],
                                           set_={"language": language}))
    return True


def unsubscribe(session: Session, receipt_number: str, conversation_id: str) -> bool:
    """Stop following; False when this conversation did not follow that dossier."""
    subscription = session.scalar(select(DossierSubscription).where(
        DossierSubscription.dossier_id == _dossier_id(session, receipt_number),
        DossierSubscription.conversation_id == conversation_id))
    if subscription is None:
        return False
    notifications.drop_undelivered(session, subscription)
    session.delete(subscription)
    return True


def subscriptions_of(session: Session, conversation_id: str) -> list[FollowedDossier]:
    """The dossiers this conversation follows, in the order it subscribed."""
    rows = session.execute(
        select(Dossier.receipt_number, Dossier.procedure_name, Dossier.status, Dossier.status_at)
        .join(DossierSubscription, DossierSubscription.dossier_id == Dossier.id)
        .where(DossierSubscription.conversation_id == conversation_id)
        .order_by(DossierSubscription.created_at, DossierSubscription.id)).all()
    return [FollowedDossier(receipt, procedure, DossierStatus(status), at) for receipt, procedure, status, at in rows]


def _dossier_id(session: Session, receipt_number: str) -> int | None:
    return session.scalar(select(Dossier.id).where(Dossier.receipt_number == normalise_receipt(receipt_number)))
