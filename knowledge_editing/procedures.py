"""Editing a procedure: its snapshot, validated edits, writing them, verification and new aliases.

Editable: the text fields, each channel's fee and processing time, and the documents to bring
(one list per procedure, as the catalogue keeps them). Channels and documents are typed as rows
of strings; a row submitted as the form showed it is kept exactly as stored.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from knowledge.models import Procedure, ProcedureAlias
from knowledge.records import SCALAR_FIELDS, apply_record, to_record
from knowledge_editing import revisions
from knowledge_editing.errors import Conflict, Invalid
from knowledge_editing.fees import InvalidFee, fee_fields, parse_fee, parse_time, time_field
from knowledge_editing.models import KnowledgeRevision
from localization import N_
from staff.models import StaffUser
from storage.database import utcnow
from vietnamese_text import nfc

TARGET = "procedure"
TEXT_FIELDS = ("name", "field", "audience", "competent_agency", "implementing_agency", "submission_address",
               "steps", "conditions", "result", "legal_basis")
MAX_NAME_CHARS, MAX_TEXT_CHARS = 500, 20_000
MAX_COPIES = 99
DOCUMENT_TEXTS = ("group", "name", "form_name")
DOCUMENT_COPIES = ("copies_original", "copies_copy")
NAME_REQUIRED = N_("Tên thủ tục không được để trống.")
TOO_LONG = N_("Nội dung quá dài.")
DOCUMENT_NAME_REQUIRED = N_("Tên giấy tờ không được để trống (đánh dấu “Bỏ” để xoá dòng này).")
COPIES_FORMAT = N_("Số bản phải là số nguyên từ 0 đến 99.")
RECORD_FIELDS = frozenset(SCALAR_FIELDS) | {"channels", "documents"}  # what a catalogue re-import would overwrite


def load(session: Session, code: str, lock: bool = False) -> Procedure:
    return revisions.load(session, Procedure, code, lock)


def version_of(procedure: Procedure) -> str:
    return str(procedure.version)


def snapshot(procedure: Procedure) -> dict:
    """What staff can change, JSON-ready: the answer's record, when it was verified, and the aliases."""
    return to_record(procedure) | {"verified_at": procedure.verified_at.isoformat() if procedure.verified_at else None,
                                   "aliases": sorted(alias.alias for alias in procedure.aliases)}


def edited(current: dict, texts: dict[str, str], fees: list[tuple[str, str]], times: list[str] = (),
           documents: list[dict] | None = None) -> dict:
    """The snapshot with the typed texts, fees ((amount, note) per channel), times (one per channel) and
    document rows (`document_fields` shape plus "remove"; None leaves the documents alone); raises Invalid."""
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
    result["channels"] = [_edited_channel(channel, fees[index] if index < len(fees) else None,
                                          times[index] if index < len(times) else None, index, errors)
                          for index, channel in enumerate(current["channels"])]
    if documents is not None:
        result["documents"] = _edited_documents(current["documents"], documents, errors)
    if errors:
        raise Invalid(errors)
    return result


def _edited_channel(channel: dict, fee: tuple[str, str] | None, time: str | None, index: int,
                    errors: dict[str, str]) -> dict:
    """The channel with what changed of its fee and time; errors land under fee-N and time-N."""
    changed = dict(channel)
    try:
        if fee is not None and tuple(fee) != fee_fields(channel):
            changed["fee_text"], changed["fee_vnd"] = parse_fee(*fee)
    except InvalidFee as invalid:
        errors[f"fee-{index}"] = invalid.args[0]
    try:
        if time is not None and _tidy(time) != _tidy(time_field(channel)):
            changed |= parse_time(time)
    except InvalidFee as invalid:
        errors[f"time-{index}"] = invalid.args[0]
    return changed


def document_fields(document: dict) -> dict[str, str]:
    """A document as the edit form shows it: every field a string ("" when not published)."""
    return {name: "" if document.get(name) is None else str(document[name])
            for name in DOCUMENT_TEXTS + DOCUMENT_COPIES}


def _edited_documents(current: list[dict], rows: list[dict], errors: dict[str, str]) -> list[dict]:
    """Rows unchanged (or not submitted) are kept as stored; rows marked "remove" and blank new rows are dropped."""
    documents = []
    for index in range(max(len(current), len(rows))):
        stored = current[index] if index < len(current) else None
        if index >= len(rows):
            documents.append(stored)
            continue
        row = rows[index]
        typed = {name: _tidy(row.get(name)) for name in DOCUMENT_TEXTS + DOCUMENT_COPIES}
        if row.get("remove") or (stored is None and not any(typed.values())):
            continue
        if stored is not None and typed == {k: _tidy(v) for k, v in document_fields(stored).items()}:
            documents.append(stored)
            continue
        if not typed["name"]:
            errors[f"document-{index}"] = DOCUMENT_NAME_REQUIRED
        elif any(len(typed[name]) > MAX_TEXT_CHARS for name in DOCUMENT_TEXTS):
            errors[f"document-{index}"] = TOO_LONG
        copies = {name: _copies(typed[name]) for name in DOCUMENT_COPIES}
        if -1 in copies.values():
            errors[f"document-{index}"] = COPIES_FORMAT
            continue
        documents.append({"group": typed["group"] or None, "name": typed["name"],
                          "form_name": typed["form_name"] or None, **copies, "copies_text": _copies_text(copies)})
    return documents


def _copies(typed: str) -> int | None:
    """The number of copies, None when left empty, -1 when it is not a number from 0 to MAX_COPIES."""
    if not typed:
        return None
    return int(typed) if typed.isdigit() and int(typed) <= MAX_COPIES else -1


def _copies_text(copies: dict) -> str | None:
    """As the catalogue writes it ("1 bản chính", "2 bản sao")."""
    parts = [f"{copies[name]} bản {kind}" for name, kind in zip(DOCUMENT_COPIES, ("chính", "sao"))
             if copies[name] is not None]
    return ", ".join(parts) or None


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
         fees: list[tuple[str, str]], times: list[str] = (), documents: list[dict] | None = None
         ) -> KnowledgeRevision | None:
    """Validate and publish an edit made on the page drawn at `expected_version`."""
    procedure = load(session, code, lock=True)
    if version_of(procedure) != expected_version:
        raise Conflict()
    return change(session, author, procedure, "edit", edited(snapshot(procedure), texts, fees, times, documents))


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
