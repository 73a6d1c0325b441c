"""Whether a message is written in English, so the reply to it can be in English too.

Residents who write English rarely say so first ("English please"); the assistant answers a message in
the language it is written in. Unaccented Vietnamese shares many short words with English ("can", "to",
"do", "a", "me", "an"), so only English function words that are not Vietnamese words count, and a
message with Vietnamese diacritics is never English.
"""

from __future__ import annotations

import re

from vietnamese_text.normalize import fold, nfc

_ENGLISH = set("""the what which where when how why who whom whose is are was were does did have has had will would
should could must need needs want wants get got my your our their his her its this that these those there here
for of from with about into by at please help i i'm im you we they it it's not don't doesn't can't cannot
documents document certificate register registration apply application birth marriage passport license
licence fee fees cost how much long take takes office where's what's card id report status""".split())
_VIETNAMESE_ONLY = {fold(word) for word in "có không được của và là cho với tôi mình làm giấy tờ ở đâu gì".split()}
_WORD = re.compile(r"[a-z']+")
_MIN_ENGLISH_WORDS = 2
_MIN_SHARE = 0.4


def written_in_english(text: str) -> bool:
    text = nfc(text or "").lower()
    if text.startswith("/") or fold(text) != text:  # a payload, or Vietnamese diacritics
        return False
    words = _WORD.findall(text)
    english = sum(word in _ENGLISH for word in words)
    vietnamese = sum(word in _VIETNAMESE_ONLY for word in words)
    return english >= _MIN_ENGLISH_WORDS and english > vietnamese and english >= _MIN_SHARE * len(words)
