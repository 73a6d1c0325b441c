"""Receipt numbers as residents type them: buried in a sentence, lower-case, "38.98.H29 - 210519 - 0013",
an SMS-style "TRACUU <mã>" / "tra cứu <mã>", or behind a legacy prefix such as "QUAN2_<mã>".

The number itself is `vietnamese_text.patterns.RECEIPT_NUMBER` (Circular 01/2018/TT-VPCP art. 19), the
same pattern the NLU tokenizer keeps whole; this module only cleans the text around it and checks the date.
"""

from __future__ import annotations

import datetime as dt
import os
import re

from vietnamese_text.patterns import RECEIPT_NUMBER

# "tracuu", "tra cuu", "tra cứu", "TRA-CUU"; glued to the number or not.
_COMMAND_WORD = r"tra[\s_-]*c(?:u|ứ|ú)u"
_SEPARATOR_AFTER_PREFIX = r"[\s_:\-]*"
_SPACED_DASH = re.compile(r"(?<=[0-9A-Za-z])\s*[-\u2013\u2014]\s*(?=\d)")
_DATE_PART = re.compile(r"-(\d{6})-\d+$")
# A try at a receipt number that is not a valid one: a unit code ending in a province code (a letter and two
# digits, H29 for Ho Chi Minh City) followed by a dash and digits, or "H29" itself ("38.98.H29-2105-13").
_ATTEMPT = re.compile(r"(?<![0-9A-Za-z])(?:(?:[0-9A-Za-z]{1,6}\.)+[A-Za-z]\d{2}\s*-\s*\d|H29\b)", re.IGNORECASE)


def legacy_prefixes() -> tuple[str, ...]:
    """Prefixes old district systems put before the number (env DOSSIER_LEGACY_PREFIXES, comma separated)."""
    return tuple(p.strip() for p in os.environ.get("DOSSIER_LEGACY_PREFIXES", "").split(",") if p.strip())


def normalise_receipt(value: str) -> str:
    """The registry key: upper-case, no spaces, plain dashes."""
    return _SPACED_DASH.sub("-", value.strip()).replace(" ", "").upper()


def find_receipt_numbers(text: str, prefixes: tuple[str, ...] | None = None) -> list[str]:
    """Well-formed receipt numbers in the text, normalised, first occurrence first, without repeats."""
    prefixes = legacy_prefixes() if prefixes is None else prefixes
    words = [_COMMAND_WORD, *(re.escape(prefix) for prefix in prefixes)]
    cleaned = re.sub(rf"(?i)(?<![0-9A-Za-z])(?:{'|'.join(words)}){_SEPARATOR_AFTER_PREFIX}", " ", text)
    cleaned = _SPACED_DASH.sub("-", cleaned)
    found: list[str] = []
    for match in RECEIPT_NUMBER.finditer(cleaned):
        number = match.group().upper()
        if _has_real_date(number) and number not in found:
            found.append(number)
    return found


def looks_like_receipt_attempt(text: str) -> bool:
    """True when the text holds something shaped like a receipt number, valid or not (to explain the format)."""
    return _ATTEMPT.search(_SPACED_DASH.sub("-", text)) is not None


def is_receipt_number(value: str) -> bool:
    """True when the whole value (after normalising) is one well-formed receipt number."""
    number = normalise_receipt(value)
    return RECEIPT_NUMBER.fullmatch(number) is not None and _has_real_date(number)


def _has_real_date(number: str) -> bool:
    """The YYMMDD part must be a calendar date: "38.98.H29-219919-0013" is a typo, not a receipt."""
    match = _DATE_PART.search(number)
    try:
        dt.datetime.strptime(match.group(1), "%y%m%d")
    except (AttributeError, ValueError):
        return False
    return True
