"""What a short typed answer to one of the bot's questions means: yes, no, none, send, cancel, pause, resume.

One reading for every form and guide, so "ừ đúng", "dạ phải", "k có hình", "ok gửi đi", "thôi hủy đi, để bữa
khác báo", "để tối về làm tiếp" mean the same wherever they are typed, with or without diacritics, with
Southern particles or teencode. The caller decides what the meaning does at its question (a "không" to the
photo question skips the photo; to "is this the right category?" it asks for another one).

Only short messages are read (a description or an address is not an answer to a yes/no question); cancel
and pause, whose words ("hủy", "để sau") are rarely anything else, are read in somewhat longer ones.
"""

from __future__ import annotations

import enum
import re

from vietnamese_text.normalize import fold, nfc


class Reply(str, enum.Enum):
    CANCEL = "cancel"
    PAUSE = "pause"
    RESUME = "resume"
    NONE = "none"  # "không có ảnh", "bỏ qua": nothing to give for this question
    SEND = "send"  # "ok gửi đi": confirm and send
    NO = "no"
    YES = "yes"


# Particles and fillers that do not change the answer ("dạ đúng rồi ạ", "ok gửi đi ad", "u dung roi do").
_PARTICLES = set("da a ạ nha nhe nhé ne nè ha hen đi di luon luôn ad admin oi ơi ban bạn em anh chi chị minh mình "
                 "toi tôi tui vay vậy z do đó the thế nhen nghen ak ah a/c ac giup giúp dum dùm voi với lun".split())
_PARTICLES = {fold(p) for p in _PARTICLES} | {"please", "pls", "plz", "just", "e"}  # "e": teencode "em"
# Kin words residents call themselves and the bot ("con gửi giùm cô nha"): typed with their marks they are no
# answer; folded, "cô" would be "có" (yes) and "bà" "ba" (three).
_KIN_WORDS = frozenset("cô chú bác dì cháu ông bà cậu mợ thím".split())
_MAX_WORDS = 8
_MAX_WORDS_TO_RESUME = 20  # naming what to resume ("làm tiếp cái phản ánh …"): the rest describes it
_MAX_WORDS_TO_STOP = 12  # "thôi hủy đi, để bữa khác báo"; a longer message is a description that may say "để mai"
_NOT_CANCEL = ("huy hoai", "pha huy", "tieu huy")  # "hủy hoại cây xanh" describes an issue
# Teencode for "không" ("ko phản ánh nữa", "hk có"), read as the word itself; not "hem", which is also "hẻm".
_NEGATIONS = {"ko", "k", "kh", "hk", "hok", "hong", "kg", "khg", "khum"}

_EXPLICIT_CANCEL = ("huy", "huy bo", "cancel", "khong gui nua", "khong bao nua", "khong lam nua",
                    "khong phan anh nua", "khong muon nua", "bo di", "xoa di", "xoa cai nay", "bo qua phan anh",
                    "bo phan anh", "khong can gui nua")

# Saying what is not given ("không có hình", "khỏi để số"): this question's answer, even after "thôi" (which
# alone, or as "thôi khỏi", cancels).
_NOTHING_TO_GIVE = ("khong co anh", "khong co hinh", "khong anh", "khong hinh", "khoi anh", "khoi hinh",
                    "khoi chup", "khong chup", "khoi de so", "khong de so", "khoi de lai", "khong de lai",
                    "khoi sdt", "khong de sdt", "khoi so dien thoai", "khong can so", "khoi can so", "bo qua",
                    "khong muon de", "khong muon chup")
_LATER = ("mai", "ngay mai", "sang mai", "toi nay", "toi ve", "chieu nay", "de chieu", "lat nua", "ti nua",
          "chut nua", "khi khac", "luc khac", "bua khac", "bua sau", "hom sau", "hom khac", "tuan sau", "lan sau",
          "later", "tomorrow", "tonight", "another time")
_RESUMES_NAMING_A_FORM = ("hoan tat phan anh", "hoan thanh phan anh", "hoan tat huong dan", "hoan thanh huong dan")
_RESUMES = ("tiep tuc", "lam tiep", "tiep di", "continue", "resume", "quay lai lam", "lam tiep di", "di tiep",
            "chi tiep", "huong dan tiep", "tiep buoc", "buoc sau", "tiep giup", "tiep gium", "tiep dum", "tiep vu",
            "bao tiep", "phan anh tiep",  # "báo tiếp cái đèn đường lúc nãy"
            *_RESUMES_NAMING_A_FORM)
# Phrases on folded text, as whole words. Order of the kinds decides overlaps ("không có ảnh" is NONE, not NO).
_PHRASES: list[tuple[Reply, tuple[str, ...]]] = [
    (Reply.CANCEL, (*_EXPLICIT_CANCEL, "thoi khong", "thoi khoi", "khong can nua", "thoi dep", "dep di")),
    (Reply.PAUSE, ("de sau", "de bua khac", "de hom khac", "de mai", "de toi", "lat nua", "ti nua", "chut nua",
                   "tam dung", "tam ngung", "dung lai", "pause", "stop", "later", "de lat", "hom khac", "bua khac",
                   "mai lam tiep", "ve lam tiep", "quay lai sau", "lam sau", "tinh sau", "gui sau", "gui hinh sau",
                   "gui anh sau", "chup sau", "bo sung sau", "chup hinh da", "chup anh da", "di chup",
                   "giu lai", "luu lai",
                   # "ngưng đã, lát tui báo", "khoan, để chút" ("chờ chút" is left: said while doing a step)
                   "ngung lai", "ngung da", "de chut", "lat bao", "lat gui")),
    (Reply.RESUME, _RESUMES),
    (Reply.NONE, (*_NOTHING_TO_GIVE, "skip", "ko co anh", "ko co hinh", "k co anh", "k co hinh", "chua chup",
                  "ko chup", "khong can anh",
                  "chua co anh", "chua co hinh", "khong co", "ko co", "k co", "khong can", "no photo",
                  "chup khong duoc", "chup ko duoc", "chup k duoc", "chup ko dc", "chup k dc", "khong chup duoc",
                  "ko chup duoc", "ko chup dc",
                  "none", "khoi", "an danh",
                  # English ("I don't have a photo": the apostrophe splits "don t")
                  "don t have", "do not have", "have no", "no picture", "no pic", "without photo", "rather not",
                  "no number", "not leave my number", "rather not leave my number", "without my number",
                  "without a photo", "skip it", "anonymous", "anonymously")),
    (Reply.SEND, ("gui", "gui luon", "ok gui", "xac nhan gui", "dong y gui", "send", "submit", "gui phan anh")),
    (Reply.NO, ("khong", "ko", "k", "hong", "hem", "hok", "hk", "kg", "chua", "sai", "no", "nope", "khong phai",
                "ko phai", "k phai", "khong dung", "ko dung", "chua co", "chua dang ky", "/deny",
                "not yet", "i haven t", "haven t", "i have not", "have not", "i didn t", "not really")),
    (Reply.YES, ("u", "uh", "uhm", "um", "uk", "ukm", "uki", "ua", "o", "oh", "dung", "dung roi", "dg", "dg roi",
                 "phai", "phai roi",
                 "chinh xac", "co",
                 "co roi", "vang", "ok", "oke", "okie", "okay", "yes", "yep", "dong y", "xac nhan", "chuan", "roi",
                 "duoc", "dc", "duoc roi", "/affirm", "chac chan", "da co", "co a",
                 "i have", "i do", "i did", "already", "correct", "right", "sure", "yeah")),
]
_QUESTION_WORDS = {"dau", "sao", "nao", "gi", "j", "bao", "may", "chua", "khong", "ko", "k", "hong", "hok", "?"}
_FILLER_AFTER = {"roi", "r", "luon", "lien", "ngay", "nua", "giup", "dum", "nhe", "nha", "that", "ca", "het", "vay",
                 "ma", "thi", "la", "cung", "nay", "kia", "ay", "le"}
_WORD = re.compile(r"[/\w]+|\?")
_MAX_EXTRA_WORDS = 2  # "Vâng, đúng địa điểm", "ko có hình luôn": the answer and a word or two


def answer_key(text: str) -> str:
    """Folded words of the message without particles: "Dạ đúng rồi ạ!" -> "dung roi"."""
    words = [w for w in _WORD.findall(nfc(text).lower()) if w not in _KIN_WORDS]
    if len(words) > 1 and words[0] == "con":  # "Con gửi giùm cô nha": the resident calling themself
        words = words[1:]
    return " ".join(w for w in map(_folded, words) if w not in _PARTICLES)


def _folded(word: str) -> str:
    """The word without accents, but "hẻm" (alley) typed with its accent stays itself: folded it is "hem", the
    teencode "không" ("hẻm tối quá" is a description, not a no)."""
    return word if word == "hẻm" else fold(word)


def read_reply(text: str) -> Reply | None:
    """The meaning of a short answer, or None when it is not one (a description, an address, a question)."""
    key = answer_key(text)
    words = key.split()
    if not words:
        return None
    if words == ["thoi"]:
        return Reply.CANCEL
    words = ["khong" if w in _NEGATIONS else w for w in words]
    every_word = _typed_words(text)  # with particles: "để tối": "tối" folds to a particle
    if "dừng" in _WORD.findall(nfc(text).lower()) and len(words) <= _MAX_WORDS_TO_STOP \
            and not cancels_explicitly(text) \
            and not _stops_only_for_a_photo(words, every_word, _EXPLICIT_PAUSE):  # "dừng lại, ko làm nữa": for good
        return Reply.PAUSE  # folded, "dừng" (stop) is "dung", which is "đúng" (right)
    if len(words) > _MAX_WORDS_TO_STOP and _opens_with_a_pause(text):
        return Reply.PAUSE  # "Khoan, tạm dừng phản ánh chút. Cho hỏi xin phép sửa nhà thì mất mấy ngày?"
    if _waits_then_resumes(every_word) and len(words) <= _MAX_WORDS_TO_STOP:
        return Reply.PAUSE  # "để mai ra công an phường rồi làm tiếp", "vậy để được duyệt rồi em làm tiếp"
    if len(words) <= _MAX_WORDS and not _is_question(words) and _puts_off(text, every_word):
        return Reply.PAUSE  # "mai em làm tiếp", "bữa sau em gửi", "khi khác nha": later, not now
    if len(words) <= _MAX_WORDS_TO_STOP and cancels_explicitly(text) and not _contains(every_word, _NOT_CANCEL):
        return Reply.CANCEL  # "bỏ qua phản ánh này giúp tôi": the report, not one of its questions
    if len(words) <= _MAX_WORDS and _contains(every_word, _NOTHING_TO_GIVE):
        return Reply.NONE  # "thôi khỏi để số", "thôi không có hình đâu": "thôi" here drops one thing, not the form
    for kind, phrases in _PHRASES:
        if kind in (Reply.CANCEL, Reply.PAUSE):
            if len(words) <= _MAX_WORDS_TO_STOP and _contains(every_word, phrases) \
                    and not _contains(every_word, _NOT_CANCEL) \
                    and not (kind is Reply.PAUSE and _stops_only_for_a_photo(words, every_word, phrases)):
                return kind
        elif len(words) > _MAX_WORDS or _is_question(words):
            return None
        elif _answers(words, phrases, anywhere=kind not in (Reply.YES, Reply.NO), every_word_counts=kind is Reply.YES):
            return kind
    return None


_PHOTO_WORDS = {"hinh", "chup", "photo", "photos", "pic", "picture", "camera"}
_BEFORE_ANH = {"co", "gui", "chup", "khong", "bo", "skip", "khoi", "chua", "hinh"}  # "ảnh" typed plain is "anh"
_DECLINE_WORDS = ("khong", "chua", "khoi", "skip", "bo qua", "thoi", "no", "without", "can t", "cannot")
_CONTACT_WORDS = ("sdt", "so dien thoai", "so dt", "dien thoai", "lien he", "de so", "cho so", "phone", "contact",
                  "number")
_WITHHOLD_WORDS = ("khong", "khoi", "thoi", "an danh", "giau ten", "no", "without", "anonymous", "anonymously")
_MAX_WORDS_TO_DECLINE = 25  # "e có chụp mà file nặng quá gửi hông lên, thôi bỏ qua hình nha"


def declines_photo(text: str) -> bool:
    """A photo refused or impossible, in any words and at any question: "đt e bể camera r nên ko chụp đc", "tui ko
    dám chụp hình", "skip hình", "toi qua ko chup duoc, thoi ko gui hinh" (which is no cancel of the report)."""
    typed = _WORD.findall(nfc(text).lower())
    words = _typed_words(text)
    photo = bool(_PHOTO_WORDS & set(words)) or "ảnh" in typed or any(
        word == "anh" and i and words[i - 1] in _BEFORE_ANH for i, word in enumerate(words))
    return photo and len(words) <= _MAX_WORDS_TO_DECLINE and _contains(words, _DECLINE_WORDS)


def withholds_contact(text: str) -> bool:
    """No phone number to leave: "ko để sđt đâu nha", "ko cần liên hệ lại", "ko cho số đt"."""
    words = _typed_words(text)
    return (len(words) <= _MAX_WORDS_TO_DECLINE and _contains(words, _CONTACT_WORDS)
            and _contains(words, _WITHHOLD_WORDS))


def asks_to_send(text: str) -> bool:
    """ "Dạ đúng rồi ạ, gửi đi ạ", "oke gửi lun", "Yes, send it": a send said in so many words, whatever else the
    message confirms."""
    words = _typed_words(text)
    return len(words) <= _MAX_WORDS_TO_STOP and _contains(words, _SEND_WORDS) and not _contains(words, _NOT_SEND)


_SEND_WORDS = ("gui di", "gui luon", "gui lun", "gui lien", "gui ngay", "gui giup", "gui gium", "gui dum", "gui nha",
               "send it", "submit it", "please send", "send")
_NOT_SEND = ("khong gui", "ko gui", "k gui", "chua gui", "dung gui", "don t send", "do not send", "gui hinh",
             "gui anh", "gui sau", "gui tiep")


def cancels_explicitly(text: str) -> bool:
    """ "hủy", "không gửi nữa": cancelling in so many words, unlike "thôi khỏi", which at a question one may skip
    ("thôi khỏi" to the phone question) most often skips that question."""
    return _contains(_typed_words(text), _EXPLICIT_CANCEL)


def _typed_words(text: str) -> list[str]:
    """Every word of the message, folded ("hẻm" aside), teencode negations read as "khong"."""
    return ["khong" if w in _NEGATIONS else w for w in map(_folded, _WORD.findall(nfc(text).lower()))]


_OPENING = re.compile(r"\s*([^,.!?;]{1,20})[,.!;]")


def leading_reply(text: str) -> Reply | None:
    """A yes or no that opens a longer message and is set off by a comma: "rồi, làm ở công an phường rồi",
    "chưa, em chưa đi". Only where a yes/no question was asked (a description may start "không, ...")."""
    opening = _OPENING.match(nfc(text))
    said = read_reply(opening.group(1)) if opening and opening.end() < len(text.rstrip()) else None
    return said if said in (Reply.YES, Reply.NO) else None


def after_leading_reply(text: str) -> str:
    """The message without the yes or no that opens it ("đúng rồi, đầu hẻm 88 Trần Hưng Đạo" -> the place)."""
    return _OPENING.sub("", nfc(text), count=1).strip() if leading_reply(text) is not None else text


def asks_to_resume(text: str) -> bool:
    """ "tiếp tục cái phản ánh rác hồi nãy", "gửi tiếp phản ánh": a request to go on with something set aside,
    in a message of any length up to a dozen words (read_reply wants the answer nearly alone)."""
    words = [fold(w) for w in _WORD.findall(nfc(text).lower())]
    if len(words) > _MAX_WORDS_TO_STOP:
        # "ok để em ra công an cập nhật số, giờ hướng dẫn tiếp phần còn lại đi": the last clause asks; "ad ơi làm
        # tiếp cái phản ánh xà bần hôm qua giúp em": the request names what to go on with; "rồi giờ báo tiếp vụ rác
        # hồi nãy nha, …": the first clause asks, the rest answers
        clauses = re.split(r"[,.;!?]", nfc(text).rstrip(" .!?"))
        return (_contains(words, _NAMED_RESUMES) and len(words) <= _MAX_WORDS_TO_RESUME) or any(
            len(_WORD.findall(clause)) < len(words) and asks_to_resume(clause) for clause in (clauses[-1], clauses[0]))
    # "quay lại cái phản ánh lúc nãy", "giờ quay lại báo đèn đường hư lúc nãy"
    going_back = _contains(words, ("quay lai", "tro lai")) and _contains(words, (*_FORM_WORDS, "bao"))
    return ((_contains(words, (*_RESUMES, "gui tiep")) or going_back)
            and read_reply(text) not in (Reply.CANCEL, Reply.PAUSE))


_FORM_WORDS = ("phan anh", "huong dan", "vneid", "chu ky so", "report", "guide")  # "quay lại cái phản ánh lúc nãy"
# "làm tiếp (cái/vụ) phản ánh", "hoàn tất phản ánh": a request that names what to go on with
_NAMED_RESUMES = (*(f"{resume} {filler}{thing}" for resume in (*_RESUMES, "gui tiep") for filler in ("", "cai ", "vu ")
                    for thing in _FORM_WORDS), *_RESUMES_NAMING_A_FORM)


# "Hổng có hình đâu, chạy ngang hổng dám dừng lại chụp": no photo, told with a "dừng" that pauses nothing
_NO_PHOTO = ("khong co hinh", "khong co anh", "chua co hinh", "chua co anh", "khong chup")
_STOPS = ("dung lai", "ngung lai")


def _stops_only_for_a_photo(words: list[str], every_word: list[str], pauses: tuple[str, ...]) -> bool:
    """"Hổng có hình đâu, chạy ngang hổng dám dừng lại chụp": the only pause word is the stop the resident did not
    make to take the photo."""
    return _contains(words, _NO_PHOTO) and not _contains(every_word, tuple(p for p in pauses if p not in _STOPS))

_EXPLICIT_PAUSE = ("tam dung", "tam ngung", "dung lai", "ngung lai", "de sau", "pause")


def asks_after_pausing(text: str) -> bool:
    """A longer message that opens by putting the form aside and goes on to ask something ("Khoan, tạm dừng phản
    ánh chút. Cho hỏi xin phép sửa lại nhà ở phường thì mất mấy ngày?"): the question is to be answered too."""
    parts = re.split(r"(?<=[.!?;])\s+", nfc(text).strip(), maxsplit=1)
    return len(parts) == 2 and _opens_with_a_pause(text) and is_a_question(parts[1])


def _opens_with_a_pause(text: str) -> bool:
    """A first sentence that puts the form aside in so many words, before a longer message goes on to something
    else ("Khoan, tạm dừng phản ánh chút. Cho hỏi …"); a bare "thôi" is no such word."""
    first = re.split(r"[.!?;]", nfc(text), maxsplit=1)[0]
    words = _typed_words(first)
    return 0 < len(words) <= _MAX_WORDS_TO_STOP and _contains(words, _EXPLICIT_PAUSE) \
        and not cancels_explicitly(first)


def _puts_off(text: str, words: list[str]) -> bool:
    """A time to come back, or "let me think / I am busy": the form waits. "tối" (evening) folds to "toi" (I) and
    is also "dark" ("tối quá"), so it counts only in "tối nay", "tối về"; "bận" (busy) only typed with its
    accent."""
    lowered = _WORD.findall(nfc(text).lower())
    return (_contains(words, _LATER) or "bận" in lowered
            or _contains(words, ("suy nghi da", "suy nghi them", "tinh lai da")))


def _waits_then_resumes(words: list[str]) -> bool:
    """ "(vậy/thôi) để <a time or a condition> (rồi) làm tiếp": later, not now. "Để em làm tiếp" (let me go on) has
    nothing but particles between "để" and the resume words, so it is no pause."""
    if "de" not in words[:3]:
        return False
    after = words[words.index("de") + 1:]
    at = next((i for i in range(len(after)) if any(after[i:i + len(p.split())] == p.split() for p in _RESUMES)), None)
    return at is not None and any(w not in _PARTICLES and w not in {"roi", "r"} for w in after[:at])


def _contains(words: list[str], phrases: tuple[str, ...]) -> bool:
    return any(_find(words, phrase.split()) is not None for phrase in phrases)


def _answers(words: list[str], phrases: tuple[str, ...], anywhere: bool, every_word_counts: bool = False) -> bool:
    """The phrase is the message: at its start (yes/no) or anywhere (none, send, resume), with at most two
    other words ("đúng địa chỉ", "k có hình luôn"), so "không có ai dọn rác" is no answer."""
    for phrase in sorted(phrases, key=len, reverse=True):
        at = _find(words, phrase.split())
        if at is None or (at and not anywhere):
            continue
        rest = words[:at] + words[at + len(phrase.split()):]
        # "vâng, đúng", "vâng, thông tin chính xác": a second word of the same answer (any word of a yes phrase)
        same = {w for p in phrases for w in p.split()} if every_word_counts else {p for p in phrases if " " not in p}
        if len([w for w in rest if w not in _FILLER_AFTER and w not in same]) <= _MAX_EXTRA_WORDS:
            return True
    return False


def _find(words: list[str], phrase: list[str]) -> int | None:
    for start in range(len(words) - len(phrase) + 1):
        if words[start:start + len(phrase)] == phrase:
            return start
    return None


_ASKING_ENDINGS = {"khong", "chua", "sao", "gi", "j", "nao", "dau", "ha", "nhi", "hem", "ta", "ai"}
_ASKING_OPENINGS = ("cho hoi", "cho em hoi", "cho toi hoi", "cho minh hoi", "cho chau hoi", "xin hoi", "hoi")
_ASKING_PHRASES = ("bao nhieu", "bao lau", "o dau", "the nao", "lam sao", "nhu the nao", "ra sao", "sao roi",
                   "sao chua", "toi dau", "den dau")


def is_a_question(text: str) -> bool:
    """ "xây nhà 3 tầng có phải xin phép hông", "làm ở đâu?", "cho hỏi thời hạn làm khai tử là bao nhiêu ngày": the
    message asks; "quán nhậu bày bàn ghế, người đi bộ phải đi xuống lòng đường" tells."""
    words = [w for w in _typed_words(text) if w not in _PARTICLES]
    opening = " ".join(_typed_words(text)[:4])
    return ("?" in text or bool(words) and words[-1] in _ASKING_ENDINGS
            or any(f"{opening} ".startswith(f"{phrase} ") for phrase in _ASKING_OPENINGS)
            or _contains(words, _ASKING_PHRASES))


def _is_question(words: list[str]) -> bool:
    """ "gửi ở đâu", "được không", "có rồi chưa?": a question back, not an answer."""
    return "?" in words or (len(words) > 1 and (words[-1] in _QUESTION_WORDS or bool(set(words) & {"dau", "sao",
                                                                                                   "nao", "gi"})))
