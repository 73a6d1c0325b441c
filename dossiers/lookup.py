"""What the chat may tell a resident about a receipt number, and the phone check that unlocks the rest.

Anyone holding a receipt number sees the procedure, the status and what to do
next, the dates, where to collect the result, and the applicant's name as
initials. The notes (missing documents, fees owed) and a hint of the phone need
the last four digits of the registered phone: `verify`.

Each call counts against three rate limits a minute (`LookupSettings`): per
sender (the conversation), per client address (its keyed hash, which only the
web chat sends: a new web chat session does not start afresh) and per receipt
number (however many senders and addresses ask). Wrong answers to the phone
check lock out the sender and the address that gave them, for that receipt
number only, until the oldest of those wrong answers is `lock_period` old; a
right answer from them starts their count over. A stranger's guesses therefore
never lock the applicant out, unless they share an address. Everything is
counted in the database, in the log of every call (receipt number, hashed
sender and address, outcome: nothing personal), so it holds across processes.
"""

from __future__ import annotations

import datetime as dt
import enum
import hmac
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from dossiers.models import Dossier, DossierLookupLog
from dossiers.privacy import mask_name, phone_digits, sender_hash
from dossiers.remote import RemoteSettings, RemoteUnavailable, fetch_status
from dossiers.settings import LookupSettings
from dossiers.statuses import DossierStatus
from storage.database import utcnow
from vietnamese_text.receipt_numbers import normalise_receipt


class RateLimit(str, enum.Enum):
    """The limit that refused a call: residents are told differently about their own calls and everyone's."""

    SENDER = "sender"
    ADDRESS = "address"
    RECEIPT = "receipt"


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
    applicant: str | None = None  # initials only: "N. V. A."
    history: tuple[tuple[DossierStatus, dt.datetime], ...] = ()
    verified: bool = False
    notes: str | None = None  # only when verified
    phone_hint: str | None = None  # only when verified, and then only the last four digits
    limited_by: RateLimit | None = None  # when RATE_LIMITED

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
    limited_by: RateLimit | None = None  # when RATE_LIMITED


@dataclass(frozen=True)
class _Call:
    """Who asks about which receipt number, and when: what every limit and every log row needs."""

    action: str  # lookup | verify
    receipt: str  # normalised
    who: str  # privacy.sender_hash of the sender
    where: str | None  # privacy.address_hash of the client address; None off the web chat
    now: dt.datetime


def lookup(session: Session, receipt: str, sender: str, settings: LookupSettings | None = None,
           remote: RemoteSettings | None = None, now: dt.datetime | None = None,
           address_hash: str | None = None) -> LookupResult:
    """The registry's answer for one receipt number; on a miss, the remote system is asked when configured.

    `address_hash` is the client address as `privacy.address_hash` gives it (never the address itself).
    """
    settings = settings or LookupSettings.from_env()
    call = _call("lookup", receipt, sender, address_hash, now)
    limited_by = _rate_limited_by(session, call, settings)
    if limited_by:
        return _logged(session, call, LookupResult(LookupOutcome.RATE_LIMITED, call.receipt, limited_by=limited_by))
    dossier = _dossier(session, call.receipt)
    if dossier is None and remote is not None:
        try:
            fetch_status(remote, session, call.receipt)
        except RemoteUnavailable:
            return _logged(session, call, LookupResult(LookupOutcome.UNAVAILABLE, call.receipt))
        dossier = _dossier(session, call.receipt)
    if dossier is None:
        return _logged(session, call, LookupResult(LookupOutcome.NOT_FOUND, call.receipt))
    return _logged(session, call, _details(dossier, _recently_verified(session, call, settings)))


def verify(session: Session, receipt: str, sender: str, last4: str, settings: LookupSettings | None = None,
           now: dt.datetime | None = None, address_hash: str | None = None) -> VerifyResult:
    """Check the last four digits of the registered phone; too many wrong answers lock out the sender and
    the address that gave them (for this receipt number), never the receipt number for everyone."""
    settings = settings or LookupSettings.from_env()
    call = _call("verify", receipt, sender, address_hash, now)
    limited_by = _rate_limited_by(session, call, settings)
    if limited_by:
        return _logged(session, call, VerifyResult(VerifyOutcome.RATE_LIMITED, limited_by=limited_by))
    dossier = _dossier(session, call.receipt, for_update=True)  # checks of one number in turn: counts stay exact
    if dossier is None:
        return _logged(session, call, VerifyResult(VerifyOutcome.NOT_FOUND))
    locked_until = _locked_until(session, call, settings)
    if locked_until:
        return _logged(session, call, VerifyResult(VerifyOutcome.LOCKED, attempts_left=0, locked_until=locked_until))
    registered = phone_digits(dossier.applicant_phone)
    if registered is None:
        return _logged(session, call, VerifyResult(VerifyOutcome.NO_PHONE))
    given = "".join(ch for ch in str(last4) if ch.isdigit())
    if len(given) == 4 and hmac.compare_digest(given, registered[-4:]):
        return _logged(session, call, VerifyResult(VerifyOutcome.VERIFIED, result=_details(dossier, verified=True)))
    _logged(session, call, VerifyResult(VerifyOutcome.WRONG_DIGITS))  # as wrong even if it locks; counted below
    return _after_wrong_answer(session, call, settings)


def _call(action: str, receipt: str, sender: str, address_hash: str | None, now: dt.datetime | None) -> _Call:
    return _Call(action, normalise_receipt(receipt)[:64], sender_hash(sender), address_hash, now or utcnow())


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


def _rate_limited_by(session: Session, call: _Call, settings: LookupSettings) -> RateLimit | None:
    """The first limit this call would go over; calls answered in the last minute count, refused ones do not."""
    limits = ((RateLimit.SENDER, DossierLookupLog.sender_hash, call.who, settings.lookups_per_minute),
              (RateLimit.ADDRESS, DossierLookupLog.address_hash, call.where, settings.address_lookups_per_minute),
              (RateLimit.RECEIPT, DossierLookupLog.receipt_number, call.receipt, settings.receipt_lookups_per_minute))
    for limit, column, value, allowed in limits:
        if value is not None and _answered_in_last_minute(session, column == value, call.now) >= allowed:
            return limit
    return None


def _answered_in_last_minute(session: Session, whose: ColumnElement[bool], now: dt.datetime) -> int:
    return session.scalar(select(func.count()).select_from(DossierLookupLog).where(
        whose, DossierLookupLog.at > now - dt.timedelta(minutes=1),
        DossierLookupLog.outcome != LookupOutcome.RATE_LIMITED.value))


def _after_wrong_answer(session: Session, call: _Call, settings: LookupSettings) -> VerifyResult:
    """How many tries the sender (and its address) have left, or until when this answer locked them out."""
    left = min(settings.max_failed_verifications - len(_wrong_answers(session, call, whose, settings))
               for whose in _askers(call))
    if left > 0:
        return VerifyResult(VerifyOutcome.WRONG_DIGITS, attempts_left=left)
    return VerifyResult(VerifyOutcome.LOCKED, attempts_left=0, locked_until=_locked_until(session, call, settings))


def _locked_until(session: Session, call: _Call, settings: LookupSettings) -> dt.datetime | None:
    """When the sender, or its address, may try this receipt number again; None when both may now.

    A lock ends when the oldest of the wrong answers that made it is `lock_period` old."""
    ends = [wrong[-1] + settings.lock_period for whose in _askers(call)
            if len(wrong := _wrong_answers(session, call, whose, settings)) >= settings.max_failed_verifications]
    return max(ends, default=None)


def _askers(call: _Call) -> Iterator[ColumnElement[bool]]:
    """Whose wrong answers count against this call: the sender's, and its address's when known."""
    yield DossierLookupLog.sender_hash == call.who
    if call.where is not None:
        yield DossierLookupLog.address_hash == call.where


def _wrong_answers(session: Session, call: _Call, whose: ColumnElement[bool],
                   settings: LookupSettings) -> list[dt.datetime]:
    """When these askers answered this receipt number's check wrong, newest first: within the lock period,
    after their last right answer, and at most as many as lock them out."""
    theirs = (whose, DossierLookupLog.receipt_number == call.receipt, DossierLookupLog.action == "verify",
              DossierLookupLog.at > call.now - settings.lock_period)
    last_right = session.scalar(select(func.max(DossierLookupLog.id)).where(
        *theirs, DossierLookupLog.outcome == VerifyOutcome.VERIFIED.value)) or 0
    return list(session.scalars(
        select(DossierLookupLog.at).where(*theirs, DossierLookupLog.outcome == VerifyOutcome.WRONG_DIGITS.value,
                                          DossierLookupLog.id > last_right)
        .order_by(DossierLookupLog.id.desc()).limit(settings.max_failed_verifications)))


def _recently_verified(session: Session, call: _Call, settings: LookupSettings) -> bool:
    return session.scalar(select(func.count()).select_from(DossierLookupLog).where(
        DossierLookupLog.receipt_number == call.receipt, DossierLookupLog.sender_hash == call.who,
        DossierLookupLog.action == "verify", DossierLookupLog.outcome == VerifyOutcome.VERIFIED.value,
        DossierLookupLog.at > call.now - settings.verified_period)) > 0


def _logged(session: Session, call: _Call, result):
    """Log the call (receipt number, hashed sender and address, outcome: nothing personal); return its result."""
    session.add(DossierLookupLog(at=call.now, action=call.action, receipt_number=call.receipt, sender_hash=call.who,
                                 address_hash=call.where, outcome=result.outcome.value))
    session.flush()
    return result
