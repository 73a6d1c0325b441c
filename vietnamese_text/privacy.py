"""Mask personal data in text before it is logged or stored for staff review.

Phone numbers, 9/12-digit ID numbers and e-mail addresses are replaced with
placeholders; a resident's "tên tôi là ..." is cut. Receipt numbers and report
codes are not personal and stay, so staff can still follow a case.
"""

from __future__ import annotations

import re

from vietnamese_text.patterns import EMAIL, PHONE_NUMBER

# "sđt em là 0912345678", "sdt0912345678": the label goes with the number, so nothing of it is left to match
# on; after a label the number may follow a letter, which a bare number may not.
_PHONE_LABEL = (r"\b(?:sđt|sdt|số điện thoại|so dien thoai|điện thoại|dien thoai|đt|dt)\s*(?:của\s+)?"
                r"(?:em|anh|chị|chi|tôi|toi|mình|minh|tui|e|a|c)?\s*(?:là|la)?\s*:?\s*")
_PHONE_AFTER_LABEL = PHONE_NUMBER.pattern.removeprefix(r"(?<![\w+])")
_PHONE_WITH_LABEL = re.compile(f"(?i){_PHONE_LABEL}{_PHONE_AFTER_LABEL}|{PHONE_NUMBER.pattern}")
# "cccd 079203001234", "số CCCD của em là 0792…": the card's name goes with the number; it says whose card,
# not which procedure the resident asks about.
_ID_LABEL = (r"\b(?:số\s+|so\s+)?(?:cccd|cmnd|cmt|căn cước(?: công dân)?|can cuoc(?: cong dan)?|"
             r"chứng minh(?: nhân dân| thư)?|chung minh(?: nhan dan| thu)?|định danh|dinh danh)\s*(?:của\s+|cua\s+)?"
             r"(?:em|anh|chị|chi|tôi|toi|mình|minh|tui|e|a|c)?\s*(?:là|la|số|so)?\s*:?\s*")
_ID_WITH_LABEL = re.compile(f"(?i){_ID_LABEL}(?:\\d{{12}}|\\d{{9}})(?!\\w)")
# Not inside a longer number or code ("079.123…", "12-345…"), but a full stop ending the sentence is fine.
_ID_NUMBER = re.compile(r"(?<![\w.-])(?:\d{12}|\d{9})(?!\w|[.-]\w)")
_NAME_INTRO = re.compile(
    r"(?i)\b(tên (?:tôi|em|mình|tui|con|cháu) là|ten (?:toi|em|minh|tui|con|chau) la|my name is)\s+"
    r"[^\s,.;!?0-9]+(?:\s+[^\s,.;!?0-9]+){0,4}"
)


def mask_personal_data(text: str) -> str:
    text = EMAIL.sub("[email]", text)
    text = _PHONE_WITH_LABEL.sub("[số điện thoại]", text)
    text = _ID_WITH_LABEL.sub("[số giấy tờ]", text)
    text = _ID_NUMBER.sub("[số giấy tờ]", text)
    return _NAME_INTRO.sub(lambda m: f"{m.group(1)} [tên]", text)

