"""Does a question follow up on the procedure in context, or name a new one?

"còn lệ phí thì sao?", "mất mấy ngày mới có giấy?", "nộp ở đâu vậy, nhà mình ở Bình Thạnh" and
"đăng ký kết hôn thì nộp online được không" (the subject restated) all ask about the procedure just
discussed; "thế còn làm hộ chiếu mất bao lâu" names a new one. A pattern on the whole message cannot
tell them apart, so the decision weighs the dialogue state (the procedure in context) against what
search finds in the words that are left once aspect words, filler and place names are removed:
- nothing left, or search finds nothing it would offer: a follow-up;
- search's best is the procedure in context, or the words left name nothing distinctive that the
  procedure in context lacks (two of them or a word pair, unless search answers outright), or fit it at least as
  well: a follow-up;
- an aspect question without a word that turns to another procedure ("thế còn", "làm", "đăng ký"...):
  a follow-up (a document it names is something to bring);
- "còn …" with two or more words left and few of them shared with the procedure in context: a new
  subject, whatever search's confidence;
- otherwise (search answers or offers another procedure the words name): a new subject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from knowledge.place_names import without_place_names
from knowledge.question_aspects import strip_aspect_words
from knowledge.search import SearchResult
from vietnamese_text import match_key

# Without a confident answer, a new subject takes two distinctive words or word pairs ("hộ chiếu" gives
# "chieu" and "ho_chieu"): one folded syllable is too often a particle or a typo ("hông", "sao", "mới giấy").
NAMING_WORDS = 2


# How residents turn to another procedure: "thế còn ...", or a verb of doing before its name ("làm hộ
# chiếu", "đăng ký kết hôn", "xin giấy độc thân"). A document merely named in an aspect question ("có cần
# mang sổ hộ khẩu không", "giấy tờ của vợ em có cần dịch không") is something to bring, not a new subject.
# "làm ở phường nào", "làm sao" ask about doing this one; "bao nhiêu" asks how much, "báo mất" turns to a report
# ("giấy báo tử", "giấy khai sinh" are papers to bring).
_NEW_SUBJECT_CUE = re.compile(
    r"\b(?:con|the con|vay con|lam(?! o| tai| sao| gi| the nao| bao lau| mat| xong)|lam lai|dang ky|xin|cap|cap lai|"
    r"doi|bao(?! nhieu| lau| gio| tu)|(?<!giay )(?<!to )khai|sang ten|chung thuc|gia han|xoa|chuyen|tach|nhap|hoi ve|"
    r"hoi them ve|hoi them|dong dau|sao y)\b(?! (?:o|tai)\b)")  # "photo bằng … đem lên phường đóng dấu y bản chính"
# ("hợp đồng thuê có cần công chứng không" asks about a paper of the procedure in context; a verb before "ở" or
# "tại" asks where to do the procedure in context: "đổi ở công an phường nào cũng được")


# "… xong (rồi) thì", "sau đó", "tiếp theo": what comes after the procedure in context
_DONE_THEN = re.compile(r"\b(?:xong(?: roi| het)?(?: thi| roi thi| roi)? |sau do (?:thi )?|tiep theo (?:thi )?)+"
                        r"|^(?:roi|gio|vay roi) (?=\w)")  # "rồi làm hộ chiếu mới thì nộp ở đâu"

_HOW_MUCH = re.compile(r"bao (?:lau|nhieu|gio)\b")

# "còn" turns to another subject when the words left share less than this with the procedure in context.
AWAY_FIT = 0.25
_TURN_ACCENTED = re.compile(r"(?<!\w)còn(?!\w)")
_TURN_PLAIN = re.compile(r"(?:da |vay |the |ma )?con ")


class Searcher(Protocol):
    def core(self, query: str) -> str: ...
    def search(self, query: str, k: int = 5) -> SearchResult: ...
    def word_fit(self, core: str, code: str) -> float: ...
    def naming_words(self, core: str, code: str, other: str | None = None) -> list[str]: ...


@dataclass(frozen=True)
class Reading:
    """How a question is read: follow up on `code`, or search `result` for a new subject."""

    follow_up: bool
    result: SearchResult | None = None


def read_question(searcher: Searcher, text: str, aspects: set[str], context_code: str | None) -> Reading:
    """Follow-up or new subject, for a question asked while `context_code` is being discussed."""
    core = without_place_names(searcher.core(text))
    if not context_code:
        return Reading(False, searcher.search(text, k=3))
    following = next_step_asked(text)
    if following:
        result = searcher.search(following, k=3)
        if result.hits and result.decision != "fallback" and result.hits[0].code != context_code:
            return Reading(False, result)  # "báo xong rồi thì làm hộ chiếu mới thế nào": the next procedure
    if not core:
        return Reading(bool(aspects), None if aspects else searcher.search(text, k=3))
    result = searcher.search(core, k=3)
    if not result.hits or result.decision == "fallback":
        return Reading(bool(aspects), None if aspects else result)
    top = result.hits[0].code
    if top == context_code:
        return Reading(True)
    # A new subject is named by a distinctive word the procedure in context lacks ("hộ chiếu" after
    # "khai sinh"); generic words ("giấy", "mới", "sao" in "thì sao") name nothing.
    if aspects and not _NEW_SUBJECT_CUE.search(match_key(text)):
        return Reading(True)
    fit_context, fit_top = searcher.word_fit(core, context_code), searcher.word_fit(core, top)
    # distinctive words the procedure in context lacks and one of search's candidates has
    names_new = max((searcher.naming_words(core, hit.code, other=context_code) for hit in result.hits), key=len)
    unshared = len(core.split()) * (1 - fit_context)  # words left that the procedure in context lacks
    if _turns_away(text) and unshared >= NAMING_WORDS and fit_context < AWAY_FIT and fit_top > fit_context:
        return Reading(False, result)  # "còn tiền mai táng bên bảo hiểm thì lãnh ở đâu" after the death registration
    # a word pair the procedure in context lacks ("thẻ căn" in "làm thẻ căn cước mới ở đâu" in the VNeID guide) is two
    # syllables already, as distinctive as two words
    named = len(names_new) >= (1 if result.decision == "answer" else NAMING_WORDS) \
        or any("_" in word for word in names_new)
    if not named or fit_context >= fit_top:
        # "được gia hạn mấy lần" after the building-permit extension: its words fit the procedure in context
        # as well as anything search offers, so it is about that procedure even with no aspect named.
        return Reading(True) if fit_context > 0 else Reading(bool(aspects), None if aspects else result)
    return Reading(False, result)


def next_step_asked(text: str) -> str | None:
    """ "báo xong rồi thì làm hộ chiếu mới thế nào", "đăng ký xong thì khai thuế sao", "sau đó xin phường xác
    nhận…": the procedure in context is done and the resident asks how to do the next one, named after the cue
    with a verb of doing. The words after the cue, or None ("làm xong mất bao lâu" names nothing new)."""
    key = match_key(text)
    cue = _DONE_THEN.search(key)
    following = key[cue.end():].strip() if cue else ""
    if not following or _HOW_MUCH.match(following):  # "nộp xong thì bao lâu có kết quả": "bao" is no "báo" here
        return None
    if len(strip_aspect_words(following).split()) < NAMING_WORDS:  # "giờ làm sao": nothing named
        return None
    return following if _NEW_SUBJECT_CUE.match(following) else None


def _turns_away(text: str) -> bool:
    """"còn …", "thế còn …", "vậy còn …": the resident turns to something else (typed "còn", or "con" first)."""
    return bool(_TURN_ACCENTED.search(text.lower()) or _TURN_PLAIN.match(match_key(text)))
