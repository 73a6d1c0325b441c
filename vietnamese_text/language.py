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
licence fee fees cost how much long take takes office where's what's card id report status tell joke weather
tomorrow today hello thanks thank photo picture send cancel yes correct actually sorry lost new submit want loud
next door every night alley street hey hi there that's right rather leave number phone recommend good best place
nearby near restaurant would like know just last week wife husband baby daughter apartment landlord police anyone
someone speak english okay sure you're i'd i've we're they're and been broken water flooding flooded lane ward old
district road since days weeks blocked blocking trash garbage rubbish light lights tree fallen pothole hole noise
smell dumped dumping sidewalk pavement parking illegal building construction outside front leaking pipe burst dark
dangerous neighbor neighbour neighbors corner motorbikes book booking flight flights ticket tickets talk staff member
instead chatting keep mind never lot human person assistant let's again finish setup signature digital provider
install installed continue pause""".split())
_VIETNAMESE_ONLY = {fold(word) for word in """có không được của và là cho với tôi mình làm giấy ở đâu gì bị mất sao
nào nhé nha rồi muốn xin hỏi giúp em anh chị bạn""".split()}
_WORD = re.compile(r"[a-z']+")
_MIN_ENGLISH_WORDS = 2
_MIN_SHARE = 0.25  # street names dilute: "...piling up for a week at 25 Nguyen Dinh Chieu"


def language_in(text: str) -> str | None:
    """ "en" or "vi" when the message shows its language, None when it could be either: the conversation's
    earlier messages decide then. Short English ("Hello", "no photo") does not switch a Vietnamese
    conversation: Vietnamese residents type those too."""
    text = nfc(text or "").lower()
    if not text or text.startswith("/"):
        return None
    if written_in_english(text):
        return "en"
    if fold(text) != text or any(word in _VIETNAMESE_ONLY for word in _WORD.findall(text)):
        return "vi"
    return None  # "ok", "yes, correct", "le phi bao nhieu": the conversation so far decides


def written_in_english(text: str) -> bool:
    text = nfc(text or "").lower()
    if text.startswith("/") or fold(text) != text:  # a payload, or Vietnamese diacritics
        return False
    words = _WORD.findall(text)
    english = sum(word in _ENGLISH for word in words)
    vietnamese = sum(word in _VIETNAMESE_ONLY for word in words)
    return english >= _MIN_ENGLISH_WORDS and english > vietnamese and english >= _MIN_SHARE * len(words)


# A request to switch, in so many words: "Ok, can we switch back to Vietnamese?", "reply in English please", "chuyển
# qua tiếng Việt giùm", "nói tiếng Anh được không" (not "hồ sơ viết bằng tiếng Anh": a language named, no request)
_ASKS_FOR = re.compile(r"\b(?:switch|change|go)(?: back)? to (english|vietnamese)\b"
                       r"|\b(?:reply|answer|speak|talk|respond|chat)(?: to me| with me)? in (english|vietnamese)\b"
                       r"|\b(?:in )?(english|vietnamese) please\b"
                       r"|\b(?:chuyen|doi)(?: lai)? (?:sang|qua|ve) tieng (viet|anh)\b"
                       r"|\b(?:noi|tra loi|nhan|chat)(?: bang)? tieng (viet|anh)(?= di\b| nha\b| nhe\b| duoc| dc|$)")
_LANGUAGE_CODES = {"english": "en", "anh": "en", "vietnamese": "vi", "viet": "vi"}


def language_asked_for(text: str) -> str | None:
    """ "vi" or "en" when the message asks, in so many words, to be answered in that language; else None."""
    match = _ASKS_FOR.search(fold(nfc(text or "").lower()))
    return _LANGUAGE_CODES[next(group for group in match.groups() if group)] if match else None
