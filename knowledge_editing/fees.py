"""A channel's fee and processing time as staff type them.

Fee: an amount in đồng or "miễn phí" / "free", with an optional note. Channels store what the
portal published (`fee_text`) and, when unambiguous, the amount (`fee_vnd`, 0 = free). The chat
answer shows the amount with the note in the text's brackets (`knowledge/answer_text.channel_fee`),
so an edited fee is stored in that shape.

Time: "3 ngày làm việc" (accents optional) is stored as the portal writes it (value, unit and
"3 Ngày làm việc"); anything else not a bare number ("Trong ngày") is kept as free text, as the
catalogue does when it cannot be parsed.
"""

from __future__ import annotations

import re

from localization import N_
from vietnamese_text import clean_text, match_key

MAX_FEE_VND = 100_000_000
MAX_NOTE_CHARS = 300
FREE = {"mien phi", "free", "khong mat phi", "khong thu phi", "0"}
_AMOUNT = re.compile(r"(\d{1,3}(?:[.,\s]\d{3})+|\d+)\s*(?:đ|đồng|dong|vnd|vnđ)?")
FEE_FORMAT = N_("Lệ phí phải là số tiền (đồng) không âm, ví dụ 50000 hoặc 50.000, hoặc “miễn phí”.")
FEE_TOO_HIGH = N_("Số tiền lệ phí quá lớn; hãy kiểm tra lại.")
NOTE_WITHOUT_FEE = N_("Ghi chú cần đi kèm số tiền hoặc “miễn phí”.")
NOTE_TOO_LONG = N_("Ghi chú lệ phí quá dài.")
MAX_TIME_VALUE, MAX_TIME_CHARS = 1000, 300
TIME_UNITS = {"ngay lam viec": "working_days", "ngay": "days", "gio": "hours", "thang": "months"}
CATALOGUE_TIME_UNITS = {"working_days": "Ngày làm việc", "days": "Ngày", "hours": "Giờ", "months": "Tháng"}
_TIME = re.compile(r"(\d+(?:[.,]\d+)?)\s*(.*)")
TIME_WITHOUT_UNIT = N_("Hãy ghi cả đơn vị thời gian, ví dụ “3 ngày làm việc”, “15 ngày”, “4 giờ”, “1 tháng”.")
TIME_OUT_OF_RANGE = N_("Thời gian giải quyết phải lớn hơn 0 và không quá 1000.")
TIME_TOO_LONG = N_("Thời gian giải quyết quá dài.")


class InvalidFee(ValueError):
    """`args[0]` is the msgid saying what is wrong (a fee or a processing time)."""


def fee_fields(channel: dict) -> tuple[str, str]:
    """What the edit form shows: the amount (or the published text when no amount is known) and the note."""
    text = channel.get("fee_text") or ""
    amount = channel.get("fee_vnd")
    if amount is None:
        return text, ""
    note = text[text.find("("):].strip("() ") if "(" in text else ""
    return ("miễn phí" if amount == 0 else str(amount)), note


def parse_fee(amount: str, note: str) -> tuple[str | None, int | None]:
    """(fee_text, fee_vnd) for the typed amount and note; both empty means "not published"."""
    amount, note = clean_text(amount or ""), clean_text(note or "")
    if not amount:
        if note:
            raise InvalidFee(NOTE_WITHOUT_FEE)
        return None, None
    if len(note) > MAX_NOTE_CHARS:
        raise InvalidFee(NOTE_TOO_LONG)
    if match_key(amount) in FREE:
        vnd = 0
    else:
        found = _AMOUNT.fullmatch(amount.lower())
        if not found:
            raise InvalidFee(FEE_FORMAT)
        vnd = int(re.sub(r"\D", "", found.group(1)))
        if vnd > MAX_FEE_VND:
            raise InvalidFee(FEE_TOO_HIGH)
    label = "Miễn phí" if vnd == 0 else f"{vnd:,}".replace(",", ".") + " đồng"
    return (f"{label} ({note})" if note else label), vnd


def time_field(channel: dict) -> str:
    """What the edit form shows: the published time text ("3 Ngày làm việc", "Trong ngày", "7")."""
    return channel.get("time_text") or ""


def parse_time(typed: str) -> dict:
    """{time_value, time_unit, time_text} for the typed time; all None when left empty."""
    text = clean_text(typed or "")
    if len(text) > MAX_TIME_CHARS:
        raise InvalidFee(TIME_TOO_LONG)
    found = _TIME.fullmatch(text)
    if found and not found.group(2):
        raise InvalidFee(TIME_WITHOUT_UNIT)
    unit = TIME_UNITS.get(match_key(found.group(2))) if found else None
    if unit is None:
        return {"time_value": None, "time_unit": None, "time_text": text or None}
    value = float(found.group(1).replace(",", "."))
    if not 0 < value <= MAX_TIME_VALUE:
        raise InvalidFee(TIME_OUT_OF_RANGE)
    return {"time_value": value, "time_unit": unit, "time_text": f"{_number(value)} {CATALOGUE_TIME_UNITS[unit]}"}


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")
