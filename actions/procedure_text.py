"""Render a catalogue record as a short chat answer (or the full detail on request).

Only fields of the record are shown; nothing is paraphrased into new facts.
Fees and dates go through Babel (vi_VN or en).
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

from knowledge.office import configured_office
from localization import N_, format_day, format_vnd

Gettext = Callable[[str], str]
NATIONAL_PORTAL = "https://dichvucong.gov.vn"
SUMMARY_DOCUMENTS = 5
SUMMARY_LINE_CHARS = 160
FEE_NOTE_CHARS = 120
NO_INFO = "Không có thông tin"  # how the portal marks an empty cell


TIME_UNITS = {"working_days": N_("ngày làm việc"), "days": N_("ngày"), "hours": N_("giờ"), "months": N_("tháng")}
ASPECT_ORDER = ("documents", "fee", "time", "where", "online", "steps", "conditions", "result", "legal_basis")


def render_summary(record: dict, gettext: Gettext, language: str) -> str:
    """What a resident needs first: documents, fee and time per channel, where, source."""
    return render_aspects(record, {"documents", "fee", "time", "where", "online"}, gettext, language)


def render_aspects(record: dict, aspects: set[str], gettext: Gettext, language: str) -> str:
    full = "full" in aspects
    wanted = set(ASPECT_ORDER) if full else set(aspects)
    if "where" in wanted:
        wanted.add("online")  # "nộp ở đâu" is answered by the office and by the portal alike
    parts = [_header(record, gettext, language)]
    renderers = {
        "documents": lambda: _documents(record, gettext, None if full else SUMMARY_DOCUMENTS),
        "fee": lambda: _fees(record, gettext, language, full),
        "time": lambda: _times(record, gettext),
        "where": lambda: _where(record, gettext),
        "online": lambda: _online(record, gettext),
        "steps": lambda: _long_field(gettext("Các bước"), record.get("steps"), full),
        "conditions": lambda: _long_field(gettext("Điều kiện"), record.get("conditions"), full),
        "result": lambda: _long_field(gettext("Kết quả"), record.get("result"), full),
        "legal_basis": lambda: _long_field(gettext("Căn cứ pháp lý"), record.get("legal_basis"), full),
    }
    # Fee and time together (or with the documents: a resident who asks what to bring needs the cost
    # too) are shown as one compact list per channel.
    if not full and ({"fee", "time"} <= wanted or "documents" in wanted):
        wanted = (wanted - {"fee", "time"}) | {"channels"}
        renderers["channels"] = lambda: _channels(record, gettext, language)
    for aspect in (*ASPECT_ORDER[:1], "channels", *ASPECT_ORDER[1:]):
        if aspect in wanted and (section := renderers[aspect]()):
            parts.append(section)
    parts.append(_source(record, gettext, language))
    return "\n\n".join(parts)


def _header(record: dict, gettext: Gettext, language: str) -> str:
    header = "📄 " + gettext("{name} (mã {code})").format(name=record["name"], code=record["code"])
    if language == "en":
        header += "\n(Procedure details are published in Vietnamese only.)"
    return header


def _documents(record: dict, gettext: Gettext, limit: int | None) -> str:
    documents = [d for d in record.get("documents") or [] if len(d["name"].strip(" ,.;-")) > 2]
    if limit is not None:
        # The short answer lists what to bring; notes published as "0 bản" wait for "Xem đầy đủ".
        documents = [d for d in documents if d.get("copies_original") or d.get("copies_copy")]
    if not documents:
        return gettext("Giấy tờ: cổng dịch vụ công chưa công bố danh sách, bạn xem chi tiết tại nguồn bên dưới.")
    lines, group = [gettext("Giấy tờ cần chuẩn bị:")], None
    for document in documents[:limit]:
        if document.get("group") and document["group"] != group and limit is None:
            group = document["group"]
            lines.append(group)
        lines.append(f"• {_document_line(document, gettext, SUMMARY_LINE_CHARS if limit else None)}")
    if limit is not None and len(documents) > limit:
        lines.append(gettext("… và {count} giấy tờ khác (bấm “Xem đầy đủ”).").format(count=len(documents) - limit))
    return "\n".join(lines)


def _document_line(document: dict, gettext: Gettext, max_chars: int | None) -> str:
    line = _shorten(document["name"].strip(), max_chars)
    if document.get("form_name"):
        line += " " + gettext("[mẫu: {form}]").format(form=document["form_name"])
    copies = [
        gettext("{n} bản chính").format(n=document["copies_original"]) if document.get("copies_original") else "",
        gettext("{n} bản sao").format(n=document["copies_copy"]) if document.get("copies_copy") else "",
    ]
    copies_text = ", ".join(c for c in copies if c)
    return f"{line} ({copies_text})" if copies_text else line


def _channel_fee(channel: dict, gettext: Gettext, language: str, full: bool) -> str:
    if channel.get("fee_vnd") == 0:
        return gettext("không mất phí")
    text = (channel.get("fee_text") or "").strip()
    if channel.get("fee_vnd"):
        # The amount is shown with the portal's own note: it often says which case the amount is for.
        note = text[text.find("("):].strip("() ") if "(" in text else ""
        amount = format_vnd(channel["fee_vnd"], language)
        return f"{amount} ({_shorten(note, None if full else FEE_NOTE_CHARS)})" if note else amount
    if not text or text.startswith(NO_INFO):
        return gettext("cổng dịch vụ công không ghi")
    return _shorten(text, None if full else FEE_NOTE_CHARS)


def _channel_time(channel: dict, gettext: Gettext) -> str:
    value, unit = channel.get("time_value"), channel.get("time_unit")
    if value is not None and unit in TIME_UNITS:
        number = int(value) if float(value).is_integer() else value
        return f"{number} {gettext(TIME_UNITS[unit])}"
    text = (channel.get("time_text") or "").strip()
    if text.isdigit():
        return gettext("{n} (cổng dịch vụ công không ghi đơn vị)").format(n=text)
    return text if text and not text.startswith(NO_INFO) else gettext("cổng dịch vụ công không ghi")


def _per_channel(record: dict, title: str, missing: str, describe: Callable[[dict], str]) -> str:
    """One line per submission channel, or the portal's silence said plainly."""
    channels = record.get("channels") or []
    if not channels:
        return missing
    return "\n".join([title] + [f"• {c.get('kind') or '?'}: {describe(c)}" for c in channels])


def _channels(record: dict, gettext: Gettext, language: str) -> str:
    return _per_channel(
        record, gettext("Lệ phí và thời gian giải quyết:"),
        gettext("Lệ phí và thời gian: chưa công bố trên cổng dịch vụ công."),
        lambda c: f"{_channel_fee(c, gettext, language, False)}; {_channel_time(c, gettext)}")


def _fees(record: dict, gettext: Gettext, language: str, full: bool) -> str:
    return _per_channel(record, gettext("Lệ phí:"), gettext("Lệ phí: chưa công bố trên cổng dịch vụ công."),
                        lambda c: _channel_fee(c, gettext, language, full))


def _times(record: dict, gettext: Gettext) -> str:
    return _per_channel(record, gettext("Thời gian giải quyết:"),
                        gettext("Thời gian giải quyết: chưa công bố trên cổng dịch vụ công."),
                        lambda c: _channel_time(c, gettext))


def _where(record: dict, gettext: Gettext) -> str:
    place = next((p for p in (record.get("submission_address"), record.get("implementing_agency"))
                  if p and not p.startswith(NO_INFO)), None)
    lines = [gettext("Nơi nộp: {place}").format(place=place.strip())] if place else []
    office = configured_office()
    if office and any("Cấp xã" in level for level in record.get("levels") or []):
        lines.append(gettext("Bộ phận một cửa {name}: {address}").format(name=office.name, address=office.address))
    return "\n".join(lines)


def _online(record: dict, gettext: Gettext) -> str:
    if any("trực tuyến" in (c.get("kind") or "").lower() for c in record.get("channels") or []):
        return gettext("Có thể nộp trực tuyến trên Cổng Dịch vụ công quốc gia: {url}").format(url=NATIONAL_PORTAL)
    return gettext("Cổng dịch vụ công không công bố hình thức nộp trực tuyến cho thủ tục này.")


def _long_field(title: str, value: str | None, full: bool) -> str:
    return f"{title}:\n{_shorten(value.strip(), None if full else 600)}" if value else ""


def _shorten(text: str, max_chars: int | None) -> str:
    if max_chars is None or len(text) <= max_chars:
        return text
    return text[:max_chars].rsplit(" ", 1)[0] + " …"


def _source(record: dict, gettext: Gettext, language: str) -> str:
    collected = record.get("collected_at")
    if isinstance(collected, str):
        collected = dt.date.fromisoformat(collected[:10])
    when = format_day(collected, language) if collected else "?"
    return gettext("Nguồn: Cổng Dịch vụ công quốc gia {url} (cập nhật {date}).").format(
        url=record["source_url"], date=when)
