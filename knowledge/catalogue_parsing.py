"""Parse the national portal's glued table cells into structured values.

The portal renders channels and documents as tables whose cells arrive glued
without separators, e.g. "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến3 Ngày
làm việc7,000 Việt Nam Đồng(...)". Each parser returns what it understood plus
`ParseIssue`s for what it could not, so the importer reports them instead of
dropping them. Published text is always kept verbatim; a number is only derived
from it when the text leaves no doubt (a fee amount is never guessed).

Input is expected in NFC (the collection mixes NFC and NFD); `nfc()` it first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def _letters(case: str) -> str:
    """Regex class body of the Latin letters of one case, Vietnamese ones included.

    A range like "À-Ỹ" mixes both cases (the Vietnamese block alternates Ẩ, ẩ, …), so the
    classes are spelled out.
    """
    extra = (chr(c) for c in (*range(0xC0, 0x250), *range(0x1EA0, 0x1EFA)))
    return ("A-Z" if case == "upper" else "a-z") + "".join(c for c in extra if getattr(c, "is" + case)())


_UP, _LOW = _letters("upper"), _letters("lower")

NO_INFO = "Không có thông tin"  # how the portal fills an empty cell
CHANNEL_HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tả"
DOCUMENT_HEADER = "Tên giấy tờMẫu đơn, tờ khaiSố lượng"
LEGAL_BASIS_HEADER = "Tên văn bản pháp lýMã văn bản"

# A channel row is its kind glued to the time cell, which starts with a digit or a capital letter
# ("Trực tiếp3 Ngày…", "Trực tuyếnKhông có thông tin…"); inside descriptions the same words are
# followed by a space or a colon ("+ Trực tiếp: nộp hồ sơ…").
_KIND = re.compile(rf"(Trực tuyến|Trực tiếp|Dịch vụ bưu chính)(?=\d|[{_UP}])")
_TIME = re.compile(r"(\d+(?:[.,]\d+)?) ?(Ngày làm việc|Ngày|Giờ|Tháng)")
TIME_UNITS = {"Ngày làm việc": "working_days", "Ngày": "days", "Giờ": "hours", "Tháng": "months"}
_AMOUNT = r"\d[\d.,]*\s?(?:Việt Nam Đồng|VNĐ|Đồng|USD)"
_FEE_START = re.compile(rf"Miễn phí|{NO_INFO}|{_AMOUNT}")
# Time published as text ("Không quy định", "Không phải trả kết quả…"): a capitalised phrase
# without brackets, glued to the fee cell.
_TIME_AS_TEXT = re.compile(rf"([{_UP}][^()]{{0,250}}?)(?={_FEE_START.pattern})")
_FEE_AMOUNT = re.compile(r"(\d[\d.,]*)\s?(Việt Nam Đồng|VNĐ|Đồng|USD)")
# Money mentioned in a fee note: a grouped number or one with a currency word; dates and legal
# references ("172/2010/TT-BTC", "ngày 02/11/2010") are neither.
_MONEY_IN_NOTE = re.compile(
    r"(?<![\d.,/])(\d{1,3}(?:[.,]\d{3})+|\d+)(?![\d.,]\d)\s*(?:triệu|đồng|Đồng|VNĐ|vnđ|VND|vnd|đ\b|Đ\b)"
    r"|(?<![\d.,/])\d{1,3}(?:\.\d{3})+(?![\d.,]\d)"
)
# Notes that only repeat that the channel is free; anything else next to "Miễn phí" (a fee "set by
# the province", "not yet set", a fee in another column) means the amount is not known.
_FREE_NOTE = re.compile(
    r"(?:không|không có|không thu|không thu (?:phí|lệ phí|phí,? lệ phí)|miễn phí|miễn lệ phí|"
    r"không quy định|không mất phí|phí\s*:\s*0 đồng|0 đồng)[\s.;]*",
    re.IGNORECASE,
)
_MIN_PLAUSIBLE_FEE = 1000  # "20 VNĐ" next to "20.000 đồng/tờ khai" is a slip of the portal, not a fee

# Copies cell: "1 bản chính", "0 bản chính,1 bản sao", "1 bản sao", glued to the next row. The
# same words inside a document name come with a leading zero ("nộp 01 bản chính"), or before a
# bracket, a punctuation mark and a space, or a lower-case continuation; those are text.
_COPIES = re.compile(
    rf"(?<!\d)(0|[1-9]\d*) ?[Bb]ản (chính|sao)(?:,(0|[1-9]\d*) ?[Bb]ản (chính|sao))?"
    rf"(?![ \t]*\)|[ \t]*[;:.,](?:\s|$)|[ \t]+[{_LOW}])"
)
_FORM_EXTENSION = re.compile(r"\.(?:docx?|pdf|xlsx?|rtf|odt|zip|rar)$", re.IGNORECASE)
_ANY_FORM_EXTENSION = re.compile(r"\.(?:docx?|pdf|xlsx?|rtf|odt|zip|rar)(?![a-z])", re.IGNORECASE)
# Where an attached form's file name starts, in the order tried (the last match of the first
# pattern that matches): a form word glued to the text before it ("theo mẫuTK 1.010702.docx",
# "nhóm IVMau 36 - Phu luc II_36.2025….doc"); a punctuation mark glued to it ("…NĐ-CP.Mau03.docx",
# "…(mẫu UQ)73-Mẫu AH2….doc"); a capital glued to a lower-case letter or ending a run of capitals
# ("…theo mẫuVăn bản đề nghị.docx", "…TT-BNNMTĐơn….docx"); a number glued to a lower-case letter
# or a full stop ("…quy định1.6. Don de nghi.docx"); what follows "theo mẫu"/"theo quy định".
_FORM_STARTS = (
    re.compile(r"(?<![\d\s-])\d{1,3}-(?=Mẫu|Mau|MẪU)"),  # numbered: "…luật103-Mẫu số 103.docx"
    re.compile(r"(?<=[^\s(\-_])(?:Mẫu|Mau|MẪU|MAU|Mu(?=[A-Z\d])|Mus\d|Ms\d|Ph[uụ] ?l[uụ]c|PL|TK|Biểu mẫu|Bieu mau)"),
    re.compile(r"(?<=[;:)])(?=\S)|(?<=\.)(?=[^\s\d.])"),
    re.compile(rf"(?<=[{_LOW}])(?=[{_UP}])|(?<=[{_UP}]{{2}})(?=[{_UP}][{_LOW}])"),
    re.compile(rf"(?<=[{_LOW}])(?=\d)|(?<=[^\d]\.)(?=\d)"),
    re.compile(r"(?<=theo mẫu)(?=\S)|(?<=quy định)(?=\S)"),  # "…theo quy địnhvăn bản đề nghị.docx"
)
_FORM_NUMBERING = re.compile(r"(?<!\d)\d{1,2}\.$")  # "…văn bản;1.MuCT01….doc": the list number of the form
_BULLET = re.compile(r"^[\s\-+•*]+")

_RESULT_CHROME = re.compile(r"Từ khóa(?P<keyword>.*?)Mô tả(?P<description>.*?)(?:Chọn cơ quan thực hiện.*)?$", re.DOTALL)
_RESULT_CODE = re.compile(rf"Mã:\s*(?:[A-Z0-9][A-Z0-9.\-_]*\d|[A-Z]+(?=$|[{_UP}][{_LOW}]))")


@dataclass(frozen=True)
class ParseIssue:
    """Something the parser could not turn into a value; `kind` says why, `excerpt` shows the text."""

    field: str
    code: str
    excerpt: str
    kind: str = "unparsed"


def _issue(field: str, kind: str, code: str, excerpt: str) -> ParseIssue:
    return ParseIssue(field, code, " ".join(excerpt.split())[:160], kind)


# --- channels ------------------------------------------------------------------------------------


def parse_channels(text: str, code: str = "") -> tuple[list[dict], list[ParseIssue]]:
    """Channels (kind, time, fee, description) from `cach_thuc_thuc_hien`."""
    body = (text or "").strip()
    if body.startswith(CHANNEL_HEADER):
        body = body[len(CHANNEL_HEADER):]
    starts = list(_KIND.finditer(body))
    if not starts:
        return [], ([_issue("channels", "no_rows", code, body)] if body and body != NO_INFO else [])
    issues = [_issue("channels", "text_before_rows", code, body[:starts[0].start()])] if starts[0].start() else []
    channels = []
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(body)
        channel, channel_issues = _parse_row(match.group(1), body[match.end():end], code)
        channels.append(channel)
        issues += channel_issues
    return channels, issues


def _parse_row(kind: str, rest: str, code: str) -> tuple[dict, list[ParseIssue]]:
    channel = {"kind": kind, "time_value": None, "time_unit": None, "time_text": None,
               "fee_text": None, "fee_vnd": None, "description": None}
    issues: list[ParseIssue] = []
    row = kind + rest
    if time := _TIME.match(rest):
        channel["time_value"] = float(time.group(1).replace(",", "."))
        channel["time_unit"] = TIME_UNITS[time.group(2)]
        channel["time_text"] = time.group(0)
        rest = rest[time.end():]
    elif rest.startswith(NO_INFO) and _FEE_START.match(rest, len(NO_INFO)):
        channel["time_text"] = NO_INFO
        rest = rest[len(NO_INFO):]
    elif bare := re.match(r"\d+(?=Miễn phí|Không)", rest):
        channel["time_text"] = bare.group(0)  # the portal lost the unit: keep the number as text only
        rest = rest[bare.end():]
        issues.append(_issue("time", "no_unit", code, row))
    elif re.match(_AMOUNT, rest):
        # "Trực tuyến120 VNĐ(20.000 vnđ/tờ khai)": a unit-less time glued to the amount; where one
        # ends and the other starts cannot be told, so both cells stay text.
        fee_text, description = _split_fee(rest)
        channel["fee_text"], channel["description"] = fee_text, description or None
        return channel, [_issue("time", "glued_to_fee", code, row)]
    elif as_text := _TIME_AS_TEXT.match(rest):
        channel["time_text"] = as_text.group(1).strip()
        rest = rest[as_text.end(1):]
        issues.append(_issue("time", "no_number", code, row))
    else:
        issues.append(_issue("time", "unparsed", code, row))

    fee_text, description = _split_fee(rest)
    channel["fee_text"], channel["description"] = fee_text or None, description or None
    if fee_text is None:
        issues.append(_issue("fee", "missing", code, row))
    else:
        channel["fee_vnd"], reason = _fee_amount(fee_text)
        if reason:
            issues.append(_issue("fee", reason, code, fee_text))
    return channel, issues


def _split_fee(rest: str) -> tuple[str | None, str]:
    """The fee cell (amount, "Miễn phí" or "Không có thông tin", with its bracketed note) and the rest."""
    head = _FEE_START.match(rest)
    if not head:
        return None, rest.strip()
    end = head.end()
    if rest[end:end + 1] == "(":
        depth = 0
        for position in range(end, len(rest)):
            depth += {"(": 1, ")": -1}.get(rest[position], 0)
            if depth == 0:
                end = position + 1
                break
        else:
            end = len(rest)  # the note is never closed: it runs to the end of the row
    return rest[:end].strip(), rest[end:].strip()


def _fee_amount(fee_text: str) -> tuple[int | None, str | None]:
    """The fee in VND when the cell leaves no doubt, else None and why."""
    if fee_text.startswith(NO_INFO):
        return None, None  # nothing published: not a parse failure
    note = fee_text[fee_text.find("(") + 1:].rstrip(")").strip() if "(" in fee_text else ""
    if fee_text.startswith("Miễn phí"):
        if not note or _FREE_NOTE.fullmatch(note):
            return 0, None
        return None, "free_with_note"
    amount = int(re.sub(r"[.,]", "", _FEE_AMOUNT.match(fee_text).group(1)))
    if amount == 0:
        return (0, None) if not note or _FREE_NOTE.fullmatch(note) else (None, "free_with_note")
    if _FEE_AMOUNT.match(fee_text).group(2) == "USD":
        return None, "not_vnd"
    if amount < _MIN_PLAUSIBLE_FEE:
        return None, "implausible_amount"
    if "%" in note or _amounts_in(note) - {amount}:
        return None, "several_amounts"
    return amount, None


def _amounts_in(note: str) -> set[int]:
    amounts = set()
    for match in _MONEY_IN_NOTE.finditer(note):
        number = match.group(1) or match.group(0)
        value = int(re.sub(r"[.,]", "", number))
        amounts.add(value * 1_000_000 if "triệu" in match.group(0) else value)
    return amounts


# --- documents -----------------------------------------------------------------------------------


def parse_documents(text: str, code: str = "") -> tuple[list[dict], list[ParseIssue]]:
    """Required documents (group, name, form file, copies) from `thanh_phan_ho_so`.

    The cell is a series of tables, each optionally preceded by a heading ("* Hồ sơ đăng ký tạm
    trú gồm:", "--" for none). A row is the document name, any attached form files, then the
    copies cell. Text after the last table (a "Lưu ý") is kept as a row without copies.
    """
    text = (text or "").strip()
    if not text.strip("-"):
        return [], []
    if DOCUMENT_HEADER not in text:
        return [], [_issue("documents", "no_table", code, text)]
    sections = text.split(DOCUMENT_HEADER)
    group = _heading(sections[0])
    documents: list[dict] = []
    issues: list[ParseIssue] = []
    for index, section in enumerate(sections[1:], start=1):
        last_section = index == len(sections) - 1
        position = 0
        for copies in _COPIES.finditer(section):
            document, form_issue = _document(section[position:copies.start()], copies, group, code)
            documents.append(document)
            issues += form_issue
            position = copies.end()
        trailing = section[position:]
        if last_section:
            if trailing.strip(" -*"):
                documents.append(_row(group, _BULLET.sub("", trailing).strip(), None, None))
        else:
            group = _heading(trailing)
    return documents, issues


def _heading(text: str) -> str | None:
    text = text.strip().strip("-*").strip().rstrip(":").strip()
    return text or None


def _document(cell: str, copies: re.Match, group: str | None, code: str) -> tuple[dict, list[ParseIssue]]:
    name, forms, issues = _split_forms(cell.strip(), code)
    document = _row(group, _BULLET.sub("", name).strip(), "; ".join(forms) or None, copies.group(0))
    for count, kind in ((copies.group(1), copies.group(2)), (copies.group(3), copies.group(4))):
        if count is None:
            continue
        key = "copies_original" if kind == "chính" else "copies_copy"
        if document[key] is not None:
            issues.append(_issue("copies", "repeated_kind", code, copies.group(0)))
            document[key] = None
            break
        document[key] = int(count)
    return document, issues


def _row(group: str | None, name: str, form_name: str | None, copies_text: str | None) -> dict:
    return {"group": group, "name": name, "form_name": form_name,
            "copies_original": None, "copies_copy": None, "copies_text": copies_text}


def _split_forms(cell: str, code: str) -> tuple[str, list[str], list[ParseIssue]]:
    """Peel the attached form files ("Mẫu số 01.docx") off the end of a document cell."""
    forms: list[str] = []
    while extension := _FORM_EXTENSION.search(cell):
        start = _form_start(cell[:extension.start()])
        if start is None:
            return cell, forms, [_issue("form", "no_boundary", code, cell[-120:])]
        forms.insert(0, cell[start:].strip())
        cell = _FORM_NUMBERING.sub("", cell[:start]).rstrip()
    return cell, forms, []


def _form_start(before_extension: str) -> int | None:
    """Where the file name ending at `before_extension` starts, or None when it cannot be told."""
    previous_file = list(_ANY_FORM_EXTENSION.finditer(before_extension))
    floor = previous_file[-1].end() if previous_file else 0  # several forms glued: "A.docxB.docx"
    for pattern in _FORM_STARTS:
        matches = list(pattern.finditer(before_extension, floor))
        if matches:
            return matches[-1].start()
    return floor if previous_file else None


# --- result and legal basis ----------------------------------------------------------------------


def clean_result(text: str, code: str = "") -> tuple[list[str], list[ParseIssue]]:
    """The results of `ket_qua_xu_ly`, one per item, without internal codes and page chrome.

    The page's "Từ khóa" (keyword) block is dropped; its "Mô tả" (description), when the portal
    filled it, is a note about the procedure and is kept as a last item "Mô tả: …".
    """
    text = (text or "").strip()
    description = ""
    chrome = _RESULT_CHROME.search(text)
    if chrome:
        description = chrome.group("description").strip()
        text = text[:chrome.start()]
    items = [part.strip(" ;\n\t") for part in _RESULT_CODE.split(text)]
    items = [item for item in items if item and item != NO_INFO]
    if description and description != NO_INFO:
        items.append(f"Mô tả: {description}")
    issues = []
    if any(_COPIES.search(item) for item in items):
        issues.append(_issue("result", "looks_like_documents", code, " ".join(items)))
    return items, issues


def clean_legal_basis(text: str) -> str:
    """`can_cu_phap_ly` without the table header glued in front."""
    text = (text or "").strip()
    return text[len(LEGAL_BASIS_HEADER):].strip() if text.startswith(LEGAL_BASIS_HEADER) else text
