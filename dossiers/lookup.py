"""What the chat may tell a resident about a receipt number, and the phone check that unlocks the rest.

Anyone holding a receipt number sees the procedure, the status and what to do
next, the dates, where to collect the result, and the applicant's name masked.
The notes (missing documents, fees owed) and a hint of the phone need the last
four digits of the registered phone: `verify`. Five wrong answers lock the
receipt number for everyone; each sender has a rate limit. Both are counted in
the database, so they hold across processes, and every call is logged there
without personal data.
"""

from __future__ import annotations

import datetime as dt
import enum
import hmac
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dossiers.models import Dossier, DossierLookupLog
from dossiers.privacy import mask_name, phone_digits, sender_hash
from dossiers.remote import RemoteSettings, RemoteUnavailable, fetch_status
from dossiers.settings import LookupSettings
from dossiers.statuses import DossierStatus
from storage.database import utcnow
from vietnamese_text.receipt_numbers import normalise_receipt


class LookupOutcome(str, enum.Enum):
    FOUND = "found"
    NOT_FOUND = "not_found"
    RATE_LIMITED = "rate_limited"
    UNAVAILABLE = "unavailable"  # not in the registry and the remote system did not answer


class VerifyOutcome(str, enum.Enum):
    VERIFIED = "verified"
    WRONG_DIGITS = "wrong_digits"
    LOCKED = "locked"
    NO_PHONE = "no_phone"  # no phone registered: the office has to check in person
    NOT_FOUND = "not_found"
    RATE_LIMITED = "rate_limited"


@dataclass(frozen=True)
class LookupResult:
    outcome: LookupOutcome
    receipt_number: str
    procedure_code: str | None = None
    procedure_name: str | None = None
    status: DossierStatus | None = None
    status_at: dt.datetime | None = None  # naive UTC
    received_on: dt.date | None = None
    due_on: dt.date | None = None
    result_location: str | None = None
    handling_unit: str | None = None
    applicant: str | None = None  # masked: "Nguyễn V. A."
    history: tuple[tuple[DossierStatus, dt.datetime], ...] = ()
    verified: bool = False
    notes: str | None = None  # only when verified
    phone_hint: str | None = None  # only when verified, and then only the last four digits

    @property
    def explanation(self) -> str | None:
        """What the resident should do next (a msgid: translate with localization.gettext_for)."""
        return self.status.explanation if self.status else None


@dataclass(frozen=True)
class VerifyResult:
    outcome: VerifyOutcome
    attempts_left: int | None = None
    locked_until: dt.datetime | None = None  # naive UTC
    result: LookupResult | None = None  # the full details, when verified


def lookup(session: Session, receipt: str, sender: str, settings: LookupSettings | None = None,
           remote: RemoteSettings | None = None, now: dt.datetime | None = None) -> LookupResult:
    """The registry's answer for one receipt number; on a miss, the remote system is asked when configured."""
    settings, now = settings or LookupSettings.from_env(), now or utcnow()
    receipt, who = normalise_receipt(receipt), sender_hash(sender)
    if _over_rate_limit(session, who, settings, now):
        return _logged(session, "lookup", receipt, who, now, LookupResult(LookupOutcome.RATE_LIMITED, receipt))
    dossier = _dossier(session, receipt)
    if dossier is None and remote is not None:
        try:
            fetch_status(remote, session, receipt)
        except RemoteUnavailable:
            return _logged(session, "lookup", receipt, who, now, LookupResult(LookupOutcome.UNAVAILABLE, receipt))
        dossier = _dossier(session, receipt)
    if dossier is None:
        return _logged(session, "lookup", receipt, who, now, LookupResult(LookupOutcome.NOT_FOUND, receipt))
    verified = _recently_verified(session, receipt, who, settings, now)
    return _logged(session, "lookup", receipt, who, now, _details(dossier, verified))


def verify(session: Session, receipt: str, sender: str, last4: str, settings: LookupSettings | None = None,
           now: dt.datetime | None = None) -> VerifyResult:
    """Check the last four digits of the registered phone; the receipt number locks after too many misses."""
    settings, now = settings or LookupSettings.from_env(), now or utcnow()
    receipt, who = normalise_receipt(receipt), sender_hash(sender)
    if _over_rate_limit(session, who, settings, now):
        return _logged(session, "verify", receipt, who, now, VerifyResult(VerifyOutcome.RATE_LIMITED))
    dossier = _dossier(session, receipt, for_update=True)
    if dossier is None:
        return _logged(session, "verify", receipt, who, now, VerifyResult(VerifyOutcome.NOT_FOUND))
    if dossier.verification_locked_until and dossier.verification_locked_until > now:
        result = VerifyResult(VerifyOutcome.LOCKED, attempts_left=0, locked_until=dossier.verification_locked_until)
        return _logged(session, "verify", receipt, who, now, result)
    registered = phone_digits(dossier.applicant_phone)
    if registered is None:
        return _logged(session, "verify", receipt, who, now, VerifyResult(VerifyOutcome.NO_PHONE))
    given = "".join(ch for ch in str(last4) if ch.isdigit())
    if len(given) == 4 and hmac.compare_digest(given, registered[-4:]):
        dossier.failed_verifications, dossier.verification_locked_until = 0, None
        result = VerifyResult(VerifyOutcome.VERIFIED, result=_details(dossier, verified=True))
        return _logged(session, "verify", receipt, who, now, result)
    dossier.failed_verifications += 1
    if dossier.failed_verifications >= settings.max_failed_verifications:
        dossier.failed_verifications, dossier.verification_locked_until = 0, now + settings.lock_period
        result = VerifyResult(VerifyOutcome.LOCKED, attempts_left=0, locked_until=dossier.verification_locked_until)
        return _logged(session, "verify", receipt, who, now, result)
    attempts_left = settings.max_failed_verifications - dossier.failed_verifications
    return _logged(session, "verify", receipt, who, now, VerifyResult(VerifyOutcome.WRONG_DIGITS, attempts_left))


def _dossier(session: Session, receipt: str, for_update: bool = False) -> Dossier | None:
    query = select(Dossier).where(Dossier.receipt_number == receipt)
    return session.scalar(query.with_for_update() if for_update else query)


def _details(dossier: Dossier, verified: bool) -> LookupResult:
    phone = phone_digits(dossier.applicant_phone)
    return LookupResult(
        LookupOutcome.FOUND, dossier.receipt_number, procedure_code=dossier.procedure_code,
        procedure_name=dossier.procedure_name, status=DossierStatus(dossier.status), status_at=dossier.status_at,
        received_on=dossier.received_on, due_on=dossier.due_on, result_location=dossier.result_location,
        handling_unit=dossier.handling_unit, applicant=mask_name(dossier.applicant_name),
        history=tuple((DossierStatus(change.status), change.changed_at) for change in dossier.history),
        verified=verified, notes=dossier.notes if verified else None,
        phone_hint=f"******{phone[-4:]}" if verified and phone else None,
    )


def _over_rate_limit(session: Session, who: str, settings: LookupSettings, now: dt.datetime) -> bool:
    """Calls answered for this sender in the last minute (refused calls do not count)."""
    answered = session.scalar(select(func.count()).select_from(DossierLookupLog).where(
        DossierLookupLog.sender_hash == who, DossierLookupLog.at > now - dt.timedelta(minutes=1),
        DossierLookupLog.outcome != LookupOutcome.RATE_LIMITED.value))
    return answered >= settings.lookups_per_minute


def _recently_verified(session: Session, receipt: str, who: str, settings: LookupSettings,
                       now: dt.datetime) -> bool:
    return session.scalar(select(func.count()).select_from(DossierLookupLog).where(
        DossierLookupLog.receipt_number == receipt, DossierLookupLog.sender_hash == who,
        DossierLookupLog.action == "verify", DossierLookupLog.outcome == VerifyOutcome.VERIFIED.value,
        DossierLookupLog.at > now - settings.verified_period)) > 0


def _logged(session: Session, action: str, receipt: str, who: str, now: dt.datetime, result):
    """Log the call (receipt number, hashed sender, outcome: nothing personal) and return its result."""
    session.add(DossierLookupLog(at=now, action=action, receipt_number=receipt[:64], sender_hash=who,
                                 outcome=result.outcome.value))
    session.flush()
    return result
