"""The urban-order report conversation as plain steps: what to ask next, and what an answer changes.

The draft is a plain dict kept in the `report_draft` slot, so a resident who
leaves halfway can come back to it; nothing is filed until they confirm the
summary. Order: category (confirmed) → description → location → a nearby
duplicate, if any → photo → contact → summary. A shared location or a photo
is taken whenever it arrives; "sửa địa chỉ" and the like reopen one field.
Typed answers are read by `vietnamese_text.replies` ("ừ đúng", "k có hình",
"ok gửi đi"); "hủy" drops the draft, "để sau" keeps it paused; a question for
another feature puts it aside (`actions.report_form`). An answer that changes
nothing twice in a row at the same question adds the "stuck" note, so the
resident is offered a way out instead of the same question a third time.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

from sqlalchemy.orm import Session

from urban_reports.categories import OTHER, category, infer_category
from urban_reports.drafts import ReportDraft, normalise_phone
from urban_reports.duplicates import find_duplicate
from urban_reports.errors import ReportRejected
from urban_reports.locations import Location, locate_address, locate_point
from urban_reports.photos import store_report_photo
from urban_reports.service import file_report, follow
from vietnamese_text import fold
from vietnamese_text.addresses import address_in, corrected_address, correction, is_correction
from vietnamese_text.patterns import PHONE_NUMBER
from vietnamese_text.replies import (
    Reply,
    after_leading_reply,
    asks_to_resume,
    asks_to_send,
    cancels_explicitly,
    declines_photo,
    is_a_question,
    leading_reply,
    read_reply,
    withholds_contact,
)

SKIPS = (Reply.NONE, Reply.NO)  # "bỏ qua", "không có ảnh", "không": nothing to give for this question
CONFIRMS = (Reply.YES, Reply.SEND)
SKIPPABLE = ("photo", "contact")  # questions a resident may decline
MISSES_BEFORE_WAY_OUT = 2  # the same question not understood this many times in a row: offer a way out
PLACE_WORDS = set("duong hem ngo kiet phuong xa quan huyen tp thanh pho chung cu cho cau nga khu ap to so nha truoc "
                  "goc cong vien truong benh le via he ben cang toa nhan ngay canh doi dien gan street road ward "
                  "alley district market".split())
EDITS = (  # "sửa <field>" typed or tapped: the field it reopens
    (re.compile(r"\bsua (loai|danh muc|the loai)"), "category"),
    (re.compile(r"\bsua (mo ta|noi dung)"), "description"),
    (re.compile(r"\bsua (dia chi|vi tri|cho)"), "location"),
    (re.compile(r"\bsua (anh|hinh)"), "photo"),
    (re.compile(r"\bsua (lien he|sdt|so dien thoai|so dt)"), "contact"),
)
MAX_DESCRIPTION = 4000
EDIT_WORDS_AFTER = 3  # "sửa địa chỉ giúp em" reopens the field; more words after "sửa …" are the new value


@dataclass
class Answer:
    """One message from the resident while the form is open."""

    text: str
    entities: Dict[str, str] = field(default_factory=dict)
    location: Optional[tuple] = None
    image_url: Optional[str] = None

    @property
    def key(self) -> str:
        return fold(self.text).strip(" .!?")

    @property
    def said(self) -> Optional[Reply]:
        return read_reply(self.text)


@dataclass
class Outcome:
    """The next state: keep asking, or close the form ("filed", "followed", "cancelled")."""

    draft: Dict[str, Any]
    notes: List[Any] = field(default_factory=list)  # keys of actions.report_text.NOTES, or ReportRejected
    closed: Optional[str] = None
    report_code: Optional[str] = None


def new_draft(first: Answer, media_dir: Path, session: Optional[Session] = None) -> Outcome:
    """Start from the message that opened the form: its words describe the issue and may name the category
    and the place ("đèn đường trước nhà 45/7 Nguyễn Trãi hư": not asked again)."""
    draft: Dict[str, Any] = {"category": None, "category_confirmed": False, "description": "", "location": None,
                             "photos": [], "photo_decided": False, "contact": None, "anonymous": None,
                             "duplicate_checked": False, "duplicate_of": None}
    outcome = Outcome(draft)
    if first.text and not first.text.startswith("/"):
        draft["description"] = first.text[:MAX_DESCRIPTION]
    code = first.entities.get("report_category")
    matches = infer_category(draft["description"]) if draft["description"] else []
    draft["category"] = code if code and category(code) else (matches[0].category.code if matches else None)
    _take_attachments(outcome, first, media_dir)
    if session is not None:
        _take_place_in(session, draft, draft["description"])
    if draft["description"]:  # "…, con không có hình, số con 0918 402 336": neither is asked
        take_side_facts(draft, draft["description"])
    return outcome




def _take_place_in(session: Session, draft: Dict[str, Any], description: str) -> None:
    """The place a description names ("đèn đường trước nhà 45/7 Nguyễn Trãi hư"), unless one was given."""
    place = address_in(description) if draft["location"] is None and description else None
    if place:
        with contextlib.suppress(ReportRejected):  # not an address the city files under: asked as usual
            draft["location"] = asdict(locate_address(place, session))


def goes_on_with(draft: Dict[str, Any], text: str) -> bool:
    """Whether a message sent while a report is paused takes it up again, with no "go on with it?" asked:
    "tiếp tục phản ánh hồi nãy", "đồng ý, gửi đi", or the paused report's kind named with no new place ("ok giờ
    quay lại báo đèn đường hư lúc nãy"), or an answer only the report can use ("ko có hình, sđt ko để")."""
    if asks_to_resume(text) or asks_to_send(text):
        return True
    if declines_photo(text) or withholds_contact(text):
        return True
    named = infer_category(text, use_embeddings=False)
    return bool(named) and named[0].category.code == draft.get("category") and address_in(text) is None


def next_step(draft: Dict[str, Any]) -> str:
    if not draft["category_confirmed"]:
        return "category"
    if not draft["description"]:
        return "description"
    if draft["location"] is None:
        return "location"
    if draft["duplicate_of"] and not draft["duplicate_checked"]:
        return "duplicate"
    if not draft["photo_decided"] or (_photo_required(draft) and not draft["photos"]):
        return "photo"
    if draft["contact"] is None and draft["anonymous"] is None:
        return "contact"
    return "summary"


def understands(draft: Dict[str, Any], text: str) -> bool:
    """Whether this text is an answer the form can use, so the NLU's guess of another feature says little."""
    step = next_step(draft)
    return (step == "description" or read_reply(text) is not None
            or any(pattern.search(Answer(text).key) for pattern, _field in EDITS)  # "sửa địa chỉ" at the summary
            # "khoan, sửa lại địa điểm: đầu đường Bàu Cát 1 mới đúng", not "xin phép sửa lại nhà thì mất mấy ngày?"
            or (is_correction(text) and not is_a_question(text))
            or (step not in ("category", "summary")
                and (declines_photo(text) or withholds_contact(text) or bool(PHONE_NUMBER.search(text))))
            or (step == "location" and _names_a_place(text))
            or (step == "contact" and bool(PHONE_NUMBER.search(text)))  # "sđt liên hệ 0908…" is no staff request
            # at "is it about …?": the kind, a place (not a question that names one: "cho hỏi xin phép sửa nhà ở
            # phường thì mất mấy ngày?"), or the photo or phone declined on the way past it
            or (step == "category" and (bool(infer_category(text, use_embeddings=not is_a_question(text)))
                                        or (_names_a_place(text) and not is_a_question(text))
                                        or declines_photo(text) or withholds_contact(text))))


def _place_after_a_guess(draft: Dict[str, Any], text: str, said: Optional[Reply]) -> bool:
    return (bool(draft["category"]) and bool(draft["description"]) and said is None and not text.startswith("/")
            and _names_a_place(_without_side_facts(text)) and not infer_category(text, use_embeddings=False)
            and not is_a_question(text))


def answer(session: Session, draft: Dict[str, Any], reply: Answer, conversation_id: str, language: str,
           media_dir: Path, now: Optional[dt.datetime] = None) -> Outcome:
    said, cancels = reply.said, cancels_explicitly(reply.text)
    if said is None and asks_to_send(reply.text):
        said = Reply.SEND  # "Thông tin đúng rồi, gửi đi bạn": a send in so many words, with more said around it
    if said is not Reply.PAUSE and not cancels:
        step = next_step(draft)
        if step in ("category", "photo") and declines_photo(reply.text) and not (
                step == "category" and draft["category"] and _names_a_place(_without_side_facts(reply.text))):
            said = Reply.NONE  # "toi qua ko chup duoc, thoi ko gui hinh": the photo declined, not the report
        elif step == "contact" and withholds_contact(reply.text):
            said = Reply.NONE  # "ko cần liên hệ lại"
        elif _take_volunteered(draft, reply.text, step):
            return Outcome(draft)
    if said is Reply.CANCEL and next_step(draft) in SKIPPABLE and not cancels:
        said = Reply.NONE  # "thôi khỏi" to the photo or phone question skips it; the report is kept
    if said is Reply.CANCEL:
        return Outcome({}, ["cancelled"], closed="cancelled")
    if said is Reply.PAUSE:
        return Outcome({**draft, "paused": True}, ["paused"], closed="paused")
    if said is Reply.RESUME or (said is None and asks_to_resume(reply.text)):
        return Outcome(draft)  # "tiếp tục phản ánh vỉa hè" while it is open: the question again, no miss
    for pattern, field_name in EDITS:
        edit = pattern.search(reply.key)
        if edit and len(reply.key[edit.end():].split()) > EDIT_WORDS_AFTER:
            break  # "sửa nội dung lại là ô nhiễm bụi sơn giùm e": the new content is here, a correction below
        if edit:
            _reopen(draft, field_name)
            return Outcome(draft)
    before, at_step = _fields(draft), next_step(draft)
    outcome = Outcome(draft)
    corrects = (is_correction(reply.text) and not is_a_question(reply.text)) or _edits_in_place(reply.key)
    if not (corrects and _take_correction(session, outcome, reply.text)):
        outcome = _answer_step(session, draft, reply, said, conversation_id, language, media_dir, now)
    if outcome.closed is None and not reply.text.startswith("/"):
        # "à nhầm, góc … mới đúng. ko có ảnh nha", "trước nhà số 77 …, ko có hình": the rest of the message too
        take_side_facts(outcome.draft, reply.text)
        if at_step != "summary" and next_step(outcome.draft) == "summary" and asks_to_send(reply.text) \
                and not outcome.notes:
            # "Dạ đúng rồi ạ, gửi đi ạ" when nothing else is missing: sent as asked, no summary to confirm again
            return _file(session, outcome, conversation_id, language, now)
    if outcome.closed is None:
        _count_misses(outcome, before)
    return outcome


def _answer_step(session: Session, draft: Dict[str, Any], reply: Answer, said: Optional[Reply],
                 conversation_id: str, language: str, media_dir: Path, now: Optional[dt.datetime]) -> Outcome:
    outcome = Outcome(draft)
    took_attachment = _take_attachments(outcome, reply, media_dir)
    step = next_step(draft) if not took_attachment else None
    if step == "category" and _place_after_a_guess(draft, reply.text, said):
        # said where instead of yes: the place is taken and the guess asked again with it ("… tại <place>, đúng
        # không?"): a "đúng" typed next then confirms the kind, rather than landing on the photo question. "đúng
        # rồi, đầu hẻm 88 …" says both: the kind is confirmed and the place is what follows the yes.
        confirmed = leading_reply(reply.text) is Reply.YES
        _answer_location(session, outcome, after_leading_reply(reply.text) if confirmed else reply.text, said)
        if confirmed and draft["location"] is not None:
            draft["category_confirmed"] = True
    elif step == "category":
        _answer_category(draft, reply, said)
        if said is None and not reply.text.startswith("/"):
            # "đèn đường trước nhà số 12 đường số 7 …, hư gần 1 tuần" to "what is it about?": the place too
            _take_place_in(session, draft, reply.text)
    elif step == "description":
        if len(reply.text) > MAX_DESCRIPTION:
            outcome.notes.append("description_too_long")
        elif not reply.text.startswith("/"):
            draft["description"] = reply.text
    elif step == "location":
        _answer_location(session, outcome, reply.text, said)
    elif step == "duplicate":
        if said in CONFIRMS:
            follow(session, draft["duplicate_of"], conversation_id, language)
            return Outcome({}, ["followed"], closed="followed", report_code=draft["duplicate_of"])
        draft["duplicate_checked"] = True
    elif step == "photo":
        if said in (*SKIPS, Reply.SEND) and not _photo_required(draft):
            draft["photo_decided"] = True  # "gửi luôn", "just send it": no photo; the phone is still asked
        elif said is Reply.YES:  # "có", "đúng rồi": they have one, but a word is no photo
            outcome.notes.append("photo_send_now")
        else:
            outcome.notes.append("photo_needed" if _photo_required(draft) else "photo_or_skip")
    elif step == "contact":
        _answer_contact(outcome, reply.text, said)
        if said in CONFIRMS and next_step(draft) == "summary":  # "ok", "gửi luôn đi": no phone, send it now
            return _file(session, outcome, conversation_id, language, now)
    elif step == "summary":
        if said in CONFIRMS:  # also "Yes, that's correct. Please send it." (a send in a sentence: SEND, in answer())
            return _file(session, outcome, conversation_id, language, now)
        outcome.notes.append("what_to_edit")
    if draft["location"] is not None and not draft["duplicate_checked"] and draft["duplicate_of"] is None:
        _check_duplicate(session, draft, now)
    return outcome


def _edits_in_place(key: str) -> bool:
    """ "sửa nội dung lại là ô nhiễm bụi sơn": an edit that carries its new value."""
    return any((edit := pattern.search(key)) and len(key[edit.end():].split()) > EDIT_WORDS_AFTER
               for pattern, _field in EDITS)


def _take_volunteered(draft: Dict[str, Any], text: str, step: str) -> bool:
    """A photo declined or a phone number given (or withheld) before its question: taken and acknowledged with
    the question still open ("k chụp hình" when asked where). True when something was taken."""
    if step in ("description", "summary") or text.startswith("/"):
        return False
    if step == "category" and draft["category"] and not (PHONE_NUMBER.search(text) and not _names_a_place(
            PHONE_NUMBER.sub(" ", text))):
        return False  # (with a guess to confirm, "ko hình" confirms it and skips the photo: _answer_category)
    if step == "location" and _names_a_place(_without_side_facts(text)):
        return False  # "trước nhà số 77 đường số 9…, ko có hình nha": the place, then the rest (_take_side_facts)
    noted = None
    if step != "photo" and not draft["photo_decided"] and not _photo_required(draft) and declines_photo(text):
        draft["photo_decided"], noted = True, "no_photo"
    elif step != "contact" and draft["contact"] is None and draft["anonymous"] is None:
        if _take_phone(draft, text):
            noted = "contact"
        elif withholds_contact(text) and draft["category"] and category(draft["category"]).anonymous_allowed:
            draft.update(contact=None, anonymous=True)
            noted = "anonymous"
    if noted:
        draft["noted"] = [*draft.get("noted", []), noted]
    return noted is not None


def take_side_facts(draft: Dict[str, Any], text: str) -> None:
    """What a message says besides its answer: a photo declined, a phone number given or withheld, each taken
    while that question is still open (a question answered already is not changed by a passing word)."""
    if not draft.get("category") and not draft.get("description"):
        return
    clauses = [text, *_CLAUSE.split(text)]  # in a long message the clause that says it ("…, con không có hình, …")
    if not draft["photo_decided"] and not _photo_required(draft) and any(map(declines_photo, clauses)):
        draft["photo_decided"] = True
    if draft["contact"] is None and draft["anonymous"] is None and not _take_phone(draft, text) \
            and any(map(withholds_contact, clauses)) and draft["category"] \
            and category(draft["category"]).anonymous_allowed:
        draft.update(contact=None, anonymous=True)


_CLAUSE = re.compile(r"[,.;!?]")


def _without_side_facts(text: str) -> str:
    """The message without a phone number and without a clause that declines the photo or the phone: "sđt 0935
    700 218" names no place, and "trước nhà số 77 đường số 9, ko có hình nha" is filed at "trước nhà số 77 đường
    số 9"."""
    parts = re.split(r"(?<=[,.;!?])\s*", _CONTACT.sub(" ", text))
    kept = [part for index, part in enumerate(parts) if not (declines_photo(part) or withholds_contact(part))
            and (index == 0 or _names_a_place(part) or len(part.split()) > _LABEL_WORDS)]  # ", sđt" left of a number
    return " ".join(kept).strip(" ,.;!?") if kept else ""


_LABEL_WORDS = 4
# A phone number with the words that announce it ("số điện thoại tôi là 0903…", "sđt e 0938…", "My number is …")
_CONTACT = re.compile(r"(?:\b(?:s[đd]t|số (?:điện thoại|đt|dt|của|con|em|tôi|mình)"
                      r"|so (?:dien thoai|dt|cua|con|em|toi|minh)"
                      r"|điện thoại|dien thoai|phone|my number|number|liên hệ|lien he)\b[^0-9+]{0,20})?"
                      + PHONE_NUMBER.pattern, re.IGNORECASE)


def _take_correction(session: Session, outcome: Outcome, text: str) -> bool:
    """ "à nhầm, hẻm 45 chứ không phải 54", "không phải rác, là nước thải": the place or the kind of issue said
    again, whatever the question was; True when something was corrected."""
    draft, corrected = outcome.draft, False
    parts = correction(text)
    named = [match.category.code for match in infer_category(parts[1] if parts else text, use_embeddings=False)]
    if named and draft["category"] not in named:
        # "không phải rác, là nước thải": the new kind is the classifier's reading of the resident's words, so it is
        # asked once ("… đúng không?"); their words go with the description, which staff read
        draft.update(category=named[0], category_confirmed=False)
        _add_to_description(draft, text)
        outcome.notes.append("category_corrected")
        corrected = True
    location = draft["location"]
    fixed = corrected_address(location["address"] or "", text) if location else None
    if fixed and fixed != location["address"]:
        _set_location(outcome, lambda: locate_address(fixed, session))
        outcome.notes.append("place_corrected")
        corrected = True
    if not corrected and (parts or _edits_in_place(fold(text))) and draft["description"]:
        # "mà là nhánh cây gãy chứ không phải cả cây ngã": the resident's own words go with the description
        _add_to_description(draft, text)
        outcome.notes.append("description_corrected")
        corrected = True
    return corrected


def _add_to_description(draft: Dict[str, Any], text: str) -> None:
    if draft["description"]:
        draft["description"] = f"{draft['description']}\n{text.strip()}"[:MAX_DESCRIPTION]


def _file(session: Session, outcome: Outcome, conversation_id: str, language: str,
          now: Optional[dt.datetime]) -> Outcome:
    try:
        report = file_report(session, _report_draft(outcome.draft), conversation_id, language, now=now)
    except ReportRejected as error:
        outcome.notes.append(error)
        return outcome
    return Outcome({}, ["filed"], closed="filed", report_code=report.code)


def _count_misses(outcome: Outcome, before: str) -> None:
    """An answer that left the draft as it was is a miss; from the second in a row, a way out ("stuck")."""
    draft = outcome.draft
    if _fields(draft) != before:
        draft.pop("misses", None)
        return
    draft["misses"] = draft.get("misses", 0) + 1
    if draft["misses"] >= MISSES_BEFORE_WAY_OUT:
        outcome.notes.append("stuck")


def _fields(draft: Dict[str, Any]) -> str:
    """What the resident has given; another guess at an unconfirmed category is no progress."""
    ignored = {"misses"} | ({"category"} if not draft.get("category_confirmed") else set())
    return json.dumps({k: v for k, v in draft.items() if k not in ignored}, sort_keys=True, default=str)


def _reopen(draft: Dict[str, Any], field_name: str) -> None:
    if field_name == "category":
        draft["category_confirmed"] = False
    elif field_name == "description":
        draft["description"] = ""
    elif field_name == "location":
        draft.update(location=None, duplicate_checked=False, duplicate_of=None)
    elif field_name == "photo":
        draft.update(photos=[], photo_decided=False)
    else:
        draft.update(contact=None, anonymous=None)


def _take_attachments(outcome: Outcome, reply: Answer, media_dir: Path) -> bool:
    """A shared location or a photo fills its field whatever was asked; True when one arrived."""
    draft = outcome.draft
    if reply.location:
        _set_location(outcome, lambda: locate_point(*reply.location))
    if reply.image_url:
        try:
            draft["photos"].append(_stored_photo(reply.image_url, media_dir))
            draft["photo_decided"] = True
        except (ReportRejected, OSError) as error:
            outcome.notes.append(error if isinstance(error, ReportRejected) else "photo_unreadable")
    return bool(reply.location or reply.image_url)


def _stored_photo(reference: str, media_dir: Path) -> str:
    """Channel uploads (media://<channel>/<name>) are re-stored with their EXIF (GPS included) removed.

    Every channel stores a resident's photo before it reaches Rasa (Zalo's CDN links are downloaded by
    channels.zalo.media), so anything else is refused rather than kept as a link nobody checked."""
    if not reference.startswith("media://"):
        raise FileNotFoundError(f"not a stored upload: {reference[:80]}")
    root = media_dir.resolve()
    channel_file = (media_dir / reference.removeprefix("media://")).resolve()
    if not channel_file.is_relative_to(root) or not channel_file.is_file():
        # "media://../../etc/passwd" or a name that is no stored upload: never read outside the media folder
        raise FileNotFoundError(f"not a stored upload: {reference[:80]}")
    return store_report_photo(channel_file.read_bytes(), media_dir)


def _answer_category(draft: Dict[str, Any], reply: Answer, said: Optional[Reply]) -> None:
    code = reply.entities.get("report_category")
    if code and category(code):
        draft.update(category=code, category_confirmed=True)
    elif said in CONFIRMS and draft["category"]:
        draft["category_confirmed"] = True
    elif said in (*CONFIRMS, Reply.NONE) and not draft["category"] and draft["description"]:
        # "đúng rồi", "gửi đi" or "ko hình" with no guess made: the resident takes the issue as understood; it is
        # filed as "other" with their words, and staff class it (a third "which kind?" would only loop)
        draft.update(category=OTHER, category_confirmed=True)
        if said is Reply.NONE and not _photo_required(draft):
            draft["photo_decided"] = True
    elif said in (Reply.NO, Reply.NONE) and draft["category"] and withholds_contact(reply.text) \
            and not declines_photo(reply.text):
        draft["category_confirmed"] = True  # "Không để số điện thoại": past the "đúng không?", at the phone
    elif said is Reply.NO:
        draft["category"] = None  # the guess was wrong: the question lists every category
    elif said is Reply.NONE and draft["category"]:
        # "không có ảnh", "bỏ qua": the resident went on past the "đúng không?" to the question they expected
        # next, the photo: the guess stands and the photo is skipped (one can still be sent at any time)
        draft["category_confirmed"] = True
        if "an danh" not in fold(reply.text) and not _photo_required(draft):
            draft["photo_decided"] = True
    elif said is None and not reply.text.startswith("/"):
        # a question ("có mất phí gì không ạ") changes the kind only if it names one, not by a guess from its sense
        matches = infer_category(reply.text, use_embeddings=not is_a_question(reply.text))
        if matches:
            draft["category"] = matches[0].category.code
        if not draft["description"]:
            draft["description"] = reply.text[:MAX_DESCRIPTION]
        elif infer_category(reply.text, use_embeddings=False) and reply.text.strip() not in draft["description"]:
            _add_to_description(draft, reply.text)  # "em muốn phản ánh sự cố", then what it is: staff read both


def _answer_location(session: Session, outcome: Outcome, text: str, said: Optional[Reply]) -> None:
    place = _without_side_facts(text)
    if text.startswith("/") or said is not None or not _names_a_place(place):
        # "bỏ qua", "không biết", "sđt 0935 700 218" are no place
        outcome.notes.append("location_needed")
        return
    _set_location(outcome, lambda: locate_address(place, session))


def _names_a_place(text: str) -> bool:
    """A house number, a place word ("hẻm", "chợ", "phường"...) or a name ("Lê Lợi"): there is no geocoder
    offline, so this is all that keeps "asdf" from being filed as the address."""
    words = text.split()
    folded = fold(text).strip(" .!?").split()
    last = words[-1].lower().strip(" .!?") if words else ""
    if fold(last) == "nha" and last != "nhà":
        folded = folded[:-1]  # "cám ơn ad nhiều nha": the particle, not "nhà" (a house)
    return (any(ch.isdigit() for ch in text) or bool(set(folded) & PLACE_WORDS)
            or sum(word[:1].isupper() for word in words[1:] + words[:1]) >= 2)


def _set_location(outcome: Outcome, locate: Callable[[], Location]) -> None:
    try:
        located = locate()
    except ReportRejected as error:  # outside the city, not a usable address
        outcome.notes.append(error)
        return
    outcome.draft.update(location=asdict(located), duplicate_checked=False, duplicate_of=None)


def _answer_contact(outcome: Outcome, text: str, said: Optional[Reply]) -> None:
    draft = outcome.draft
    if _take_phone(draft, text):
        return
    if said in (*SKIPS, *CONFIRMS) or "an danh" in fold(text):
        if category(draft["category"]).anonymous_allowed:
            draft.update(contact=None, anonymous=True)
        else:
            outcome.notes.append("contact_required")
    else:
        outcome.notes.append("phone_invalid")


def _take_phone(draft: Dict[str, Any], text: str) -> bool:
    """The phone number in the text, if any, becomes the report's contact."""
    phone = PHONE_NUMBER.search(text)
    if phone:
        draft.update(contact=normalise_phone(phone.group()), anonymous=False)
    return phone is not None


def _photo_required(draft: Dict[str, Any]) -> bool:
    return bool(draft["category"] and category(draft["category"]).photo_required)


def _check_duplicate(session: Session, draft: Dict[str, Any], now: Optional[dt.datetime]) -> None:
    location = draft["location"]
    duplicate = find_duplicate(session, draft["category"], location["latitude"], location["longitude"],
                               location["address"], location["ward"], now)
    if duplicate is None:
        draft["duplicate_checked"] = True
    else:
        draft["duplicate_of"] = duplicate.code


def _report_draft(draft: Dict[str, Any]) -> ReportDraft:
    return ReportDraft(category=draft["category"], description=draft["description"],
                       location=Location(**draft["location"]), photos=tuple(draft["photos"]),
                       contact_phone=draft["contact"], anonymous=bool(draft["anonymous"]))
