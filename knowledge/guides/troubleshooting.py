"""Which troubleshooting entry a stuck resident's message points to.

Phrases and message are compared as `match_key` words, the key the procedure
search uses: folded, with chat abbreviations expanded, so "ko nhận đc mã otp",
"khong nhan duoc ma OTP" and "không nhận được mã OTP" are the same words. A
phrase counts when most of its weight is in the message, in any order ("mã otp
không nhận được"). Words are weighted by how few entries of the guide use them,
so "không nhận được" alone does not pass for "không nhận được mã otp" while
"otp" carries it. Below the bar nothing is returned: a wrong fix costs the
resident more than being asked to say it again.
"""

from __future__ import annotations

import math
from collections import Counter

from knowledge.guides.model import Guide, Trouble
from vietnamese_text import match_key

MIN_COVERAGE = 0.75  # weighted share of a phrase's words that must be in the message
MIN_COVERAGE_AT_STEP = 0.5  # for entries tied to the step the resident is on ("không nhận được" at the OTP step)
MIN_WORDS = 2  # one shared word ("otp", "passcode") is not enough to tell what went wrong


def match_trouble(guide: Guide, text: str, step_number: int | None = None) -> Trouble | None:
    """The entry whose phrase the message covers best (entries of the current step win ties), or None."""
    words = set(match_key(text).split())
    phrase_words = {trouble.id: [match_key(phrase).split() for phrase in trouble.phrases]
                    for trouble in guide.troubleshooting}
    weight = _word_weights(phrase_words)
    best, best_rank = None, None
    for trouble in guide.troubleshooting:
        at_step = step_number in trouble.steps
        floor = MIN_COVERAGE_AT_STEP if at_step else MIN_COVERAGE
        for phrase in phrase_words[trouble.id]:
            found = [word for word in phrase if word in words]
            matched = sum(map(weight.get, found))
            coverage = matched / sum(map(weight.get, phrase))
            rank = (coverage, at_step, matched)
            if len(found) >= MIN_WORDS and coverage >= floor and (best_rank is None or rank > best_rank):
                best, best_rank = trouble, rank
    return best


def _word_weights(phrase_words: dict[str, list[list[str]]]) -> dict[str, float]:
    """Inverse entry frequency: a word in every entry ("không") weighs least, one in a single entry most."""
    entries = Counter(word for phrases in phrase_words.values() for word in {w for p in phrases for w in p})
    return {word: math.log(1 + len(phrase_words) / count) for word, count in entries.items()}
