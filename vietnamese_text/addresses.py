"""The place a resident names inside a sentence: "đèn đường trước nhà 45/7 Nguyễn Trãi hư 3 hôm nay" names
"45/7 Nguyễn Trãi"; "lấn chiếm vỉa hè trước chợ Hòa Hưng, đường Cách Mạng Tháng 8" names "chợ Hòa Hưng,
đường Cách Mạng Tháng 8".

There is no geocoder offline, so this reads the shape residents write addresses in: a house or alley number
followed by a street name, or a place word (hẻm, đường, chợ, cầu...) followed by a name, then optionally
more of the same after commas (phường, quận, P.12). Names are told from ordinary words by their capital
letter, so "hem 88 ton dan" (all lower case) names no street: the report form then asks for the address.
"""

from __future__ import annotations

import re
from typing import Optional

from vietnamese_text.normalize import fold_token, nfc

_TOKEN = re.compile(r"[\w./-]+|,", re.UNICODE)
_NUMBER = re.compile(r"^\d+[a-zA-Z]?(?:[/-]\d+[a-zA-Z]?)*$")
_UNIT_NUMBER = re.compile(r"^(?:p|q|f)\.?\d+$", re.IGNORECASE)  # P.12, Q3, F7 (old wards and districts)
# Words that start or continue an address; the folded forms, so unaccented typing counts too.
PLACE_WORDS = frozenset("""hem ngo kiet duong pho cho cau nga goc khu ap to phuong xa quan huyen thanh tp tt chung
    cu cong vien benh truong ben cang toa nha so p q lo""".split())
# Folded place words that are also everyday words ("cho" give, "to" big, "bên" side): only as typed with marks.
_ACCENTED_ONLY = {"cho": "chợ", "cau": "cầu", "to": "tổ", "ben": "bến", "xa": "xã", "pho": "phố", "goc": "góc",
                  "lo": "lô"}
_CROSSROADS = frozenset({"tu", "ba", "nam", "sau", "bay"})  # ngã tư, ngã ba, ngã năm, ngã sáu, ngã bảy
_LOWER_CASE_REACH = 9  # tokens from the number to the old ward or district ("284 nguyen thi minh khai p5 q3")
_PLAIN_BEFORE_A_NAME = frozenset({"goc", "cau", "lo"})
# The city's former districts named by two or three words, where a lower-case address ends ("… bui dinh tuy binh
# thanh"), those of Bình Dương and Bà Rịa - Vũng Tàu merged into the city included; residents still write them after
# 1 July 2025. Kept equal to the ward mapping's (knowledge/data/hcmc_old_to_new_wards.csv) by a test: this package
# sits below `knowledge` and cannot read it.
_FORMER_DISTRICTS = frozenset({"binh thanh", "go vap", "phu nhuan", "tan binh", "tan phu", "binh tan", "thu duc",
                               "nha be", "binh chanh", "hoc mon", "cu chi", "can gio",
                               "di an", "thuan an", "thu dau mot", "ben cat", "tan uyen", "bac tan uyen", "phu giao",
                               "bau bang", "dau tieng", "vung tau", "ba ria", "phu my", "chau duc", "xuyen moc",
                               "long dat", "con dao"})
_UNIT_WORDS = frozenset({"quan", "phuong", "q", "p"})
_LEADING_ONLY = frozenset({"nha", "so"})  # "nhà 45", "số 12": the number is the address, not the word


def address_in(text: str) -> Optional[str]:
    """The first address-like span of the text, or None when it names no number-and-name or place-and-name."""
    tokens = _TOKEN.findall(nfc(text))
    for start in range(len(tokens)):
        span = _span_from(tokens, start)
        if span:
            return span
    english = _ENGLISH_STREET.search(nfc(text))  # "a pothole on Vo Van Kiet street near Ong Lanh bridge"
    return english.group(0) if english else None


# A street written the English way: two or more capitalised words, then "street" or "road" (and what it is near)
_ENGLISH_STREET = re.compile(r"\b(?:[A-Z][a-z]+ ){2,5}(?:street|road|avenue|boulevard)\b"
                             r"(?: near (?:the )?(?:[A-Z][a-z]+ ){1,4}(?:bridge|market|park|school|church|pagoda))?")


def _span_from(tokens: list[str], start: int) -> Optional[str]:
    first = tokens[start]
    # typed plain, "goc"/"cau" before a name is "góc"/"cầu": "ngay goc Le Duc Tho - Nguyen Van Luong" ("cho" is
    # "for" before a name as often as "chợ": "báo cho UBND biết")
    named_place = fold_token(first) in _PLAIN_BEFORE_A_NAME and start + 1 < len(tokens) and _is_name(tokens[start + 1])
    if fold_token(first) in _LEADING_ONLY or not (_is_number(first) or _is_place_word(first) or named_place):
        return None
    taken, has_name = [first], False  # a capital on the first word ("Hẻm 5...") may just start the sentence
    for token in tokens[start + 1:]:
        if token in (",", "-"):  # "Lê Lợi, phường Bến Thành", "góc Lê Đức Thọ - Phan Văn Trị"
            after = start + len(taken) + 1  # the token after this comma
            if not _continues(tokens[after:after + 1]):
                break
        elif _is_name(token):
            has_name = True
        elif not (_is_number(token) or _UNIT_NUMBER.match(token) or _is_place_word(token)
                  or (fold_token(taken[-1]) == "nga" and fold_token(token) in _CROSSROADS)):
            break
        taken.append(token)
    while taken and (taken[-1] in (",", "-") or (_is_place_word(taken[-1]) and not _is_name(taken[-1]))):
        taken.pop()  # "45 Lê Lợi phường": a dangling place word says nothing
    if not has_name:
        return _lower_case_span(tokens, start)
    return " ".join(taken).replace(" ,", ",")


def _lower_case_span(tokens: list[str], start: int) -> Optional[str]:
    """Typed without capitals, a street name is only known by where it ends: "hem 284 le van sy p14 q3" is a
    number, words, then an old ward or district number close after."""
    ahead = tokens[start:start + _LOWER_CASE_REACH]
    folded = [fold_token(token) for token in ahead]
    ends = [i for i, token in enumerate(ahead) if _UNIT_NUMBER.match(token)
            or (i > 2 and _is_number(token) and folded[i - 1] in _UNIT_WORDS)  # "… quan 3", "phuong 12"
            or (i > 2 and f"{folded[i - 1]} {folded[i]}" in _FORMER_DISTRICTS)  # "hem 47 bui dinh tuy binh thanh"
            or (i > 3 and " ".join(folded[i - 2:i + 1]) in _FORMER_DISTRICTS)]  # "… thu dau mot"
    if not ends or not _is_number(ahead[1] if _is_place_word(ahead[0]) and len(ahead) > 1 else ahead[0]):
        return None
    span = ahead[:ends[-1] + 1]
    words = [token for token in span if token.isalpha() and not _is_place_word(token)]
    if len(words) < 2 or any(not (token.isalpha() or _is_number(token) or _UNIT_NUMBER.match(token) or token == ",")
                             for token in span):
        return None
    return " ".join(span).replace(" ,", ",")


def _continues(following: list[str]) -> bool:
    """Whether the token after a comma goes on with the address (a number, a place word, a name)."""
    if not following:
        return False
    token = following[0]
    return _is_number(token) or bool(_UNIT_NUMBER.match(token)) or _is_place_word(token) or _is_name(token)


def _is_place_word(token: str) -> bool:
    folded = fold_token(token)
    return folded in PLACE_WORDS and nfc(token).lower() == _ACCENTED_ONLY.get(folded, nfc(token).lower())


def _is_number(token: str) -> bool:
    return bool(_NUMBER.match(token))


def _is_name(token: str) -> bool:
    return token[:1].isupper() and token[:1].isalpha()


# "X chứ không phải Y", "không phải Y, (mà) là X", "X, không phải Y": a correction, new part first or last.
_NOT = r"(?:không|khong|ko|k|hông|hong)\s+phải|(?:không|khong|ko|k)\s+phai"
_NEW_THEN_OLD = re.compile(rf"^(?P<new>.+?)[\s,]*(?:chứ|chu|,)\s*(?:{_NOT})\s+(?P<old>.+?)[\s.!]*$", re.IGNORECASE)
_OLD_THEN_NEW = re.compile(rf"^.*?(?:{_NOT})\s+(?P<old>.+?)\s*,\s*(?:mà\s+|ma\s+)?(?:là\s+|la\s+)?(?P<new>.+?)[\s.!]*$",
                           re.IGNORECASE)
_CUES = re.compile(rf"(?:{_NOT}|\bnhầm\b|\bnham\b|\bsửa lại\b|\bsua lai\b|^\s*(?:à|a)?\s*(?:không|khong|ko|k)\s*,)",
                   re.IGNORECASE)
_NUMBERS = re.compile(r"\d+[a-zA-Z]?(?:/\d+[a-zA-Z]?)*")


def is_correction(text: str) -> bool:
    """ "à nhầm", "chứ không phải", "sửa lại", "à không, ...": the resident takes back something said."""
    return bool(_CUES.search(nfc(text)))


def correction(text: str) -> Optional[tuple[str, str]]:
    """(what is taken back, what replaces it) of "X chứ không phải Y" / "không phải Y, là X"; None otherwise."""
    parts = _NEW_THEN_OLD.match(nfc(text)) or _OLD_THEN_NEW.match(nfc(text))
    return (parts.group("old").strip(" ,."), parts.group("new").strip(" ,.")) if parts else None


def corrected_address(old: str, text: str) -> Optional[str]:
    """The address after a correction of it, or None when the text corrects no address.

    "hẻm 54 Trần Quang Diệu" + "à nhầm, ở hẻm 45 chứ không phải 54" -> "hẻm 45 Trần Quang Diệu": the part
    taken back is replaced in the old address; a whole new place ("à không, gần cầu Thị Nghè") replaces it.
    """
    text = nfc(text)
    if not is_correction(text):
        return None
    parts = correction(text)
    if parts:
        wrong, right = parts
        at = re.search(rf"(?<!\w){re.escape(wrong)}(?!\w)", old, re.IGNORECASE)
        if at:
            replacement = address_in(right) or _same_kind(wrong, right)
            if replacement:
                return old[:at.start()] + replacement + old[at.end():]
    return address_in(text)


def _same_kind(wrong: str, right: str) -> Optional[str]:
    """What replaces the wrong part: "54" -> the number of "ở hẻm 45"; "hẻm 5" -> "hẻm 15" (the same words)."""
    numbers = _NUMBERS.findall(right)
    if _NUMBERS.fullmatch(wrong) and numbers:
        return numbers[-1]
    words = wrong.split()
    if len(words) > 1 and numbers:
        new_words = [numbers[-1] if _NUMBERS.fullmatch(word) else word for word in words]
        return " ".join(new_words) if new_words != words else None
    return None
