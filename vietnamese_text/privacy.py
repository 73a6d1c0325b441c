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
_WORD_CHARACTER = re.compile(r"\w")
_NAME_INTRO = re.compile(
    r"(?i)\b(tên (?:tôi|em|mình|tui|con|cháu) là|ten (?:toi|em|minh|tui|con|chau) la|my name is)\s+"
    r"[^\s,.;!?0-9]+(?:\s+[^\s,.;!?0-9]+){0,4}"
)


# "nhà ông Nguyễn Văn Tám", "bà Hoa bán hàng": a title followed by capitalised words names a person, unless
# a place word comes just before ("đường Cô Giang", "chợ Bà Chiểu", "cầu Ông Lãnh") or the title itself is
# capitalised at the start of a place name ("Bà Rịa"): when in doubt about a capitalised title, keep it.
_TITLES = {"ông", "bà", "anh", "chị", "cô", "chú", "bác", "dì", "cậu", "thím", "mợ", "em", "cháu"}
_PLACE_WORDS = {"đường", "duong", "phố", "pho", "hẻm", "hem", "ngõ", "kiệt", "chợ", "cho", "cầu", "cau", "phường",
                "phuong", "xã", "xa", "tỉnh", "tinh", "quận", "quan", "huyện", "huyen", "kênh", "kenh", "rạch",
                "rach", "cống", "bến", "ben", "ngã", "chùa", "chua", "đình", "miếu", "trường", "khu", "ấp", "thôn",
                "viên", "viện", "sông", "song", "đảo", "núi", "hồ", "ho"}
_WORD = re.compile(r"[^\W\d_]+")


def mask_names(text: str) -> str:
    """Names after a lower-case title, for text published to anyone (Open311): "ông [tên]"; places keep theirs."""
    words = list(_WORD.finditer(text))
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(words):
        title = words[index].group()
        before = words[index - 1].group().lower() if index else ""
        name_end = index + 1
        while name_end < len(words) and name_end - index <= 4 and words[name_end].group()[0].isupper() \
                and text[words[name_end - 1].end():words[name_end].start()].strip() == "":
            name_end += 1
        if title in _TITLES and before not in _PLACE_WORDS and name_end > index + 1:
            spans.append((words[index + 1].start(), words[name_end - 1].end()))
            index = name_end
        else:
            index += 1
    for start, end in reversed(spans):
        text = text[:start] + "[tên]" + text[end:]
    return text


def personal_number_spans(text: str) -> list[tuple[int, int]]:
    """Where phone and ID numbers stand in `text`, with the words that label them ("sđt em 0912…"), when
    something else is said too; none when the message is nothing but such a number (a resident answering
    with the whole phone number keeps it).

    The intent classifier reads a message without them: whose number it is says nothing about what the
    resident asks, and a long number otherwise drags a question towards "the last four digits" answers.
    """
    spans = sorted(match.span() for pattern in (_PHONE_WITH_LABEL, _ID_WITH_LABEL, _ID_NUMBER)
                   for match in pattern.finditer(text))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged if _WORD_CHARACTER.search(_cut(text, merged)) else []


def without_personal_numbers(text: str) -> str:
    """`text` with its phone and ID numbers (and their labels) left out; unchanged when nothing else is left."""
    return " ".join(_cut(text, personal_number_spans(text)).split())


def _cut(text: str, spans: list[tuple[int, int]]) -> str:
    kept, position = [], 0
    for start, end in spans:
        kept.append(text[position:start])
        position = end
    return " ".join(kept + [text[position:]])


def mask_personal_data(text: str) -> str:
    text = EMAIL.sub("[email]", text)
    text = _PHONE_WITH_LABEL.sub("[số điện thoại]", text)
    text = _ID_WITH_LABEL.sub("[số giấy tờ]", text)
    text = _ID_NUMBER.sub("[số giấy tờ]", text)
    return _NAME_INTRO.sub(lambda m: f"{m.group(1)} [tên]", text)

