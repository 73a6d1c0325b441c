"""Blind multi-turn scenarios played through the web chat against the real stack, every expectation judged.

The set (evaluation/data/blind/intent_scenarios.yml, README-intents.md) was written blind and committed before
any tuning; tune on `--split dev` only. Each scenario is one resident in a fresh web chat session: the action
server, Rasa and the web app (`python -m webapp`) run here on free ports, on a copy of var/app.db (the reports
a scenario filed are marked resolved when it ends, so that a later scenario at the same address is not offered
them as duplicates: the set assumes independent residents). Turns go through the chat API as the page sends
them (`POST /api/session`, then `POST /api/chat` with `session_id` and `message`): handoff and the return to
the bot live in the web app. The page opens with `/greet` (a Vietnamese page: no Accept-Language, no
`{"language": ...}`), so English scenarios get no help from a forced language. After each turn the runner
reads the Rasa tracker of `web:<session id>` (`?token=` RASA_AUTH_TOKEN) and the app database (handoffs,
reports). A scenario succeeds only if every expectation of every turn holds.

Judging rules ("form" = the report form or a guide; its state is the slot `report_draft` or `guide_progress`
without the turn-to-turn flags `answered`, `paused`, `offered_resume`: both forms have a single requested slot,
`report_answer` / `guide_answer`, so the step lives in that state, not in `requested_slot`). A message held
for staff (an open handoff) or a failed request fails every expectation ("held for staff", "error <status>").
- family:<name> -- if a form is active once the turn is over, the message was handled by it (a question for
  another feature sets the form aside, actions/elsewhere.py), so the family is the form's (report; the guide's
  vneid or digital_signature); otherwise the family of the NLU intent (tracker latest_message), mapped by
  evaluation.eval_blind_intents.FAMILY.
- procedure_answer (+codes) -- the first "(mã X)" ("(code X)" in English) of the reply is an acceptable code
  (any answer without codes). Choices do not count; when the offered buttons include an acceptable code, the
  resident taps it (its payload is sent, as eval_conversations does) and the reply to the tap is judged.
- form_advances -- a form was active before the message and the same form is still active after it (leaving
  it, even at a guide's "not eligible" end, fails); it took something: a report part not given before (a
  confirmed category, a description, a location, a nearby duplicate decided, a photo decision, a contact) or
  a given part changed (a correction; a new guess at the unconfirmed category does not count), or a guide at
  another question or step or with an entry answer recorded or changed (since 2026-12-07, tenth session: "android"
  told during the steps, after the optional phone question was passed by, is recorded with its note while the
  step stays; the guide's place alone had judged it "not taken"); a message that declines a photo
  (ảnh/hình/chụp/camera/photo, "bỏ qua", "skip": a heuristic) leaves the report's photo decided (not, say, stored
  as the address); and the last reply is not the previous bot message word for word.
- report_created -- a reply shows a tracking code (PA-YYMMDD-NNNN) not shown before in the scenario, and the
  app database has that report filed by this conversation (following a duplicate does not count).
- cancelled -- a form was active before; none is active after; its state is dropped (nothing kept to resume);
  no report filed; the reply says so (CANCEL_SIGNS: "hủy", "cancel", ...).
- paused -- a form was active before; none is active after (the bot stops asking); its state is kept; the
  reply says it is kept (KEEP_SIGNS: "lưu", "tạm dừng", "làm tiếp", "saved", ...): a form set aside in silence
  for another answer is not a confirmed pause.
- resumed -- a form is active after the turn and it continues the state kept before the turn (or the state
  of the form still open): a report keeps every field given; a guide is the same guide at the same or a later
  step. For a guide, the reply must also show where it stands (the text the bot showed when the guide first
  reached that step or question), unless the guide moved on: a troubleshooting answer is not a resumption.
- handoff -- the message reached the bot, a handoff is open for the conversation after the turn and was not
  before it (app database), and the resident got a reply.
- back_to_bot -- a handoff was open before the message, none is open after it, and the message got a reply
  (not held for staff).
- english_reply / vietnamese_reply -- the language of all reply texts of the turn: more English than
  Vietnamese function words, or the other way round; without any, Vietnamese if at least a fifth of the
  words carry Vietnamese diacritics.
- no_repeat -- judged on the first reply (before any tap), fails if: the report form is active and a field
  given earlier in this report (confirmed category, description, location, photo decision, contact) is
  missing again, or it asks for the location (category and description given, no location) after an earlier
  message of this report named a place (a house number or "hẻm/đường/chợ/góc/..." followed by a number or a
  capitalised name: a heuristic); a guide is active and asks an entry question answered earlier, or which
  guide; a procedure was in context (last_procedure_code) and the reply offers procedure choices instead of
  an answer, or answers a procedure outside the turn's codes (the one in context when there are none); a
  receipt number was in context and the reply asks for it.
- polite_decline -- a reply that declines or says it did not understand (DECLINE_SIGNS: "xin lỗi", "ngoài
  phạm vi", "sorry", ...), no procedure answer and no button carrying a procedure code, no form active after
  the turn, no handoff opened.

`make eval-scenarios` (test half); `--split dev --show-failures` while tuning; `--only s001 s002`;
`--json OUT` writes every turn (replies, intent, form states, verdicts).
"""

from __future__ import annotations

import argparse
import json
import re
import secrets
import tempfile
import unicodedata
from collections import Counter
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import requests
import yaml
from sqlalchemy import update

from evaluation.eval_blind_intents import FAMILY
from evaluation.eval_conversations import PAYLOAD_CODE, share
from evaluation.servers import (
    APP_DB,
    APP_PYTHON,
    REPO_ROOT,
    action_server,
    copy_database,
    free_port,
    rasa_server,
    running,
    server_env,
)
from handoff.service import is_handed_over
from localization import gettext_for
from storage.database import session_scope
from urban_reports.models import Report
from urban_reports.service import report_by_code
from urban_reports.statuses import ReportStatus
from vietnamese_text.patterns import REPORT_CODE

SET = REPO_ROOT / "evaluation" / "data" / "blind" / "intent_scenarios.yml"
# Written blind like SET, on 2026-12-06, to find faults beyond the dev half: read freely, never scored as a target.
PRACTICE = SET.with_name("practice_scenarios.yml")
TIMEOUT = 120  # seconds for one chat turn (the web app waits as long for Rasa)
ANSWER_MARK = re.compile(r"\((?:mã|code) ([0-9A-Za-z.]+)\)")  # eval_conversations.ANSWER_CODE, also in English
FORM_STATE = {"report_form": "report_draft", "guide_form": "guide_progress"}
GUIDE_FAMILY = {"vneid_level2": "vneid", "digital_signature": "digital_signature"}  # actions.guide_form ids
TRANSIENT = {"answered", "paused", "offered_resume"}  # flags of the form states, not progress
ASK_RECEIPT = "Bạn cho tôi số biên nhận của hồ sơ nhé."  # actions/dossier_text.py, asked in vi or en
PLACE_WORD = re.compile(r"\b(?:hẻm|hem|đường|duong|góc|goc|chợ|cho|cầu|cau|kênh|kenh|ngã tư|nga tu|ngã ba|nga ba|"
                        r"nhà|số|so|alley|street)\s+(\S)", re.IGNORECASE)
HOUSE_NUMBER = re.compile(r"\b\d+(?:/\d+)*\s+(\S)")
PHOTO_WORD = re.compile(r"ảnh|hình|chụp|camera|photo|\b(?:co|khong|ko|k|hk|khoi|chua)\s+(?:anh|hinh|chup)\b"
                        r"|\b(?:bỏ qua|bo qua|skip)\b")
DECLINE_SIGNS = ("xin lỗi", "ngoài phạm vi", "không hỗ trợ", "sorry", "outside", "only help", "can't help", "cannot")
CANCEL_SIGNS = ("hủy", "huỷ", "cancel", "dừng", "stopped")
KEEP_SIGNS = ("lưu", "tạm dừng", "làm tiếp", "gửi tiếp", "tiếp tục", "save", "paused", "continue", "resume", "later")
VI_WORDS = set("bạn của và không được cho này là có để tôi hoặc các những một với đã khi thì nếu ở đâu nhé vui lòng "
               "gì nào rồi sẽ đang cần".split())
EN_WORDS = set("the you your to of and is for a an in or please can i it this we be are with if when what have has "
               "will not on at here do".split())


# ---- the stack and one resident's session


@dataclass(frozen=True)
class Stack:
    web_url: str
    rasa_url: str
    rasa_token: str
    database_url: str


@contextmanager
def stack(tmp: Path) -> Iterator[Stack]:
    """Action server, Rasa and the web app on free ports, all on a copy of the app database."""
    actions_port, rasa_port, web_port = free_port(), free_port(), free_port()
    database_url = f"sqlite:///{copy_database(APP_DB, tmp / 'app.db')}"
    env = server_env(tmp, actions_port, {"APP_DATABASE_URL": database_url, "MEDIA_DIR": str(tmp / "media")})
    rasa_url, web_url = f"http://127.0.0.1:{rasa_port}", f"http://127.0.0.1:{web_port}"
    web_env = {**env, "RASA_URL": rasa_url, "WEB_PORT": str(web_port), "SECRET_KEY": secrets.token_hex(32),
               "RASA_TIMEOUT_SECONDS": str(TIMEOUT), "RATELIMIT_ENABLED": "0"}  # one address plays every resident
    with action_server(tmp, actions_port, env), rasa_server(tmp, rasa_port, env), \
            running([str(APP_PYTHON), "-m", "webapp"], f"{web_url}/readyz", tmp / "web.log", web_env):
        yield Stack(web_url, rasa_url, env["RASA_AUTH_TOKEN"], database_url)


@dataclass(frozen=True)
class Snapshot:
    """The Rasa tracker of the conversation at one moment."""

    tracker: dict

    @property
    def form(self) -> str | None:
        return (self.tracker.get("active_loop") or {}).get("name")

    @property
    def intent(self) -> str | None:
        return ((self.tracker.get("latest_message") or {}).get("intent") or {}).get("name")

    def slot(self, name: str):
        return (self.tracker.get("slots") or {}).get(name)

    def state(self, form: str) -> dict:
        """The form's progress without its turn-to-turn flags; {} when there is none."""
        return {k: v for k, v in (self.slot(FORM_STATE[form]) or {}).items() if k not in TRANSIENT}


@dataclass
class Chat:
    """One answer of the web chat: the bot's messages, or a message held for staff, or an error."""

    status: int
    messages: list[dict]
    held: bool = False
    error: str = ""


@dataclass
class Turn:
    """What one scripted message produced (with the resident's tap on an acceptable choice, if any)."""

    user: str
    sent: list[str]
    first: Chat  # the answer to the typed message
    replies: list[dict]  # every bot message of the turn, the tap's answer included
    before: Snapshot
    after: Snapshot  # after the typed message
    final: Snapshot  # after the tap (the same as `after` without one)
    handoff_before: bool
    handoff_after: bool
    filed: list[str]  # tracking codes in the replies of reports this conversation filed

    @property
    def text(self) -> str:
        return "\n".join(m.get("text") or "" for m in self.replies).strip()

    @property
    def first_text(self) -> str:
        return "\n".join(m.get("text") or "" for m in self.first.messages).strip()

    @property
    def last_text(self) -> str:
        texts = [m.get("text") or "" for m in self.replies if m.get("text")]
        return texts[-1] if texts else ""

    @property
    def unheard(self) -> str | None:
        """Why the bot never saw the message, if it did not."""
        if self.first.error:
            return f"error {self.first.status}"
        return "held for staff" if self.first.held else None


class Resident:
    """A resident in a fresh web chat session; reads the bot's side (tracker, app database) between turns."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.session_id = requests.post(f"{stack.web_url}/api/session", timeout=10).json()["session_id"]
        self.conversation_id = f"web:{self.session_id}"

    def says(self, message: str) -> Chat:
        response = requests.post(f"{self.stack.web_url}/api/chat",
                                 json={"session_id": self.session_id, "message": message}, timeout=TIMEOUT + 10)
        try:
            body = response.json()
        except ValueError:
            body = {"error": response.text[:300]}
        return Chat(response.status_code, body.get("messages") or [], bool(body.get("handoff")),
                    "" if response.ok else str(body.get("error") or response.status_code))

    def snapshot(self) -> Snapshot:
        # the id as it is: Rasa does not unquote "%3A" (session ids are [A-Za-z0-9_.-], safe in a path)
        response = requests.get(f"{self.stack.rasa_url}/conversations/{self.conversation_id}/tracker",
                                params={"token": self.stack.rasa_token, "include_events": "NONE"}, timeout=30)
        response.raise_for_status()
        return Snapshot(response.json())

    def handed_over(self) -> bool:
        with session_scope(self.stack.database_url) as session:
            return is_handed_over(session, self.conversation_id)

    def filed_here(self, codes: list[str]) -> list[str]:
        with session_scope(self.stack.database_url) as session:
            reports = [report_by_code(session, code) for code in codes]
            return [code for code, report in zip(codes, reports)
                    if report is not None and report.conversation_id == self.conversation_id]

    def close_reports(self) -> None:
        """Mark this resident's reports resolved: closed reports are never offered as duplicates."""
        with session_scope(self.stack.database_url) as session:
            session.execute(update(Report).where(Report.conversation_id == self.conversation_id)
                            .values(status=ReportStatus.RESOLVED.value))

    def turn(self, gold: dict, before: Snapshot, handoff_before: bool) -> Turn:
        first = self.says(gold["user"])
        after = self.snapshot()
        tap = acceptable_choice(first.messages, gold.get("codes")) if "procedure_answer" in gold["expect"] else None
        replies, sent, final = list(first.messages), [gold["user"]], after
        if tap:  # the resident taps the acceptable choice, as they would
            replies += self.says(tap).messages
            sent.append(tap)
            final = self.snapshot()
        codes = list(dict.fromkeys(c.upper() for m in replies for c in REPORT_CODE.findall(m.get("text") or "")))
        return Turn(gold["user"], sent, first, replies, before, after, final, handoff_before, self.handed_over(),
                    self.filed_here(codes))


def acceptable_choice(messages: list[dict], codes: list[str] | None) -> str | None:
    """The payload of an offered button for an acceptable procedure, when the reply is not an answer."""
    if not codes or any(ANSWER_MARK.search(m.get("text") or "") for m in messages):
        return None
    return next((payload for payload in button_payloads(messages) if set(PAYLOAD_CODE.findall(payload)) & set(codes)),
                None)


def button_payloads(messages: list[dict]) -> list[str]:
    return [b.get("payload") or "" for m in messages for b in m.get("buttons") or []]


def offers_procedures(messages: list[dict]) -> bool:
    return any(PAYLOAD_CODE.search(payload) for payload in button_payloads(messages))


# ---- what the scenario has shown so far


def report_given(draft: dict) -> dict[str, object]:
    """The parts of a report draft the resident has given, with their values (actions/report_steps.py)."""
    given = {"category": (draft.get("category_confirmed"), draft.get("category")),
             "description": (bool(draft.get("description")), draft.get("description")),
             "location": (draft.get("location") is not None, draft.get("location")),
             "duplicate": (draft.get("duplicate_checked"), draft.get("duplicate_of")),  # a near report decided
             "photo": (draft.get("photo_decided"), draft.get("photos")),
             "contact": (draft.get("contact") is not None or draft.get("anonymous") is not None,
                         (draft.get("contact"), draft.get("anonymous")))}
    return {name: value for name, (present, value) in given.items() if present}


def report_fields(draft: dict) -> set[str]:
    return set(report_given(draft))


def progress(form: str, state: dict) -> dict[str, object]:
    """What the form has taken so far: the report's given parts, or the guide's place and the entry answers it
    recorded (an answer taken while the place stays, "android" during the steps, is something given)."""
    if form == "report_form":
        return report_given(state)
    return {"point": guide_point(state), "answers": state.get("answers") or {}}


def advanced(form: str, before: dict, after: dict) -> bool:
    """Something new given, or something given changed (a correction); not a new guess at the same step."""
    old, new = progress(form, before), progress(form, after)
    return bool(new.keys() - old.keys()) or any(old[name] != new[name] for name in new.keys() & old.keys())


def guide_point(progress: dict) -> tuple:
    return progress.get("guide"), progress.get("phase"), progress.get("question"), progress.get("step")


def lowered(text: str) -> str:
    return unicodedata.normalize("NFC", text.lower())


def says_any(text: str, signs: tuple[str, ...]) -> bool:
    return any(sign in lowered(text) for sign in signs)


def declines_photo(text: str) -> bool:
    """The message is about (not) having a photo (a heuristic: the words, not their sense)."""
    return PHOTO_WORD.search(lowered(text)) is not None


def names_a_place(text: str) -> bool:
    """A house number or a place word followed by a number or a capitalised name (a heuristic)."""
    after_word = (m.group(1)[0] for m in PLACE_WORD.finditer(text))
    after_number = (m.group(1)[0] for m in HOUSE_NUMBER.finditer(text))
    return any(c.isupper() or c.isdigit() for c in after_word) or any(c.isupper() for c in after_number)


@dataclass
class Context:
    """What the conversation has established before the turn being judged."""

    last_question: str = ""  # the bot's last message
    report_given: set[str] = field(default_factory=set)  # fields given in the report under way
    place_named: bool = False  # a message of the report under way named a place
    guide: str | None = None
    answered_questions: set[tuple] = field(default_factory=set)  # (guide, entry question) answered
    shown: dict[tuple, str] = field(default_factory=dict)  # guide point -> the text that first showed it
    report_codes: set[str] = field(default_factory=set)  # tracking codes already shown

    def remember(self, turn: Turn) -> None:
        if turn.unheard:
            return
        self.last_question = turn.last_text or self.last_question
        self.report_codes |= {c.upper() for c in REPORT_CODE.findall(turn.text)}
        self._remember_report(turn)
        self._remember_guide(turn)

    def _remember_report(self, turn: Turn) -> None:
        draft = turn.final.state("report_form")
        if not draft:
            self.report_given, self.place_named = set(), False
            return
        self.report_given |= report_fields(turn.before.state("report_form")) | report_fields(draft)
        if "report_form" in (turn.before.form, turn.final.form) and names_a_place(turn.user):
            self.place_named = True

    def _remember_guide(self, turn: Turn) -> None:
        before, now = turn.before.state("guide_form"), turn.final.state("guide_form")
        if not now:
            self.answered_questions = set()
            return
        self.guide = now.get("guide") or self.guide
        moved = guide_point(now) != guide_point(before)
        if moved and before.get("phase") == "entry" and before.get("guide") == now.get("guide"):
            self.answered_questions.add((before.get("guide"), before.get("question")))
        if moved and turn.last_text:
            self.shown.setdefault(guide_point(now), turn.last_text)


# ---- the judges: each returns why the expectation fails, or None when it holds

Judge = Callable[[Turn, Context, dict], "str | None"]


def family_of(turn: Turn) -> str:
    form = turn.after.form
    if form == "report_form":
        return "report"
    if form == "guide_form":
        return GUIDE_FAMILY.get(turn.after.state(form).get("guide"), "?")
    return FAMILY.get(turn.after.intent, "?")


def family(name: str) -> Judge:
    def judge(turn: Turn, context: Context, gold: dict) -> str | None:
        if turn.unheard:
            return turn.unheard
        got = family_of(turn)
        return None if got == name else f"family {got} ({turn.after.intent})"
    return judge


def procedure_answer(turn: Turn, context: Context, gold: dict) -> str | None:
    if turn.unheard:
        return turn.unheard
    answered = ANSWER_MARK.findall(turn.text)
    if not answered:
        return "choices, none acceptable" if offers_procedures(turn.first.messages) else "no procedure answer"
    codes = gold.get("codes")
    return None if not codes or answered[0] in codes else "another procedure answered"


def form_advances(turn: Turn, context: Context, gold: dict) -> str | None:
    form = turn.before.form
    if turn.unheard:
        return turn.unheard
    if form is None:
        return "no form open"
    if turn.final.form != form:
        return "left the form"
    if not advanced(form, turn.before.state(form), turn.final.state(form)):
        return "answer not taken (same step)"
    if form == "report_form" and declines_photo(turn.user) and "photo" not in report_fields(turn.final.state(form)):
        return "photo skip not taken"
    return "same question again" if turn.last_text == context.last_question else None


def report_created(turn: Turn, context: Context, gold: dict) -> str | None:
    if turn.unheard:
        return turn.unheard
    fresh = [code for code in turn.filed if code not in context.report_codes]
    if fresh:
        return None
    shown = {c.upper() for c in REPORT_CODE.findall(turn.text)} - context.report_codes
    return "code of another report (duplicate followed)" if shown else "no tracking code"


def form_closed(turn: Turn) -> str | None:
    """Why the turn did not close the form that was open before it, if it did not."""
    if turn.unheard:
        return turn.unheard
    if turn.before.form is None:
        return "no form open"
    if turn.final.form is not None:
        return "still in the form"
    return None if turn.text else "no reply"


def cancelled(turn: Turn, context: Context, gold: dict) -> str | None:
    problem = form_closed(turn)
    if problem:
        return problem
    if turn.filed:
        return "report filed"
    if turn.final.state(turn.before.form):
        return "progress kept (paused)"
    return None if says_any(turn.text, CANCEL_SIGNS) else "no cancellation said"


def paused(turn: Turn, context: Context, gold: dict) -> str | None:
    problem = form_closed(turn)
    if problem:
        return problem
    if not turn.final.state(turn.before.form):
        return "progress dropped"
    return None if says_any(turn.text, KEEP_SIGNS) else "set aside without saying it is kept"


def guide_continues(kept: dict, now: dict) -> bool:
    if now.get("guide") != kept.get("guide"):
        return False
    if now == kept:
        return True
    return now.get("phase") == "steps" and (kept.get("phase") == "entry" or now.get("step", 0) >= kept.get("step", 0))


def resumed(turn: Turn, context: Context, gold: dict) -> str | None:
    form = turn.final.form
    if turn.unheard:
        return turn.unheard
    if form is None:
        return "no form open after the turn"
    kept, now = turn.before.state(form), turn.final.state(form)
    if not kept:
        return "nothing kept to resume"
    if form == "report_form":
        return None if report_fields(kept) <= report_fields(now) else "draft lost"
    if not guide_continues(kept, now):
        return "guide restarted or changed"
    shown = context.shown.get(guide_point(now))
    if now == kept and shown and shown not in turn.text:
        return "step not shown again"
    return None


def handoff(turn: Turn, context: Context, gold: dict) -> str | None:
    if turn.unheard:
        return turn.unheard
    if not turn.handoff_after:
        return "no handoff open"
    if turn.handoff_before:
        return "handoff was already open"
    return None if turn.text else "no reply"


def back_to_bot(turn: Turn, context: Context, gold: dict) -> str | None:
    if turn.unheard:
        return turn.unheard
    if not turn.handoff_before:
        return "no handoff to come back from"
    if turn.handoff_after:
        return "still with staff"
    return None if turn.text else "no reply"


def language(text: str) -> str | None:
    words = re.findall(r"\w+", lowered(text))
    vi, en = sum(w in VI_WORDS for w in words), sum(w in EN_WORDS for w in words)
    if vi != en:
        return "vi" if vi > en else "en"
    marked = sum(any(unicodedata.combining(c) or c == "đ" for c in unicodedata.normalize("NFD", w)) for w in words)
    return "vi" if words and marked >= len(words) / 5 else None


def reply_in(wanted: str) -> Judge:
    def judge(turn: Turn, context: Context, gold: dict) -> str | None:
        if turn.unheard:
            return turn.unheard
        if not turn.text:
            return "no reply"
        got = language(turn.text)
        return None if got == wanted else f"reply in {got or 'unclear language'}"
    return judge


def repeated_report_question(turn: Turn, context: Context) -> str | None:
    if turn.after.form != "report_form":
        return None
    now = report_fields(turn.after.state("report_form"))
    lost = context.report_given - now
    if lost:
        return f"asked again for {'/'.join(sorted(lost))}"
    asks_location = {"category", "description"} <= now and "location" not in now
    return "asked again for the location" if asks_location and context.place_named else None


def repeated_guide_question(turn: Turn, context: Context) -> str | None:
    if turn.after.form != "guide_form":
        return None
    progress = turn.after.state("guide_form")
    if not progress.get("guide") and context.guide:
        return "asked which guide again"
    asked = (progress.get("guide"), progress.get("question"))
    return "entry question asked again" if progress.get("phase") == "entry" and asked in context.answered_questions \
        else None


def repeated_procedure_question(turn: Turn, gold: dict) -> str | None:
    in_context = turn.before.slot("last_procedure_code")
    if not in_context:
        return None
    answered = ANSWER_MARK.findall(turn.first_text)
    if not answered:
        return "procedure choices offered again" if offers_procedures(turn.first.messages) else None
    return None if answered[0] in (gold.get("codes") or [in_context]) else "switched to another procedure"


def repeated_receipt_question(turn: Turn) -> str | None:
    if not turn.before.slot("dossier_receipt"):
        return None
    asked = any(gettext_for(lang)(ASK_RECEIPT) in turn.first_text for lang in ("vi", "en"))
    return "asked for the receipt number again" if asked else None


def no_repeat(turn: Turn, context: Context, gold: dict) -> str | None:
    if turn.unheard:
        return turn.unheard
    return (repeated_report_question(turn, context) or repeated_guide_question(turn, context)
            or repeated_procedure_question(turn, gold) or repeated_receipt_question(turn))


def polite_decline(turn: Turn, context: Context, gold: dict) -> str | None:
    if turn.unheard:
        return turn.unheard
    if not turn.first_text:
        return "no reply"
    if not says_any(turn.first_text, DECLINE_SIGNS):
        return "no refusal said"
    if ANSWER_MARK.search(turn.first_text) or offers_procedures(turn.first.messages):
        return "procedure answer or choices"
    if turn.after.form:
        return f"started {turn.after.form}"
    return "handed over" if turn.handoff_after and not turn.handoff_before else None


JUDGES: dict[str, Judge] = {
    "procedure_answer": procedure_answer, "form_advances": form_advances, "report_created": report_created,
    "cancelled": cancelled, "paused": paused, "resumed": resumed, "handoff": handoff, "back_to_bot": back_to_bot,
    "english_reply": reply_in("en"), "vietnamese_reply": reply_in("vi"), "no_repeat": no_repeat,
    "polite_decline": polite_decline,
}


def judge_for(expectation: str) -> Judge:
    if expectation.startswith("family:"):
        return family(expectation.split(":", 1)[1])
    return JUDGES[expectation]


# ---- playing and reporting


def play(stack: Stack, scenario: dict) -> list[dict]:
    """Every turn of the scenario, judged: {turn, user, sent, verdicts, replies, ...} per turn."""
    resident = Resident(stack)
    resident.says("/greet")  # what the chat page sends when it opens
    context, before, handed = Context(), resident.snapshot(), resident.handed_over()
    results = []
    for number, gold in enumerate(scenario["turns"], 1):
        turn = resident.turn(gold, before, handed)
        verdicts = {expectation: judge_for(expectation)(turn, context, gold) for expectation in gold["expect"]}
        results.append(record(scenario, number, turn, verdicts))
        context.remember(turn)
        before, handed = turn.final, turn.handoff_after
    resident.close_reports()
    return results


def record(scenario: dict, number: int, turn: Turn, verdicts: dict[str, str | None]) -> dict:
    return {
        "scenario": scenario["id"], "split": scenario["split"], "kind": scenario["kind"], "turn": number,
        "user": turn.user, "sent": turn.sent, "verdicts": verdicts, "ok": not any(verdicts.values()),
        "intent": turn.after.intent, "family": family_of(turn), "held": turn.first.held, "error": turn.first.error,
        "form_before": turn.before.form, "form_after": turn.final.form,
        "state_after": {form: turn.final.state(form) for form in FORM_STATE if turn.final.state(form)},
        "handoff_before": turn.handoff_before, "handoff_after": turn.handoff_after,
        "replies": [{"text": m.get("text") or "", "buttons": [b.get("title") for b in m.get("buttons") or []]}
                    for m in turn.replies],
    }


def report(scenarios: list[dict], turns: list[dict], show_failures: bool) -> None:
    succeeded = {s["id"]: all(t["ok"] for t in turns if t["scenario"] == s["id"]) for s in scenarios}
    print(f"{len(scenarios)} scenarios, {len(turns)} turns\n")
    print("| kind | scenarios | success |\n|---|---|---|")
    for kind in dict.fromkeys(s["kind"] for s in scenarios):
        of_kind = [succeeded[s["id"]] for s in scenarios if s["kind"] == kind]
        print(f"| {kind} | {len(of_kind)} | {share(of_kind)} |")
    print(f"| **all** | {len(scenarios)} | {share(list(succeeded.values()))} |")
    print(f"\nturns with every expectation met: {share([t['ok'] for t in turns])}\n")
    outcomes: dict[str, list[bool]] = {}
    for t in turns:
        for expectation, why in t["verdicts"].items():
            outcomes.setdefault(expectation, []).append(why is None)
    families = [ok for name, oks in outcomes.items() if name.startswith("family:") for ok in oks]
    print("| expectation | n | pass |\n|---|---|---|")
    for name in sorted(outcomes):
        print(f"| {name} | {len(outcomes[name])} | {share(outcomes[name])} |")
    print(f"| family (all) | {len(families)} | {share(families)} |")
    if show_failures:
        print_failures(turns)


def print_failures(turns: list[dict]) -> None:
    causes = Counter((name, why) for t in turns for name, why in t["verdicts"].items() if why)
    print("\n| failed expectation | why | turns |\n|---|---|---|")
    for (name, why), count in causes.most_common():
        print(f"| {name} | {why} | {count} |")
    print()
    for t in turns:
        failed = {name: why for name, why in t["verdicts"].items() if why}
        if failed:
            said = " / ".join(r["text"][:160].replace("\n", " ") for r in t["replies"]) or "(nothing)"
            print(f"  {t['scenario']}.{t['turn']} {t['user']!r} [{t['intent']}, form {t['form_before']}->"
                  f"{t['form_after']}] failed {failed}\n      -> {said}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("test", "dev", "both", "practice", "holdout"), default="test")
    parser.add_argument("--set", type=Path, default=SET, help="scenario file (default: the blind set; "
                        f"{PRACTICE.name} holds the practice scenarios, split 'practice')")
    parser.add_argument("--only", nargs="+", metavar="ID", help="these scenario ids only")
    parser.add_argument("--show-failures", action="store_true")
    parser.add_argument("--json", metavar="OUT", type=Path, help="write every judged turn here")
    args = parser.parse_args()
    scenarios = [s for s in yaml.safe_load(args.set.read_text("utf-8"))["scenarios"]
                 if (args.split == "both" or s["split"] == args.split) and (not args.only or s["id"] in args.only)]
    with ExitStack() as stack_scope:
        tmp = Path(stack_scope.enter_context(tempfile.TemporaryDirectory()))
        servers = stack_scope.enter_context(stack(tmp))
        Resident(servers).says("xin chào")  # the first message of a fresh Rasa is slow (lazy set-up)
        turns = [t for scenario in scenarios for t in play(servers, scenario)]
    report(scenarios, turns, args.show_failures)
    if args.json:
        args.json.write_text(json.dumps(turns, ensure_ascii=False, indent=1), "utf-8")


if __name__ == "__main__":
    main()
