"""Words that name a guide: the personal digital signature ("chữ ký số", "cks", SmartCA) as what a resident wants.

Read on the folded, abbreviation-expanded key (`match_key`), so "chu ky so", "CKS" and "chữ ký số" count alike.
"""

from __future__ import annotations

import re

from vietnamese_text.normalize import match_key

# A personal digital signature named as what the resident wants ("chữ ký điện tử", as many call it): its guide
# asks about VNeID itself ("muốn có chữ ký số cá nhân mà vneid của e mới mức 1 à" is no request for the VNeID guide)
SIGNATURE_WORDS = re.compile(r"\b(?:chu k[yi] so|chu k[yi] dien tu|cks|chung thu so|smartca|mysign"
                             r"|digital signature)\b")
# "chỉ e làm chữ ký số", "đăng ký chữ ký số", "phải có chữ ký số … giờ làm sao": asking to get one
_GET_ONE = re.compile(r"\b(?:lam|dang ky|tao|chi|huong dan|muon co|can co|phai co|xin|get|make|register)\b")


def asks_for_a_signature(text: str) -> bool:
    """A request to get a personal digital signature (the guide's subject), however the classifier read it."""
    key = match_key(text)
    return bool(SIGNATURE_WORDS.search(key) and _GET_ONE.search(key))
