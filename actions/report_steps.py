"""The urban-order report conversation as plain steps: what to ask next, and what an answer changes.

The draft is a plain dict kept in the `report_draft` slot, so a resident who
leaves halfway can come back to it; nothing is filed until they confirm the
summary. Order: category (confirmed) → description → location → a nearby
duplicate, if any → photo → contact → summary. A shared location or a photo
is taken whenever it arrives; "sửa địa chỉ" and the like reopen one field;
"hủy" drops the draft; a question for another feature puts it aside
(`actions.report_form`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

from sqlalchemy.orm import Session

from urban_reports.categories import category, infer_category
from urban_reports.drafts import ReportDraft, normalise_phone
from urban_reports.duplicates import find_duplicate
from urban_reports.errors import ReportRejected
from urban_reports.locations import Location, locate_address, locate_point
from urban_reports.photos import store_report_photo
from urban_reports.service import file_report, follow
from vietnamese_text import fold
from vietnamese_text.patterns import PHONE_NUMBER

CANCEL_WORDS = {"huy", "huy phan anh", "huy bo", "thoi", "thoi khong gui nua", "dung lai", "khong gui nua", "cancel"}
SKIP_WORDS = {"bo qua", "khong co", "khong", "ko", "k", "skip", "no", "/deny"}
YES_WORDS = {"/affirm", "dung", "dung roi", "gui", "gui phan anh", "ok", "oke", "yes", "co", "xac nhan", "dong y"}
EDITS = (  # "sửa <field>" typed or tapped: the field it reopens
    (re.compile(r"\bsua (loai|danh muc|the loai)"), "category"),
    (re.compile(r"\bsua (mo ta|noi dung)"), "description"),
    (re.compile(r"\bsua (dia chi|vi tri|cho)"), "location"),
    (re.compile(r"\bsua (anh|hinh)"), "photo"),
    (re.compile(r"\bsua (lien he|sdt|so dien thoai|so dt)"), "contact"),
)
MAX_DESCRIPTION = 4000


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


@dataclass
class Outcome:
    """The next state: keep asking, or close the form ("filed", "followed", "cancelled")."""

    draft: Dict[str, Any]
    notes: List[Any] = field(default_factory=list)  # keys of actions.report_text.NOTES, or ReportRejected
    closed: Optional[str] = None
    report_code: Optional[str] = None


def new_draft(first: Answer, media_dir: Path) -> Outcome:
    """Start from the message that opened the form: its words describe the issue and may name the category."""
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
    return outcome


def free_text_step(draft: Dict[str, Any]) -> bool:
    """Whether the step now takes any text (a description, an address), so the NLU's guess says little."""
    return next_step(draft) in ("description", "location")


def next_step(draft: Dict[str, Any]) -> str:
    if not draft["category_confirmed"]:
        return "category"
    if not draft["description"]:
        return "description"
    if draft["location"] is None:
        return "location"
    if draft["duplicate_of"] and not draft["duplicate_checked"]:
        return "duplicate"
    if not draft["photo_decided"]:
        return "photo"
    if draft["contact"] is None and draft["anonymous"] is None:
        return "contact"
    return "summary"


def answer(session: Session, draft: Dict[str, Any], reply: Answer, conversation_id: str, language: str,
           media_dir: Path, now: Optional[dt.datetime] = None) -> Outcome:
    outcome = Outcome(draft)
    key = reply.key
    if key in CANCEL_WORDS:
        return Outcome({}, ["cancelled"], closed="cancelled")
    for pattern, field_name in EDITS:
        if pattern.search(key):
            _reopen(draft, field_name)
            return outcome
    took_attachment = _take_attachments(outcome, reply, media_dir)
    step = next_step(draft) if not took_attachment else None
    if step == "category":
        _answer_category(draft, reply)
    elif step == "description":
        if len(reply.text) > MAX_DESCRIPTION:
            outcome.notes.append("description_too_long")
        elif not reply.text.startswith("/"):
            draft["description"] = reply.text
    elif step == "location":
        _answer_location(session, outcome, reply.text)
    elif step == "duplicate":
        if key in YES_WORDS:
            follow(session, draft["duplicate_of"], conversation_id, language)
            return Outcome({}, ["followed"], closed="followed", report_code=draft["duplicate_of"])
        draft["duplicate_checked"] = True
    elif step == "photo":
        if key in SKIP_WORDS and not _photo_required(draft):
            draft["photo_decided"] = True
        else:
            outcome.notes.append("photo_needed" if _photo_required(draft) else "photo_or_skip")
    elif step == "contact":
        _answer_contact(outcome, reply.text, key)
    elif step == "summary":
        if key in YES_WORDS:
            try:
                report = file_report(session, _report_draft(draft), conversation_id, language, now=now)
            except ReportRejected as error:
                outcome.notes.append(error)
                return outcome
            return Outcome({}, ["filed"], closed="filed", report_code=report.code)
        outcome.notes.append("what_to_edit")
    if draft["location"] is not None and not draft["duplicate_checked"] and draft["duplicate_of"] is None:
        _check_duplicate(session, draft, now)
    return outcome


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
    """Channel uploads (media://<channel>/<name>) are re-stored with their EXIF (GPS included) removed."""
    if not reference.startswith("media://"):
        return reference  # a link the channel hosts (Zalo): kept as a link
    root = media_dir.resolve()
    channel_file = (media_dir / reference.removeprefix("media://")).resolve()
    if not channel_file.is_relative_to(root) or not channel_file.is_file():
        # "media://../../etc/passwd" or a name that is no stored upload: never read outside the media folder
        raise FileNotFoundError(f"not a stored upload: {reference[:80]}")
    return store_report_photo(channel_file.read_bytes(), media_dir)


def _answer_category(draft: Dict[str, Any], reply: Answer) -> None:
    code = reply.entities.get("report_category")
    if code and category(code):
        draft.update(category=code, category_confirmed=True)
    elif reply.key in YES_WORDS and draft["category"]:
        draft["category_confirmed"] = True
    elif not reply.text.startswith("/"):
        matches = infer_category(reply.text)
        if matches:
            draft["category"] = matches[0].category.code
        if not draft["description"]:
            draft["description"] = reply.text[:MAX_DESCRIPTION]


def _answer_location(session: Session, outcome: Outcome, text: str) -> None:
    if text.startswith("/") or len(text.strip()) < 4:
        outcome.notes.append("location_needed")
        return
    _set_location(outcome, lambda: locate_address(text, session))


def _set_location(outcome: Outcome, locate: Callable[[], Location]) -> None:
    try:
        located = locate()
    except ReportRejected as error:  # outside the city, not a usable address
        outcome.notes.append(error)
        return
    outcome.draft.update(location=asdict(located), duplicate_checked=False, duplicate_of=None)


def _answer_contact(outcome: Outcome, text: str, key: str) -> None:
    draft = outcome.draft
    chosen = category(draft["category"])
    phone = PHONE_NUMBER.search(text)
    if phone:
        draft.update(contact=normalise_phone(phone.group()), anonymous=False)
    elif key in SKIP_WORDS or "an danh" in key:
        if chosen.anonymous_allowed:
            draft.update(contact=None, anonymous=True)
        else:
            outcome.notes.append("contact_required")
    else:
        outcome.notes.append("phone_invalid")


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
