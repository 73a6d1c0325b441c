"""Editing a procedure: its snapshot, validated edits, writing them, verification and new aliases."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from knowledge.models import Procedure, ProcedureAlias
from knowledge.records import SCALAR_FIELDS, apply_record, to_record
from knowledge_editing import revisions
from knowledge_editing.errors import Conflict, Invalid
from knowledge_editing.fees import InvalidFee, fee_fields, parse_fee
from knowledge_editing.models import KnowledgeRevision
from localization import N_
from staff.models import StaffUser
from storage.database import utcnow
from vietnamese_text import nfc

TARGET = "procedure"
TEXT_FIELDS = ("name", "field", "audience", "competent_agency", "implementing_agency", "submission_address",
               "steps", "conditions", "result", "legal_basis")
MAX_NAME_CHARS, MAX_TEXT_CHARS = 500, 20_000
NAME_REQUIRED = N_("Tên thủ tục không được để trống.")
TOO_LONG = N_("Nội dung quá dài.")
RECORD_FIELDS = frozenset(SCALAR_FIELDS) | {"channels"}  # what a catalogue re-import would overwrite


def load(session: Session, code: str, lock: bool = False) -> Procedure:
    return revisions.load(session, Procedure, code, lock)


def version_of(procedure: Procedure) -> str:
    return str(procedure.version)


def snapshot(procedure: Procedure) -> dict:
    """What staff can change, JSON-ready: the answer's record, when it was verified, and the aliases."""
    return to_record(procedure) | {"verified_at": procedure.verified_at.isoformat() if procedure.verified_at else None,
                                   "aliases": sorted(alias.alias for alias in procedure.aliases)}


def edited(current: dict, texts: dict[str, str], fees: list[tuple[str, str]]) -> dict:
    """The snapshot with the typed texts and fees (one (amount, note) per channel); raises Invalid."""
    errors: dict[str, str] = {}
    result = dict(current)
    for name in TEXT_FIELDS:
        if name in texts and _tidy(texts[name]) != _tidy(current[name]):
            value = _tidy(texts[name])
            if len(value) > (MAX_NAME_CHARS if name == "name" else MAX_TEXT_CHARS):
                errors[name] = TOO_LONG
            result[name] = value or None
    if not result["name"]:
        errors["name"] = NAME_REQUIRED
    channels = []
    for index, channel in enumerate(current["channels"]):
        typed = fees[index] if index < len(fees) else fee_fields(channel)
        if tuple(typed) == fee_fields(channel):
            channels.append(channel)
            continue
        try:
            fee_text, fee_vnd = parse_fee(*typed)
        except InvalidFee as invalid:
            errors[f"fee-{index}"] = invalid.args[0]
            continue
        channels.append(channel | {"fee_text": fee_text, "fee_vnd": fee_vnd})
    result["channels"] = channels
    if errors:
        raise Invalid(errors)
    return result


def _tidy(text: str | None) -> str:
    """Text as typed in a textarea, without the browser's CRLF or trailing blanks (multi-line fields stay)."""
    return "\n".join(line.rstrip() for line in nfc(text or "").replace("\r\n", "\n").split("\n")).strip()


def write(procedure: Procedure, fields: dict, alias_source: str = "staff") -> None:
    """Store these snapshot fields on the row; fields of the catalogue record are marked as edited locally,
    so a re-import keeps them."""
    apply_record(procedure, fields)
    if "verified_at" in fields:
        procedure.verified_at = dt.datetime.fromisoformat(fields["verified_at"]) if fields["verified_at"] else None
    if "aliases" in fields:
        kept = {alias.alias: alias for alias in procedure.aliases if alias.alias in fields["aliases"]}
        procedure.aliases = [kept.get(text) or ProcedureAlias(alias=text, source=alias_source)
                             for text in fields["aliases"]]
    local = set(procedure.locally_edited_fields or []) | (fields.keys() & RECORD_FIELDS)
    procedure.locally_edited_fields = sorted(local)
    procedure.updated_at = utcnow()  # also bumps `version` when only channels or aliases changed


def save(session: Session, author: StaffUser, code: str, expected_version: str, texts: dict[str, str],
         fees: list[tuple[str, str]]) -> KnowledgeRevision | None:
    """Validate and publish an edit made on the page drawn at `expected_version`."""
    procedure = load(session, code, lock=True)
    if version_of(procedure) != expected_version:
        raise Conflict()
    return change(session, author, procedure, "edit", edited(snapshot(procedure), texts, fees))


def change(session: Session, author: StaffUser, procedure: Procedure, action: str, after: dict,
           reverts_id: int | None = None, alias_source: str = "staff") -> KnowledgeRevision | None:
    before = snapshot(procedure)
    changes = revisions.diff(before, after)
    write(procedure, {name: after[name] for name in changes}, alias_source)
    return revisions.publish(session, author, TARGET, procedure.code, action, before, after, reverts_id)


def verify(session: Session, author: StaffUser, code: str, now: dt.datetime | None = None) -> KnowledgeRevision:
    """"Đã kiểm tra với nguồn": the content was checked against the official source today."""
    procedure = load(session, code, lock=True)
    now = now or utcnow()
    return change(session, author, procedure, "verify", snapshot(procedure) | {"verified_at": now.isoformat()})


def add_aliases(session: Session, author: StaffUser, code: str, aliases: list[str]) -> KnowledgeRevision | None:
    procedure = load(session, code, lock=True)
    current = snapshot(procedure)
    merged = sorted(set(current["aliases"]) | set(aliases))
    return change(session, author, procedure, "attach_questions", current | {"aliases": merged},
                  alias_source="unanswered")
