"""Adapter for a remote lookup API (a district or provincial one-stop system that answers per receipt number).

Configured by a URL template (`https://.../hoso/{receipt}`) and a JSON field mapping from the registry's
field names to dotted paths in the answer (`"status": "data.trangThai"`, list items by index: `"items.0.x"`).
What it returns is cached in the registry through `record_status`; a timeout, an HTTP error or an answer
it cannot read raises RemoteUnavailable, so the chat can say "try again later" instead of "not found".
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import requests
from sqlalchemy.orm import Session

from dossiers.registry import Outcome, record_status
from dossiers.reports import FIELDS, FieldError, parse_report
from storage.database import utcnow
from vietnamese_text.receipt_numbers import normalise_receipt

logger = logging.getLogger(__name__)

# The shape of tests/dossiers/remote_payload.json (documented in docs/DOSSIER_SOURCES.md).
DEFAULT_FIELDS = {
    "receipt_number": "data.soBienNhan",
    "status": "data.trangThai",
    "status_at": "data.thoiDiemCapNhat",
    "procedure_code": "data.thuTuc.ma",
    "procedure_name": "data.thuTuc.ten",
    "applicant_name": "data.nguoiNop.hoTen",
    "applicant_phone": "data.nguoiNop.soDienThoai",
    "received_on": "data.ngayTiepNhan",
    "due_on": "data.ngayHenTra",
    "result_location": "data.noiTraKetQua",
    "handling_unit": "data.donViXuLy",
    "notes": "data.ghiChu",
}


class RemoteUnavailable(Exception):
    """The remote system did not give a usable answer; the reason is for the log, not for the resident."""


@dataclass(frozen=True)
class RemoteSettings:
    url_template: str
    fields: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_FIELDS))
    timeout_seconds: float = 5.0
    token: str = ""  # sent as "Authorization: Bearer <token>" when set

    @classmethod
    def from_env(cls) -> RemoteSettings | None:
        """None when DOSSIER_REMOTE_URL is not set. DOSSIER_REMOTE_FIELDS is JSON, or @path to a JSON file."""
        url = os.environ.get("DOSSIER_REMOTE_URL", "")
        if not url:
            return None
        mapping = os.environ.get("DOSSIER_REMOTE_FIELDS", "")
        if mapping.startswith("@"):
            mapping = Path(mapping[1:]).read_text(encoding="utf-8")
        return cls(url_template=url, fields=json.loads(mapping) if mapping else dict(DEFAULT_FIELDS),
                   timeout_seconds=float(os.environ.get("DOSSIER_REMOTE_TIMEOUT_SECONDS", "5")),
                   token=os.environ.get("DOSSIER_REMOTE_TOKEN", ""))

    def __post_init__(self) -> None:
        unknown = set(self.fields) - set(FIELDS)
        if unknown:
            raise ValueError(f"unknown fields in the remote mapping: {sorted(unknown)}; known: {FIELDS}")


def fetch_status(settings: RemoteSettings, session: Session, receipt: str) -> Outcome | None:
    """Ask the remote system about one receipt number and cache the answer; None when it does not know it."""
    url = settings.url_template.format(receipt=quote(receipt, safe=""))
    headers = {"Accept": "application/json"} | ({"Authorization": f"Bearer {settings.token}"} if settings.token else {})
    try:
        response = requests.get(url, headers=headers, timeout=settings.timeout_seconds)
        if response.status_code == 404:
            return None
        response.raise_for_status()
        payload = response.json()
    except (requests.RequestException, ValueError) as error:
        logger.warning("dossiers: remote lookup of %s failed: %s", receipt, type(error).__name__)
        raise RemoteUnavailable(str(error)) from error
    values = {name: dotted(payload, path) for name, path in settings.fields.items()}
    values["receipt_number"] = values.get("receipt_number") or receipt
    try:
        report = parse_report(values)
    except FieldError as error:
        logger.warning("dossiers: remote answer for %s unreadable at %s", receipt, error.field)
        raise RemoteUnavailable(f"unreadable answer: {error.field}") from error
    if report.receipt != normalise_receipt(receipt):
        raise RemoteUnavailable("the answer is about another receipt number")
    return record_status(session, report.receipt, report.status, report.at or utcnow(), "remote",
                         fields=report.fields)


def dotted(payload: object, path: str) -> object:
    """payload["a"]["b"][0] for "a.b.0"; None when any step is missing."""
    for step in path.split("."):
        if isinstance(payload, dict):
            payload = payload.get(step)
        elif isinstance(payload, list) and step.isdigit() and int(step) < len(payload):
            payload = payload[int(step)]
        else:
            return None
    return payload
