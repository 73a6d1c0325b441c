"""Patterns for things residents type that must stay whole: codes, phones, dates.

The NLU tokenizer keeps each match as one token, and the action server uses the
same patterns to pull receipt numbers and report codes out of free text.
"""

from __future__ import annotations

import re

# Circular 01/2018/TT-VPCP art. 19: <unit code>-YYMMDD-NNNN, e.g. 000.00.31.H29-251103-0042;
# some ministry portals use 6-7 digit sequences.
RECEIPT_NUMBER = re.compile(r"(?<![0-9A-Za-z.])[0-9A-Za-z]{1,6}(?:\.[0-9A-Za-z]{1,6}){1,5}-\d{6}-\d{4,7}(?![\w-])")
REPORT_CODE = re.compile(r"(?<![\w-])PA-\d{6}-\d{4}(?![\w-])", re.IGNORECASE)
# Mobile (10 digits: 03, 05, 07, 08, 09) or landline (11 digits since 2017: 02 and the area, "028 3846 2217")
PHONE_NUMBER = re.compile(r"(?<![\w+])(?:\+84|84|0)(?:[35789]\d(?:[ .]?\d){7}|2\d(?:[ .]?\d){8})(?!\d)")
DATE = re.compile(r"(?<![\w/])\d{1,2}[/-]\d{1,2}(?:[/-]\d{2,4})?(?![\w/])")
URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

# Order matters: the first pattern to claim a span keeps it.
SPECIAL_TOKENS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("url", URL),
    ("email", EMAIL),
    ("receipt_number", RECEIPT_NUMBER),
    ("report_code", REPORT_CODE),
    ("phone_number", PHONE_NUMBER),
    ("date", DATE),
)


def special_spans(text: str) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, kind) spans of special tokens, in text order."""
    taken: list[tuple[int, int, str]] = []
    for kind, pattern in SPECIAL_TOKENS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if all(end <= s or start >= e for s, e, _ in taken):
                taken.append((start, end, kind))
    return sorted(taken)
