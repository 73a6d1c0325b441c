"""Parse the national portal's glued table cells into structured values.

The portal renders channels and documents as tables whose cells arrive glued
without separators, e.g. "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến3 Ngày
làm việc7,000 Việt Nam Đồng(...)". Parsers return what they understood plus a
list of `ParseIssue`s for what they could not, so the importer can report them.
A fee amount is only extracted when the text leaves no doubt; otherwise the
published text is kept alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CHANNEL_HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tả"
DOCUMENT_HEADER = "Tên giấy tờMẫu đơn, tờ khaiSố lượng"
# A channel row starts with its kind glued to a time, a fee, or "Không có thông tin".
_CHANNEL_START = re.compile(r"(Trực tuyến|Trực tiếp|Dịch vụ bưu chính)(?=\d|Miễn phí|Không)")
_TIME = re.compile(r"^(\d+(?:[.,]\d+)?)\s*(Ngày làm việc|Ngày|Giờ|Tháng)")
_TIME_UNITS = {"Ngày làm việc": "working_days", "Ngày": "days", "Giờ": "hours", "Tháng": "months"}
_NO_INFO = "Không có thông tin"
_FEE_AMOUNT = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)\s*(?:Việt Nam Đồng|VNĐ|Đồng|đồng)")
_MONEY_IN_TEXT = re.compile(r"(\d{1,3}(?:[.,]\d{3})+|\d{4,})\s*(?:đồng|Đồng|VNĐ|vnđ|VND|đ\b|/)")
_COPIES = re.compile(r"(\d+) bản (chính|sao)")
_FORM_FILE = re.compile(r"(?:\d+\.)?([A-Za-z0-9_-]+\.(?:docx?|pdf|xlsx?|rtf|odt|zip|rar))$", re.IGNORECASE)
_RESULT_CHROME = re.compile(r"(Từ khóa.*)?Chọn cơ quan thực hiện.*$", re.DOTALL)
_RESULT_CODE = re.compile(r"Mã: ?KQ(?:\.[A-Z0-9]+)*\.\d+")
_MIN_PLAUSIBLE_FEE = 1000  # "20 VNĐ" next to "20.000 đồng/lần" is a portal slip, not a fee


@dataclass(frozen=True)
class ParseIssue:
    field: str
    code: str
    excerpt: str


def parse_channels(text: str, code: str = "") -> tuple[list[dict], list[ParseIssue]]:
    """Channels (kind, time, fee, description) from `cach_thuc_thuc_hien`."""
    body = (text or "").replace(CHANNEL_HEADER, "", 1).strip()
    if not body:
        return [], [ParseIssue("cach_thuc_thuc_hien", code, "(empty)")]
    starts = list(_CHANNEL_START.finditer(body))
    if not starts:
        return [], [ParseIssue("cach_thuc_thuc_hien", code, body[:120])]
    channels, issues = [], []
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(body)
        channel, issue = _parse_channel(match.group(1), body[match.end():end], code)
        channels.append(channel)
        issues += issue
    return channels, issues


def _parse_channel(kind: str, rest: str, code: str) -> tuple[dict, list[ParseIssue]]:
    channel = {"kind": kind, "time_value": None, "time_unit": None, "time_text": None, "fee_text": None,
               "fee_vnd": None, "description": None}
    issues: list[ParseIssue] = []
    if time := _TIME.match(rest):
        channel["time_value"] = float(time.group(1).replace(",", "."))
        channel["time_unit"] = _TIME_UNITS[time.group(2)]
        channel["time_text"] = time.group(0)
        rest = rest[time.end():]
    elif rest.startswith(_NO_INFO):
        channel["time_text"] = _NO_INFO
        rest = rest[len(_NO_INFO):]
    elif re.match(r"^\d", rest):
        # Digits with no unit: a bare time ("1Miễn phí") or a time glued to a fee ("120 VNĐ").
        issues.append(ParseIssue("time", code, f"{kind}{rest[:60]}"))
        bare = re.match(r"^(\d+)(?=Miễn phí|Không)", rest)
        if bare:
            channel["time_text"] = bare.group(1)
            rest = rest[bare.end():]
    fee_text, description = _split_fee(rest)
    channel["fee_text"], channel["description"] = fee_text or None, description or None
    channel["fee_vnd"] = _fee_amount(fee_text, rest)
    if fee_text and channel["fee_vnd"] is None and not fee_text.startswith(_NO_INFO):
        issues.append(ParseIssue("fee", code, fee_text[:120]))
    return channel, issues


def _split_fee(rest: str) -> tuple[str, str]:
    """The fee cell (amount or 'Miễn phí', with its bracketed note) and the description after it."""
    head = re.match(rf"^(Miễn phí|{_NO_INFO}|Không|\d[\d,]*\s*(?:Việt Nam Đồng|VNĐ|Đồng|đồng))", rest)
    if not head:
        return rest.strip(), ""
    end = head.end()
    if rest[end:end + 1] == "(":
        depth = 0
        for position in range(end, len(rest)):
            depth += {"(": 1, ")": -1}.get(rest[position], 0)
            if depth == 0:
                end = position + 1
                break
        else:
            end = len(rest)
    return rest[:end].strip(), rest[end:].strip()


def _fee_amount(fee_text: str, whole: str) -> int | None:
    if not fee_text:
        return None
    amounts_in_notes = {int(re.sub(r"[.,]", "", m)) for m in _MONEY_IN_TEXT.findall(whole)}
    if fee_text.startswith("Miễn phí"):
        return 0 if not amounts_in_notes else None
    if match := _FEE_AMOUNT.match(fee_text):
        amount = int(match.group(1).replace(",", ""))
        if amount >= _MIN_PLAUSIBLE_FEE and amounts_in_notes <= {amount}:
            return amount
    return None


def parse_documents(text: str, code: str = "") -> tuple[list[dict], list[ParseIssue]]:
    """Required documents (group, name, form file, copies) from `thanh_phan_ho_so`."""
    text = (text or "").strip()
    if not text:
        return [], [ParseIssue("thanh_phan_ho_so", code, "(empty)")]
    sections = text.split(DOCUMENT_HEADER)
    documents, issues = [], []
    group = None
    for index, section in enumerate(sections):
        if index == 0:
            group = _clean_group(section)
            continue
        items = _COPIES.split(section)
        # items: [name0, n0, kind0, name1, n1, kind1, ..., trailing]
        for position in range(0, len(items) - 2, 3):
            name, count, kind = items[position], int(items[position + 1]), items[position + 2]
            name = name.strip()
            if not name and documents:  # "1 bản chính 1 bản sao" on the same document
                documents[-1]["copies_copy" if kind == "sao" else "copies_original"] = count
                continue
            form = None
            if file_match := _FORM_FILE.search(name):
                form = file_match.group(1)
                name = name[:file_match.start()].strip()
            documents.append({"group": group, "name": name.lstrip("-+• ").strip(), "form_name": form,
                              "copies_original": count if kind == "chính" else None,
                              "copies_copy": count if kind == "sao" else None,
                              "copies_text": f"{count} bản {kind}"})
        trailing = items[-1].strip() if len(items) % 3 == 1 else ""
        if trailing:
            next_group = _clean_group(trailing)
            if next_group:
                group = next_group
    if not documents:
        issues.append(ParseIssue("thanh_phan_ho_so", code, text[:120]))
    return documents, issues


def _clean_group(text: str) -> str | None:
    text = text.strip().lstrip("*-").strip().rstrip(":").strip()
    return text or None


def clean_result(text: str) -> str:
    """`ket_qua_xu_ly` without the page chrome and internal result codes, one result per line."""
    text = _RESULT_CHROME.sub("", text or "")
    parts = [part.strip(" ;") for part in _RESULT_CODE.split(text)]
    return "\n".join(part for part in parts if part)
