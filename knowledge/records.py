"""Procedure records as plain dicts: the seed file format and what answers are built from."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from knowledge.models import Procedure, ProcedureChannel, ProcedureDocument

SCALAR_FIELDS = ("name", "source_url", "levels", "field", "audience", "competent_agency", "implementing_agency",
                 "submission_address", "steps", "conditions", "result", "legal_basis", "decision_number")
CHANNEL_FIELDS = ("kind", "time_value", "time_unit", "time_text", "fee_text", "fee_vnd", "description")
DOCUMENT_FIELDS = ("group", "name", "form_name", "copies_original", "copies_copy", "copies_text")


def to_record(procedure: Procedure) -> dict:
    record = {"code": procedure.code, "collected_at": procedure.collected_at.isoformat()
              if procedure.collected_at else None}
    record.update({name: getattr(procedure, name) for name in SCALAR_FIELDS})
    record["channels"] = [{name: getattr(c, name) for name in CHANNEL_FIELDS} for c in procedure.channels]
    record["documents"] = [{name: getattr(d, name) for name in DOCUMENT_FIELDS} for d in procedure.documents]
    return record


def apply_record(procedure: Procedure, record: dict, skip: set[str] = frozenset()) -> None:
    """Copy a record onto a row, leaving the fields in `skip` (edited by staff) untouched."""
    for name in SCALAR_FIELDS:
        if name not in skip and name in record:
            setattr(procedure, name, record[name])
    if record.get("collected_at"):
        procedure.collected_at = dt.date.fromisoformat(str(record["collected_at"])[:10])
    if "channels" not in skip and "channels" in record:
        procedure.channels = [ProcedureChannel(position=i, **{n: c.get(n) for n in CHANNEL_FIELDS})
                              for i, c in enumerate(record["channels"])]
    if "documents" not in skip and "documents" in record:
        procedure.documents = [ProcedureDocument(position=i, **{n: d.get(n) for n in DOCUMENT_FIELDS})
                               for i, d in enumerate(record["documents"])]


def procedure_records(session: Session) -> tuple[list[dict], dict[str, list[str]]]:
    """Every active procedure as a record, and its aliases by code."""
    procedures = session.scalars(
        select(Procedure).where(Procedure.status == "active")
        .options(selectinload(Procedure.channels), selectinload(Procedure.documents),
                 selectinload(Procedure.aliases))
        .order_by(Procedure.code)
    ).all()
    return [to_record(p) for p in procedures], {p.code: [a.alias for a in p.aliases] for p in procedures}
