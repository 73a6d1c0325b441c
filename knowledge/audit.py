"""Content audit: render every answer aspect of every catalogue record and flag what a resident could not act on.

`python -m knowledge audit [PATH]` renders, for each record (the portal JSONL, by default the national
catalogue in ../shared/data, else the shipped seed), the short answer and every aspect in Vietnamese
and English, and flags:
- blank_where: no place to apply;
- time_without_unit: a bare number as the processing time;
- time_unit_not_given: the record gives a number but no unit anywhere (the answer quotes it and says so);
- fee_condition_dropped / fee_cut: the fee's note (which case, which legal basis) missing or shortened;
- free_with_conditions: "không mất phí" where the record's fee text says more than "free";
- district_agency_without_note: a district-tier agency without the 2025 reform note;
- over_channel_limit: the short answer does not fit one Zalo message (2,000 characters);
- internal_form_shown: an agency-internal form listed as something the resident brings.
It writes a CSV (code, flag, detail) and prints a summary. Flags listed with a reason in
knowledge/data/audit_exceptions.yml are accepted; any other flag makes the command exit 1 (make test).
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from knowledge.answer_text import (
    ASPECT_ORDER,
    SHORT_ANSWER_CHARS,
    channel_fee,
    fee_note,
    is_internal_form,
    render_aspects,
    render_summary,
)
from knowledge.where import NO_INFO
from localization import gettext_for

EXCEPTIONS = Path(__file__).resolve().parent / "data" / "audit_exceptions.yml"
_BARE_NUMBER_TIME = re.compile(r":\s*\d+\s*$|;\s*\d+\s*$", re.MULTILINE)
_DISTRICT = re.compile(r"\b(?:cấp huyện|Công an huyện|huyện|quận)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Flag:
    code: str
    flag: str
    detail: str


def audit_record(record: dict) -> list[Flag]:
    code, flags = record["code"], []
    vi = gettext_for("vi")
    aspects = {aspect: render_aspects(record, {aspect}, vi, "vi") for aspect in ASPECT_ORDER}
    summary = render_summary(record, vi, "vi")
    render_summary(record, gettext_for("en"), "en")  # must render in English too (raises if it cannot)

    if "Nơi nộp" not in aspects["where"]:
        flags.append(Flag(code, "blank_where", ", ".join(record.get("levels") or []) or "no level"))
    if _BARE_NUMBER_TIME.search(aspects["time"]):
        flags.append(Flag(code, "time_without_unit", aspects["time"].splitlines()[2][:120]))
    if "không ghi ngày hay ngày làm việc" in aspects["time"]:
        flags.append(Flag(code, "time_unit_not_given", ""))
    for channel in record.get("channels") or []:
        note = "" if (channel.get("fee_text") or "").strip().startswith(NO_INFO) else fee_note(channel)
        shown = channel_fee(channel, vi, "vi", False)
        if note and (note not in shown or note not in aspects["fee"]):
            flags.append(Flag(code, "fee_condition_dropped", note[:120]))
        if note and shown == vi("không mất phí"):
            flags.append(Flag(code, "free_with_conditions", note[:120]))
    if "…" in aspects["fee"]:
        flags.append(Flag(code, "fee_cut", ""))
    place = next((line for line in aspects["where"].splitlines() if line.startswith("Nơi nộp")), "")
    if _DISTRICT.search(place) and "không còn cấp huyện" not in aspects["where"]:
        flags.append(Flag(code, "district_agency_without_note", place[:120]))
    if len(summary) > SHORT_ANSWER_CHARS:
        flags.append(Flag(code, "over_channel_limit", f"{len(summary)} characters"))
    shown = aspects["documents"]
    for document in record.get("documents") or []:
        if is_internal_form(document) and document["name"].strip()[:60] in shown:
            flags.append(Flag(code, "internal_form_shown", document["name"][:120]))
    return list(dict.fromkeys(flags))


def accepted(flag: Flag, exceptions: list[dict]) -> bool:
    return any(e["flag"] == flag.flag and (e.get("codes") == "all" or flag.code in (e.get("codes") or []))
               for e in exceptions)


def run_audit(records: list[dict], csv_path: Path, exceptions_path: Path = EXCEPTIONS) -> tuple[Counter, list[Flag]]:
    """Write every flag to `csv_path`; return the counts per flag and the flags no exception accepts."""
    exceptions = yaml.safe_load(exceptions_path.read_text(encoding="utf-8")) or []
    flags = [flag for record in records for flag in audit_record(record)]
    csv_path.parent.mkdir(parents=True, exist_ok=True)
    with csv_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["code", "flag", "detail", "accepted"])
        for flag in flags:
            writer.writerow([flag.code, flag.flag, flag.detail, accepted(flag, exceptions)])
    return Counter(flag.flag for flag in flags), [flag for flag in flags if not accepted(flag, exceptions)]
