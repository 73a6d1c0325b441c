"""What the search indexes for each procedure: its name, shortened forms of it, aliases and FAQ variants."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping

_NAME_NOISE = re.compile(r"^(Thủ tục|TTHC)\s+|\s*\((?:thực hiện )?(?:tại|ở) cấp [^)]*\)\s*$", re.IGNORECASE)
# Long official names qualify the case after these words; the head alone is how people name it
# ("Cấp lại giấy phép xây dựng đối với công trình cấp III, cấp IV (...)" -> "Cấp lại giấy phép xây dựng").
_QUALIFIER = re.compile(r"\s+(?:đối với|trong trường hợp)\s+|\s*\(", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class SearchDocument:
    code: str
    name: str
    source_url: str
    levels: tuple[str, ...] = ()
    field: str | None = None
    texts: tuple[str, ...] = ()  # everything a resident might call it: name forms, aliases, FAQ variants


Aliases = Mapping[str, Iterable[str]] | Iterable[Mapping]


def alias_map(aliases: Aliases | None) -> dict[str, list[str]]:
    """Aliases by code, from `aliases.yml` entries ({code, name, aliases}) or an existing code -> list mapping."""
    if not aliases:
        return {}
    if isinstance(aliases, Mapping):
        return {code: list(texts) for code, texts in aliases.items()}
    merged: dict[str, list[str]] = {}
    for entry in aliases:
        merged.setdefault(str(entry["code"]), []).extend(entry.get("aliases") or [])
    return merged


def name_forms(name: str) -> list[str]:
    """The official name, without "Thủ tục"/level suffixes, and its head before the qualifying clause."""
    name = _SPACES.sub(" ", name).strip()
    short = _NAME_NOISE.sub("", name).strip()
    head = _QUALIFIER.split(short, maxsplit=1)[0].strip()
    return [name, short, head]


def documents_from_records(records: Iterable[Mapping], aliases: Aliases | None = None) -> list[SearchDocument]:
    """Documents from records shaped like `seed_procedures.jsonl` and the curated aliases."""
    by_code = alias_map(aliases)
    documents = []
    for record in records:
        texts = [*name_forms(record["name"]), *by_code.get(record["code"], [])]
        documents.append(SearchDocument(
            code=record["code"], name=record["name"], source_url=record.get("source_url") or "",
            levels=tuple(record.get("levels") or ()), field=record.get("field"),
            texts=tuple(dict.fromkeys(t.strip() for t in texts if t and t.strip())),
        ))
    return documents
