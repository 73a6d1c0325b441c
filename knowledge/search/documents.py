"""What the search indexes for each procedure: its name, a shortened name, and aliases."""

from __future__ import annotations

import re
from dataclasses import dataclass

_NAME_NOISE = re.compile(r"^(Thủ tục|TTHC)\s+|\s*\((?:thực hiện )?tại cấp [^)]*\)\s*$", re.IGNORECASE)
# Long official names qualify the case after these words; the head alone is how people name it
# ("Cấp lại giấy phép xây dựng đối với công trình cấp III, cấp IV (...)" -> "Cấp lại giấy phép xây dựng").
_QUALIFIER = re.compile(r"\s+(?:đối với|trong trường hợp)\s+|\s*\(", re.IGNORECASE)


@dataclass(frozen=True)
class SearchDocument:
    code: str
    name: str
    source_url: str
    levels: tuple[str, ...] = ()
    field: str | None = None
    texts: tuple[str, ...] = ()


def documents_from_records(records: list[dict], aliases: dict[str, list[str]] | None = None) -> list[SearchDocument]:
    aliases = aliases or {}
    documents = []
    for record in records:
        short = _NAME_NOISE.sub("", record["name"]).strip()
        head = _QUALIFIER.split(short, maxsplit=1)[0].strip()
        texts = [record["name"], short, head, *aliases.get(record["code"], [])]
        documents.append(SearchDocument(
            code=record["code"], name=record["name"], source_url=record["source_url"],
            levels=tuple(record.get("levels") or ()), field=record.get("field"),
            texts=tuple(dict.fromkeys(t for t in texts if t)),
        ))
    return documents
