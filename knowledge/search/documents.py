"""What the search indexes for each procedure: its name, a shortened name, aliases, and its context.

The names and aliases are what residents call a procedure; the context (the result and the documents) holds
the words of their situation that no name carries ("giấy chứng sinh", "mai táng phí", "thai sản"), so it is
searched too, with a lower weight.
"""

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
    context: str = ""


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
            context=context_text(record),
        ))
    return documents


_NO_INFORMATION = re.compile(r"Không có thông tin|Từ khóa|Mô tả|Chọn cơ quan thực hiện.*", re.IGNORECASE | re.DOTALL)
CONTEXT_DOCUMENT_CHARS = 200


def context_text(record: dict) -> str:
    """The procedure's result and the names of its documents, as one text.

    (Also tried on the blind dev half: who it is for, the conditions and the first steps; each lowered hit@1.)
    """
    parts = [record.get("result")]
    parts += [(document.get("name") or "")[:CONTEXT_DOCUMENT_CHARS] for document in record.get("documents") or ()]
    return _NO_INFORMATION.sub(" ", " ".join(str(part) for part in parts if part)).strip()
