"""One status report, validated the same way whichever source sent it (webhook body, file row, remote API).

Sources first map their own names to the field names below, then call `parse_report`;
a bad value raises FieldError naming the field, so each source can say where the problem is.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Mapping

from dossiers.dates import VIETNAM, parse_day, parse_moment
from dossiers.privacy import phone_digits
from dossiers.registry import DossierFields
from dossiers.statuses import DossierStatus, parse_status
from vietnamese_text.receipt_numbers import is_receipt_number, normalise_receipt

DETAIL_FIELDS = tuple(field.name for field in dataclasses.fields(DossierFields))
FIELDS = ("receipt_number", "status", "status_at", *DETAIL_FIELDS)
_DAY_FIELDS = ("received_on", "due_on")
_MAX_LENGTH = {"procedure_code": 32}


class FieldError(ValueError):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field, self.reason = field, reason


@dataclasses.dataclass(frozen=True)
class StatusReport:
    receipt: str
    status: DossierStatus
    at: dt.datetime | None  # naive UTC; None: the source did not say when
    fields: DossierFields

    def fingerprint(self) -> str:
        """Stable id of the report's content, for sources whose rows carry no event id (file imports)."""
        content = [self.receipt, self.status.value, self.at, dataclasses.asdict(self.fields)]
        return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()


def parse_report(values: Mapping[str, object]) -> StatusReport:
    """Validate a source's values (keyed by FIELDS); FieldError for the first bad one."""
    receipt = _text(values.get("receipt_number"))
    if receipt is None:
        raise FieldError("receipt_number", "missing")
    if not is_receipt_number(receipt):
        raise FieldError("receipt_number", f"not a receipt number (<unit code>-YYMMDD-NNNN): {receipt[:64]!r}")
    if _text(values.get("status")) is None:
        raise FieldError("status", "missing")
    status = _parsed("status", values.get("status"), parse_status)
    at = _parsed("status_at", values.get("status_at"), _moment) if _text(values.get("status_at")) else None
    details = {name: _detail(name, values.get(name)) for name in DETAIL_FIELDS}
    return StatusReport(normalise_receipt(receipt), status, at, DossierFields(**details))


def _detail(name: str, value: object) -> object:
    if name in _DAY_FIELDS:
        return _parsed(name, value, parse_day)
    if name == "applicant_phone":
        return _parsed(name, value, _phone)
    text = _text(value)
    if text is not None and len(text) > _MAX_LENGTH.get(name, 4000):
        raise FieldError(name, f"longer than {_MAX_LENGTH.get(name, 4000)} characters")
    return text


def _parsed(name: str, value: object, parse):
    try:
        return parse(value)
    except ValueError as error:
        raise FieldError(name, str(error)) from error


def _moment(value: object) -> dt.datetime:
    """Spreadsheet cells arrive as datetime objects, in Vietnam time."""
    if isinstance(value, dt.datetime):
        return parse_moment(value.replace(tzinfo=value.tzinfo or VIETNAM).isoformat())
    return parse_moment(value)


def _phone(value: object) -> str | None:
    if _text(value) is None:
        return None
    digits = phone_digits(value)
    if digits is None:
        raise ValueError("a phone number needs at least four digits")
    return digits


def _text(value: object) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None
