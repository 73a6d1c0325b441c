"""Whether a message asks for a person ("cho gặp người thật", "Kính đề nghị chuyển đến cán bộ phụ trách") or
asks to leave the person for the bot again ("quay lại trợ lý ảo", "về lại chatbot giúp em").

These requests are explicit and short-lived: a resident who asks for staff must reach staff whatever the
classifier or an open form makes of the words, and one who is talking to staff must be able to come back
with words as well as with the button. Read on folded words, so unaccented typing counts.
"""

from __future__ import annotations

import re

from vietnamese_text.normalize import fold, nfc

BACK_TO_BOT_PAYLOAD = "/back_to_bot"  # the button under the handoff message

_WORD = re.compile(r"\w+")
_STAFF = ("can bo", "nhan vien", "nguoi that", "tong dai vien", "tong dai", "admin", "nguoi phu trach",
          "tu van vien", "chuyen vien", "nguoi ho tro", "human", "real person", "staff", "an agent", "officer",
          "someone", "a person", "operator")
_REACH = ("gap", "noi chuyen", "chat voi", "lien he voi", "ket noi", "chuyen", "hoi truc tiep", "nho",
          "talk to", "speak to", "speak with", "connect me", "need", "want")
# "có ai trực không": whoever is on duty, asked for in a few words
# or "có ai ở phường nói chuyện với cô không": somebody at the ward, to talk to
_ON_DUTY = re.compile(r"\b(?:co|con) (?:ai|nguoi|can bo|nhan vien)(?: nao)? (?:dang )?truc\b"
                      r"|\bco ai(?: (?:o|ben) (?:phuong|xa|uy ban))? (?:noi chuyen|tra loi|ho tro|giup|chi)\b")
_BOT = ("tro ly ao", "tro ly tu dong", "tro ly", "chatbot", "chat bot", "bot", "robot", "tra loi tu dong",
        "the assistant", "the bot")
# "giờ cô hỏi máy tiếp": the machine, as older residents call the bot (folded "may" is also "mấy", so only with
# "tiếp"/"lại"/"vậy" after it or ending the message: "hỏi mấy câu nữa" is no way back; "tôi quay lại hỏi máy vậy" is)
_ASK_THE_MACHINE = re.compile(r"\b(?:hoi|chat|noi chuyen voi|quay lai|ve lai|tro lai)(?: hoi)? (?:cai |con |voi )?may"
                              r"(?: (?:tiep|lai|vay|nha|nhe|di|thoi|cung)\b|$)")
_BACK = ("quay lai", "quay ve", "ve lai", "tro lai", "tro ve", "tiep tuc voi", "noi chuyen voi", "chuyen ve",
         "trao doi voi",  # "Tôi xin phép tiếp tục trao đổi với trợ lý tự động."
         "dung lai", "go back to", "back to", "return to", "continue with", "keep chatting with", "keep talking to",
         "keep talking with", "stay with", "chat with")
# "em hỏi bot tiếp", "để em hỏi trợ lý": going on with the bot, unless the same message reaches for a person ("hỏi
# bot không được, cho gặp cán bộ").
_ASK = ("hoi", "hoi tiep", "hoi lai", "dung", "xai", "ask", "ask the", "use the",
        # "thôi để bot trả lời cũng được", "trả em về bot hỏi tiếp", "cho em chat lại với trợ lý ảo"
        "de", "ve", "chat", "chat lai")
# While talking to staff, staff busy or silent and the bot accepted instead lets the person go: "Thôi cán bộ bận thì
# bác hỏi cháu cũng được" (the resident calls the bot "cháu").
_STAFF_AWAY = re.compile(r"\b(?:can bo|nhan vien|admin|nguoi that|ben phuong)(?: \w+)? (?:ban|chua tra loi"
                         r"|khong tra loi|ko tra loi|lau qua|cham qua)\b|\b(?:cho|doi) lau qua\b")
_WILL_DO = re.compile(r"\b(?:cung duoc|cung dc|cung dk|tra loi giup|tra loi gium|tra loi dum|hoi (?:may|bot|tro ly))\b")
# While talking to staff, "thôi không cần nữa" (nothing more needed) lets the person go too.
_NOTHING_MORE = re.compile(r"^(?:thoi )?(?:khong|ko|k) can (?:nua|gap nua)\b")
_NO_MORE_STAFF = re.compile(r"\b(?:(?:khong|ko|k|thoi khong|thoi khoi|khoi) (?:can |muon )?"
                            r"(?:gap |noi chuyen voi |cho )?(?:can bo|nhan vien|nguoi that)"
                            r"|huy (?:yeu cau )?(?:gap|noi chuyen voi) (?:can bo|nhan vien|nguoi that)"
                            r"|(?:thoi )?(?:khong|ko|k) can gap nua|cancel (?:the )?handoff"
                            r"|(?:never mind|no need)\b.*\b(?:bot|assistant|staff|human|person))")
# "bạn có phải người thật không", "đây là người thật hả": a question about the bot, not a request for a person
_ASKS_WHO = re.compile(r"\b(?:la|phai) nguoi that\b")
_WINDOW = 5  # words between the verb and the person ("em muốn nói chuyện với cán bộ phường")


def asks_for_staff(text: str) -> bool:
    """An explicit request to reach a person, not a question that merely names staff ("cán bộ nào ký?")."""
    words = _words(text)
    joined = " ".join(words)
    person = _phrase_at(words, "nguoi that") is not None and not _ASKS_WHO.search(joined)
    return not asks_for_the_bot(text) and (_near(words, _REACH, _STAFF) or person or bool(_ON_DUTY.search(joined)))


def names_a_person(text: str) -> bool:
    """The message names staff or somebody to talk to at all ("cán bộ", "người thật", "có ai trực"): without any,
    a message read as a request for staff is more likely a question that the classifier misread."""
    words = _words(text)
    joined = " ".join(words)
    return asks_for_staff(text) or bool(_ON_DUTY.search(joined)) \
        or any(_phrase_at(words, person) is not None for person in (*_STAFF, *_PERSON_WORDS))


# Who else a resident may ask for ("cho em hỏi ai đó", "someone who can help")
_PERSON_WORDS = ("ai do", "mot ai", "co ai", "nguoi nao", "nguoi tra loi", "nguoi giai dap", "anh chi nao",
                 "someone", "somebody", "a person", "agent")


def asks_for_the_bot(text: str, talking_to_staff: bool = False) -> bool:
    """A request to go back from staff to the automatic assistant. While talking to staff, "em hỏi bot tiếp" says
    so too; elsewhere it may open a question ("cho em hỏi trợ lý, làm khai sinh cần gì")."""
    if nfc(text).strip() == BACK_TO_BOT_PAYLOAD:
        return True
    words = _words(text)
    if _NO_MORE_STAFF.search(" ".join(words)) or (talking_to_staff and _NOTHING_MORE.search(" ".join(words))):
        return True
    if talking_to_staff and _STAFF_AWAY.search(" ".join(words)) and _WILL_DO.search(" ".join(words)):
        return True
    # "nói chuyện với người thật được ko bot" names the bot but reaches for a person
    joined = " ".join(words)
    return ((_near(words, _BACK, _BOT) or (talking_to_staff and (_near(words, _ASK, _BOT)
                                                                  or bool(_ASK_THE_MACHINE.search(joined)))))
            and not _near(words, _REACH, _STAFF))


def _words(text: str) -> list[str]:
    return [fold(word) for word in _WORD.findall(nfc(text).lower())]


def _near(words: list[str], verbs: tuple[str, ...], objects: tuple[str, ...]) -> bool:
    for verb in verbs:
        at = _phrase_at(words, verb)
        if at is None:
            continue
        after = words[at + len(verb.split()):][:_WINDOW + 2]
        if any(_phrase_at(after, thing) is not None for thing in objects):
            return True
    return False


def _phrase_at(words: list[str], phrase: str) -> int | None:
    parts = phrase.split()
    for start in range(len(words) - len(parts) + 1):
        if words[start:start + len(parts)] == parts:
            return start
    return None


# "mấy bữa thì có người xuống coi vậy ad", "bao giờ phường xử lý": when somebody will come and deal with it
_WHEN = re.compile(r"\b(?:khi nao|bao gio|bao lau|may bua|may ngay|may hom|chung nao|luc nao|when|how long)\b")
_COMES_TO_DEAL = re.compile(r"\b(?:xuong|toi|den|ra) (?:coi|xem|kiem tra|xu ly|giai quyet|don|sua)\b"
                            r"|\bxu ly (?:chua|toi dau|den dau)\b|\bco nguoi (?:xu ly|giai quyet)\b"
                            r"|\b(?:come|handle|fix)\b")


def asks_when_handled(text: str) -> bool:
    """A question about when an issue will be dealt with ("mấy bữa thì có người xuống coi"): after a report, about
    that report, though it mentions somebody coming."""
    joined = " ".join(_words(text))
    return bool(_COMES_TO_DEAL.search(joined)) and (bool(_WHEN.search(joined)) or joined.endswith(" chua"))
