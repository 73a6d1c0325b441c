"""Render a catalogue record as a short chat answer (or the full detail on request).

Only fields of the record are shown; nothing is paraphrased into new facts.
Fees and dates go through Babel (vi_VN or en).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Callable

from channels.messages import split_text
from knowledge.office import configured_office
from knowledge.where import NO_INFO, where_to_apply
from localization import N_, format_day, format_vnd

Gettext = Callable[[str], str]
NATIONAL_PORTAL = "https://dichvucong.gov.vn"
SUMMARY_DOCUMENTS = 5
SUMMARY_LINE_CHARS = 160
FEE_NOTE_CHARS = 120


FREE = N_("Miễn phí")  # the catalogue's word for no fee, named in the reader's language (its note stays as written)
TIME_UNITS = {"working_days": N_("ngày làm việc"), "days": N_("ngày"), "hours": N_("giờ"), "months": N_("tháng")}
# The catalogue's three submission channels, named in the reader's language (the kinds are a fixed vocabulary).
CHANNEL_KINDS = {"Trực tiếp": N_("Trực tiếp"), "Trực tuyến": N_("Trực tuyến"),
                 "Dịch vụ bưu chính": N_("Dịch vụ bưu chính")}
ASPECT_ORDER = ("documents", "fee", "time", "where", "online", "steps", "conditions", "result", "legal_basis")


SHORT_ANSWER_CHARS = 2000  # one Zalo message (the smallest channel limit)


def render_summary(record: dict, gettext: Gettext, language: str) -> str:
    """What a resident needs first: documents, fee and time per channel, where, source; one message long.

    When the record's fee notes are long (they are shown whole), fewer documents are listed ("… và N giấy tờ
    khác") so the answer still fits one message on every channel.
    """
    for documents in (SUMMARY_DOCUMENTS, 3, 1, 0):
        text = render_aspects(record, {"documents", "fee", "time", "where", "online"}, gettext, language,
                              documents=documents)
        if len(text) <= SHORT_ANSWER_CHARS:
            return text
    # Fee and time texts alone too long for one message: they are not cut, they are asked for separately.
    note = gettext("Lệ phí và thời gian giải quyết của thủ tục này dài: bạn hỏi “lệ phí bao nhiêu”, “mất bao lâu” "
                   "hoặc bấm “Xem đầy đủ”.")
    parts = [_header(record, gettext, language), _documents(record, gettext, 1), note,
             _where(record, gettext), _online(record, gettext), _source(record, gettext, language)]
    text = "\n\n".join(part for part in parts if part)
    if len(text) > SHORT_ANSWER_CHARS:  # the record's place to apply alone is that long: asked for separately too
        parts[3] = gettext("Nơi nộp của thủ tục này dài (nhiều trường hợp): bạn hỏi “nộp ở đâu” hoặc bấm “Xem đầy đủ”.")
        text = "\n\n".join(part for part in parts if part)
    return text


def full_pages(record: dict, gettext: Gettext, language: str) -> list[str]:
    """Every field of the record, in parts that each fit one message on every channel (split between
    paragraphs, then lines, never inside a word); each part after the first repeats the procedure's name."""
    text = render_aspects(record, {"full"}, gettext, language)
    pages = split_text(text, SHORT_ANSWER_CHARS - 200)
    header = _header(record, gettext, language)
    return [pages[0]] + [f"{header}\n\n{page}" for page in pages[1:]]


def render_aspects(record: dict, aspects: set[str], gettext: Gettext, language: str,
                   documents: int = SUMMARY_DOCUMENTS) -> str:
    full = "full" in aspects
    wanted = set(ASPECT_ORDER) if full else set(aspects)
    if "where" in wanted:
        wanted.add("online")  # "nộp ở đâu" is answered by the office and by the portal alike
    parts = [_header(record, gettext, language)]
    renderers = {
        "documents": lambda: _documents(record, gettext, None if full else documents),
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
        header += ("\nThe official catalogue publishes this procedure in Vietnamese only: the headings here are in "
                   "English, and the details are quoted as the catalogue writes them.")
    return header


# Papers the office makes or looks up itself ("Phiếu CC01 được tạo lập khi trích xuất…", "thông tin … được khai
# thác trong căn cước điện tử"): listed in the catalogue, but not something the resident brings.
_INTERNAL_FORM = re.compile(
    r"được tạo lập khi|in trong quá trình thu nhận|do (?:cán bộ|công chức|cơ quan)[^.]{0,60}?(?:lập|in ra|ghi)\b|"
    r"được khai thác (?:trong|từ)|khai thác (?:trong|từ) Cơ sở dữ liệu", re.IGNORECASE)
# Papers only some applicants need ("Trường hợp trẻ em bị bỏ rơi…", "Đối với Quân đội nhân dân: …"), and the
# power of attorney, needed only when someone files on the applicant's behalf.
_CONDITIONAL = re.compile(r"^\W*(?:trường hợp|đối với|nếu|\(?trong trường hợp|(?:văn bản|giấy) ủy quyền)",
                          re.IGNORECASE)


def is_internal_form(document: dict) -> bool:
    return bool(_INTERNAL_FORM.search(document.get("name") or ""))


def _documents(record: dict, gettext: Gettext, limit: int | None) -> str:
    """What every applicant brings first, then the papers of particular cases; the office's own forms apart."""
    documents = [d for d in record.get("documents") or [] if len(d["name"].strip(" ,.;-")) > 2]
    internal = [d for d in documents if is_internal_form(d)]
    documents = [d for d in documents if not is_internal_form(d)]
    if limit is not None:
        # The short answer lists what to bring; notes published as "0 bản" wait for "Xem đầy đủ".
        documents = [d for d in documents if d.get("copies_original") or d.get("copies_copy")]
    if not documents:
        return gettext("Giấy tờ: cổng dịch vụ công chưa công bố danh sách, bạn xem chi tiết tại nguồn bên dưới.")
    everyone = [d for d in documents if not _CONDITIONAL.match(d["name"])]
    some_cases = [d for d in documents if _CONDITIONAL.match(d["name"])]
    lines = [gettext("Giấy tờ cần chuẩn bị:")]
    shown = everyone[:limit] if limit is not None else everyone
    lines += [f"• {_document_line(d, gettext, SUMMARY_LINE_CHARS if limit else None)}" for d in shown]
    if limit is None and some_cases:
        lines.append(gettext("Tùy trường hợp:"))
        lines += [f"• {_document_line(d, gettext, None)}" for d in some_cases]
    if limit is None and internal:
        lines.append(gettext("Cơ quan tự lập hoặc tự tra cứu (bạn không phải mang):"))
        lines += [f"• {_document_line(d, gettext, None)}" for d in internal]
    hidden = len(documents) - len(shown) if limit is not None else 0
    if hidden:
        lines.append(gettext("… và {count} giấy tờ khác, gồm giấy tờ của từng trường hợp riêng (bấm “Xem đầy đủ”).")
                     .format(count=hidden))
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


def fee_note(channel: dict) -> str:
    """The note in the fee text's brackets (which case an amount is for, its legal basis); "" when none."""
    text = (channel.get("fee_text") or "").strip()
    return text[text.find("("):].strip("() ") if "(" in text else ""


def channel_fee(channel: dict, gettext: Gettext, language: str, full: bool) -> str:
    """The fee as the record states it, whole: the amount (Babel-formatted) with the record's note, or the text.

    "không mất phí" only where the record says free and nothing more; a note ("Miễn phí(Theo quy định của
    Hội đồng nhân dân cấp tỉnh)", which case an amount is for) is never dropped or cut.
    """
    text = (channel.get("fee_text") or "").strip()
    note = fee_note(channel)
    if channel.get("fee_vnd") == 0 and not note:
        return gettext("không mất phí")
    if channel.get("fee_vnd"):
        amount = format_vnd(channel["fee_vnd"], language)
        return f"{amount} ({note})" if note else amount
    if not text or text.startswith(NO_INFO):
        return gettext("cổng dịch vụ công không ghi")
    if not note:
        return text
    opening = text.find("(")
    head = text[:opening].rstrip()
    # "Miễn phí(Theo …)" -> "Miễn phí (Theo …)" ("Free of charge (Theo …)" in English), else as written
    return f"{gettext(FREE) if head == FREE else head} {text[opening:]}"


def _channel_time(channel: dict, gettext: Gettext, record: dict | None = None) -> str:
    value, unit = channel.get("time_value"), channel.get("time_unit")
    if value is not None and unit in TIME_UNITS:
        number = int(value) if float(value).is_integer() else value
        return f"{number} {gettext(TIME_UNITS[unit])}"
    text = (channel.get("time_text") or "").strip()
    if text.isdigit():
        unit_from_steps = _unit_in_steps(record or {}, int(text))
        if unit_from_steps:
            return f"{int(text)} {gettext(TIME_UNITS[unit_from_steps])}"
        return gettext("“{n}” (cổng dịch vụ công ghi con số này, không ghi ngày hay ngày làm việc)").format(n=text)
    return text if text and not text.startswith(NO_INFO) else gettext("cổng dịch vụ công không ghi")


_STEP_DURATION = re.compile(r"\b0*(\d+)\s+(ngày làm việc|ngày)\b")


def _unit_in_steps(record: dict, number: int) -> str | None:
    """The unit the record's own steps give this number ("Trong thời hạn 03 ngày làm việc"), when only one does."""
    units = {"working_days" if unit == "ngày làm việc" else "days"
             for n, unit in _STEP_DURATION.findall(record.get("steps") or "") if int(n) == number}
    return units.pop() if len(units) == 1 else None


# A resident's own legal deadline as the record's steps state it: "Trong thời hạn 60 ngày kể từ ngày sinh con,
# cha hoặc mẹ có trách nhiệm đăng ký khai sinh cho con".
_RESIDENT_DEADLINE = re.compile(
    r"Trong thời hạn [^.;\n]{0,40}? kể từ ngày [^.;\n]{0,200}?có trách nhiệm [^.;\n]{0,200}")


_AUTHORITY = re.compile(r"Ủy ban|UBND|cơ quan|công chức|Công an|Phòng|Sở|Bộ phận", re.IGNORECASE)


def _resident_deadline(record: dict) -> str | None:
    """The first deadline the steps put on the applicant (not on an authority, whose deadlines are the time)."""
    for match in _RESIDENT_DEADLINE.finditer(record.get("steps") or ""):
        duty_holder = match.group(0).split("có trách nhiệm")[0]
        if not _AUTHORITY.search(duty_holder):
            return match.group(0).strip()
    return None


def _per_channel(record: dict, title: str, missing: str, describe: Callable[[dict], str],
                 gettext: Gettext) -> str:
    """One line per submission channel (channels saying the same thing share a line), or the portal's silence."""
    channels = record.get("channels") or []
    if not channels:
        return missing
    lines: dict[str, list[str]] = {}
    for channel in channels:
        kind = channel.get("kind") or "?"
        label = gettext(CHANNEL_KINDS[kind]) if kind in CHANNEL_KINDS else kind
        kinds = lines.setdefault(describe(channel), [])
        if label not in kinds:  # two in-person channels (with and without a chip card) with one fee: "Trực tiếp" once
            kinds.append(label)
    return "\n".join([title] + [f"• {', '.join(kinds)}: {text}" for text, kinds in lines.items()])


def _channels(record: dict, gettext: Gettext, language: str) -> str:
    text = _per_channel(
        record, gettext("Lệ phí và thời gian giải quyết:"),
        gettext("Lệ phí và thời gian: chưa công bố trên cổng dịch vụ công."),
        lambda c: f"{channel_fee(c, gettext, language, False)}; {_channel_time(c, gettext, record)}", gettext)
    return _with_deadline(text, record, gettext)


def _fees(record: dict, gettext: Gettext, language: str, full: bool) -> str:
    return _per_channel(record, gettext("Lệ phí:"), gettext("Lệ phí: chưa công bố trên cổng dịch vụ công."),
                        lambda c: channel_fee(c, gettext, language, full), gettext)


def _times(record: dict, gettext: Gettext) -> str:
    text = _per_channel(record, gettext("Thời gian giải quyết:"),
                        gettext("Thời gian giải quyết: chưa công bố trên cổng dịch vụ công."),
                        lambda c: _channel_time(c, gettext, record), gettext)
    return _with_deadline(text, record, gettext)


def _with_deadline(text: str, record: dict, gettext: Gettext) -> str:
    deadline = _resident_deadline(record)
    if not deadline:
        return text
    return f"{text}\n" + gettext("Thời hạn bạn phải làm (theo trình tự của thủ tục): {deadline}.").format(
        deadline=deadline)


def _where(record: dict, gettext: Gettext) -> str:
    where = where_to_apply(record)
    lines = []
    if where:
        label = gettext("Nơi nộp (theo cấp thực hiện của thủ tục): {place}") if where.derived else gettext(
            "Nơi nộp: {place}")
        lines.append(label.format(place=where.place))
        if where.district_tier:
            lines.append(gettext("Lưu ý: từ 1/7/2025 không còn cấp huyện (quận); việc của cấp huyện nay do cấp xã "
                                 "(phường) hoặc cấp tỉnh (Thành phố) đảm nhận. Bạn hỏi Trung tâm Phục vụ hành chính "
                                 "công phường nơi mình ở."))
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
