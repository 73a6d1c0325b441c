"""A fee as staff type it: an amount in đồng or "miễn phí" / "free", with an optional note.

Channels store what the portal published (`fee_text`) and, when unambiguous, the amount
(`fee_vnd`, 0 = free). The chat answer shows the amount with the note in the text's brackets
(`actions/procedure_text._channel_fee`), so an edited fee is stored in that shape.
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


class InvalidFee(ValueError):
    """`args[0]` is the msgid saying what is wrong."""


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
