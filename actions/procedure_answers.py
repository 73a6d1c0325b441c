"""Answer a resident's question about a procedure from its catalogue record.

Every fact shown (documents, fee, time, where) is read from the record; the
official code and source link close every answer. When search is not sure, the
resident chooses among at most three procedures; when nothing fits, the bot
says so, logs the question for staff, and offers a person.
"""

from __future__ import annotations

import json
import re
from typing import Any, Callable, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import language_of, main_menu_buttons, translator, user_text
from actions.faq_answers import answered_from_faq
from feedback.buttons import answer_rating_buttons
from knowledge.answer_text import full_pages, render_aspects, render_summary
from knowledge.follow_up import read_question
from knowledge.place_names import without_place_names
from knowledge.question_aspects import detect_aspects
from knowledge.reform import old_units
from knowledge.search.families import plausible, sibling_cases
from knowledge.service import knowledge_base
from storage.database import session_scope
from urban_reports.categories import describes_an_urban_issue, names_an_urban_issue
from vietnamese_text import match_key
from vietnamese_text.replies import is_a_question

Gettext = Callable[[str], str]
PROCEDURE_SLOT = "last_procedure_code"  # the procedure the conversation is about, for follow-up questions


class ActionAnswerProcedure(Action):
    action_name = "action_answer_procedure"

    def name(self) -> Text:
        return self.action_name

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[Dict[str, Any]]:
        _ = translator(tracker)
        language = language_of(tracker)
        kb = knowledge_base()
        chosen = next(tracker.get_latest_entity_values("procedure_code"), None)
        text = user_text(tracker)
        aspects = detect_aspects(text) or _payload_aspects(tracker)
        last_code = tracker.get_slot(PROCEDURE_SLOT)

        if chosen and kb.procedure(chosen):
            return self._answer(dispatcher, kb.procedure(chosen), aspects, _, language)
        if not text:
            dispatcher.utter_message(text=_("Bạn muốn hỏi thủ tục nào? Ví dụ: “đăng ký khai sinh cần giấy tờ gì”, "
                                            "“làm căn cước mất bao lâu”."))
            return []
        if tells_an_urban_issue(tracker):
            return [FollowupAction("report_form")]  # "nắp cống mất ở 120 Võ Văn Ngân": a report, not a question
        _tell_about_the_reform(dispatcher, text, _)
        # "còn lệ phí thì sao?" follows up on the procedure in context; "còn hộ chiếu?" names a new one.
        reading = read_question(kb, text, aspects, last_code if last_code and kb.procedure(last_code) else None)
        left_open = None if last_code else question_left_open(tracker)
        if left_open and (reading.result.decision == "fallback" or not without_place_names(kb.core(text))):
            # "có mất phí không", "giấy tờ của vợ em có cần dịch không" after choices nobody tapped: asked of the
            # question those choices answered
            reading = read_question(kb, f"{left_open} {text}", aspects, None)
        if reading.follow_up:
            return self._answer(dispatcher, kb.procedure(last_code), aspects, _, language)
        result = reading.result
        if result.decision == "answer":
            return self._answer(dispatcher, kb.procedure(result.hits[0].code), aspects, _, language)
        if answered_from_faq(dispatcher, tracker):  # a general question staff answered (admin: unanswered → FAQ)
            return []
        if result.decision == "clarify":
            self._clarify(dispatcher, plausible(result.hits[:3]), aspects, _, language)
            return []
        kb.log_unanswered(text, channel=(tracker.get_latest_input_channel() or "unknown"))
        dispatcher.utter_message(
            text=_("Xin lỗi, tôi chưa tìm thấy thủ tục phù hợp với câu hỏi của bạn trong cơ sở dữ liệu thủ tục "
                   "hành chính. Bạn thử nói rõ tên thủ tục (ví dụ: “đăng ký thường trú”), hoặc để tôi chuyển câu "
                   "hỏi cho cán bộ."),
            buttons=main_menu_buttons(_),
        )
        return []

    @staticmethod
    def _clarify(dispatcher: CollectingDispatcher, hits: list, aspects: set[str], _: Gettext, language: str
                 ) -> None:
        """Siblings of one family: ask which case applies, in plain words; otherwise offer the names."""
        cases = sibling_cases(hits, language, _)
        if cases:
            text = _("Thủ tục “{name}” có nhiều trường hợp. Trường hợp của bạn là:").format(
                name=_short(min((hit.name for hit, _label in cases), key=len)))
            buttons = [_choice(hit.code, label or _("Trường hợp thông thường"), aspects) for hit, label in cases]
        else:
            text = _("Ý bạn là thủ tục nào dưới đây?")
            buttons = [_choice(hit.code, hit.name, aspects) for hit in hits]
        dispatcher.utter_message(
            text=text, buttons=buttons + [{"title": _("Không phải các thủ tục trên"), "payload": "/talk_to_staff"}])

    @staticmethod
    def _answer(dispatcher: CollectingDispatcher, record: dict, aspects: set[str], _: Gettext, language: str
                ) -> List[Dict[str, Any]]:
        page = next((int(a.split(":")[1]) for a in aspects if re.fullmatch(r"full:\d+", a)), None)
        if "full" in aspects or page:
            # "Xem đầy đủ" in parts that fit every channel, each with a button to the next one.
            pages = full_pages(record, _, language)
            page = min(max(page or 1, 1), len(pages))
            buttons = ([{"title": _("Xem tiếp ({page}/{pages})").format(page=page + 1, pages=len(pages)),
                         "payload": _payload(record["code"], {f"full:{page + 1}"})}] if page < len(pages) else [])
            dispatcher.utter_message(text=pages[page - 1], buttons=buttons + answer_rating_buttons(record["code"]))
            return [SlotSet(PROCEDURE_SLOT, record["code"])]
        text = render_aspects(record, aspects, _, language) if aspects else render_summary(record, _, language)
        dispatcher.utter_message(
            text=text,
            buttons=[{"title": _("Xem đầy đủ"), "payload": _payload(record["code"], {"full"})}]
            + _other_levels(record["code"], aspects, _) + answer_rating_buttons(record["code"]),
        )
        return [SlotSet(PROCEDURE_SLOT, record["code"])]


def tells_an_urban_issue(tracker: Tracker) -> bool:
    """An issue named at a place ("nắp cống mất ở 120 Võ Văn Ngân", "đèn tín hiệu ngã tư … chớp vàng hoài"), or
    told without asking anything ("quán nhậu lấn chiếm hết vỉa hè, người đi bộ phải đi xuống lòng đường"), no
    procedure in context and no part of one asked: a report, whatever intent the classifier read."""
    text = user_text(tracker)
    asks = is_a_question(text)
    asks_a_part = bool(detect_aspects(text)) and asks  # not "người đi bộ phải đi xuống lòng đường"
    return not tracker.get_slot(PROCEDURE_SLOT) and not asks_a_part and (
        describes_an_urban_issue(text) or (not asks and names_an_urban_issue(text)))


_LETTER = re.compile(r"[^\W\d_]")


def answer_asked_aspects(dispatcher: CollectingDispatcher, tracker: Tracker, record: dict | None,
                         but: frozenset[str] = frozenset()) -> bool:
    """Answer the parts of the procedure `record` the message asks about ("định danh mức 2 bao lâu thì có": the
    time), leaving out the aspects in `but`, when it asks about any; True when it did."""
    aspects = detect_aspects(user_text(tracker)) - but
    if record is None or not aspects:
        return False
    ActionAnswerProcedure._answer(dispatcher, record, aspects, translator(tracker), language_of(tracker))
    return True


_SUBMITS = re.compile(r"\bnop(?: ho so)?(?: \w+)? o dau\b")


def followed_up_in_context(tracker: Tracker, but: frozenset[str] = frozenset()) -> List[Dict[str, Any]] | None:
    """A typed question about a part of a procedure ("phí sao ạ", "ủa phải đi 2 vợ chồng hả"), the aspects in
    `but` left out, while one is in context or choices are open, whatever small-talk intent the classifier read in
    it: the procedure answer reads it (`knowledge.follow_up` decides between the procedure in context and a new one)."""
    text = user_text(tracker)
    if text.startswith("/") or not detect_aspects(text) - but \
            or not (tracker.get_slot(PROCEDURE_SLOT) or question_left_open(tracker)):  # answered, or choices offered
        return None
    return [FollowupAction(ActionAnswerProcedure.action_name)]


def taken_as_procedure_question(tracker: Tracker, with_choices: bool = False) -> List[Dict[str, Any]] | None:
    """Hand a message to action_answer_procedure when search answers it outright, though the intent classifier
    was unsure ("bằng lái B2 hết hạn giờ đổi thì làm sao" fell back) or read a dossier request without a receipt
    number. With `with_choices` (after the fallback, not after a dossier request), also when search offers
    choices for a question of some length whose words the catalogue matches closely ("ba mẹ mất không để lại
    di chúc, 3 anh em chia nhà đất…" fell back with its record first at 0.75). Search offers choices for nearly
    anything ("thời tiết mai có mưa không", below 0.4), and choices of unrelated procedures are worse than the
    honest fallback. None: not one."""
    text = user_text(tracker)
    if not _LETTER.search(text) or text.startswith("/"):
        return None
    # "hồ sơ gồm gì vậy" after untapped choices asks for their documents; "hồ sơ của tôi tới đâu rồi" (read as a
    # "where") after a dossier request asks for the dossier's status
    # "nộp hồ sơ ở đâu" asks where to submit, even after a dossier request
    submits = _SUBMITS.search(match_key(text)) is not None
    taken = followed_up_in_context(tracker, frozenset() if with_choices or submits else frozenset({"where"}))
    if taken:
        return taken
    result = knowledge_base().search(text, k=3)
    close_choices = (with_choices and result.decision == "clarify" and result.confidence >= CHOICES_AFTER_FALLBACK
                     and len(text.split()) >= MIN_WORDS_FOR_CHOICES)
    return [FollowupAction(ActionAnswerProcedure.action_name)] if result.decision == "answer" or close_choices \
        else None


MAX_WARDS_NAMED = 8
OPEN_QUESTIONS_JOINED = 2  # earlier unanswered messages searched with a bare follow-up
# A message the classifier was unsure of gets procedure choices only when search's best matches this closely
# (blind dev messages out of scope: at most 0.36) and the message is a question of some length, not "vâng ạ".
CHOICES_AFTER_FALLBACK = 0.55
MIN_WORDS_FOR_CHOICES = 6


def _tell_about_the_reform(dispatcher: CollectingDispatcher, text: str, _: Gettext) -> None:
    """"ủy ban quận 5", "phường 10 Gò Vấp": say in one line that districts are gone and which ward serves now."""
    with session_scope() as session:
        units = old_units(text, session)
    if units is None:
        return
    if units.wards:
        wards = ", ".join(units.wards[:MAX_WARDS_NAMED]) + (", …" if len(units.wards) > MAX_WARDS_NAMED else "")
        dispatcher.utter_message(text=_(
            "Từ 1/7/2025 Thành phố Hồ Chí Minh không còn quận, huyện; nơi bạn nhắc tới nay thuộc: {wards}. Việc "
            "trước đây làm ở quận nay làm ở phường (xã) hoặc ở Thành phố.").format(wards=wards))
    else:
        dispatcher.utter_message(text=_(
            "Từ 1/7/2025 Thành phố Hồ Chí Minh không còn quận, huyện: việc trước đây làm ở quận nay làm ở "
            "phường (xã) hoặc ở Thành phố."))


def question_left_open(tracker: Tracker) -> str | None:
    """The resident's previous messages, when they were procedure questions (typed) that got no answer: the
    question and up to one more message about it ("vợ em người Thái…", "giấy tờ của vợ em có cần dịch không")."""
    said, offered = [], set()  # user events, and the indexes of those answered with procedure choices
    for event in tracker.events or []:
        if event.get("event") == "user":
            said.append(event)
        elif event.get("event") == "bot" and said and _offers_procedures(event):
            offered.add(len(said) - 1)
    said = said[:-1]
    open_questions = []
    for index in range(len(said) - 1, max(len(said) - OPEN_QUESTIONS_JOINED, 0) - 1, -1):
        earlier = said[index]
        text = earlier.get("text") or ""
        asked = ((earlier.get("parse_data") or {}).get("intent") or {}).get("name") == "ask_procedure"
        if not (asked or index in offered) or text.startswith("/"):
            break  # "em muốn sang tên sổ hồng" got choices whatever the classifier made of it
        open_questions.insert(0, text)
    return " ".join(open_questions) or None


def _other_levels(code: str, aspects: set[str], _: Gettext) -> list[dict[str, str]]:
    """Buttons to the same procedure done at another level ("Cấp lại thẻ căn cước" at the city or the ministry):
    the answer is the one nearest the resident, these are the others."""
    where = {"Cấp xã": _("Nếu làm ở phường, xã"), "Cấp tỉnh": _("Nếu làm ở cấp Thành phố (tỉnh)"),
             "Cấp bộ": _("Nếu làm ở cơ quan trung ương (Bộ)")}
    return [_choice(twin.code, where.get(twin.levels[0], twin.name) if twin.levels else twin.name, aspects)
            for twin in knowledge_base().twins(code)]


def _offers_procedures(bot_event: dict) -> bool:
    """Procedure choices (an answer's buttons name its procedure too, beside its rating)."""
    payloads = [button.get("payload") or "" for button in (bot_event.get("data") or {}).get("buttons") or []]
    return (any(p.startswith("/ask_procedure") and "procedure_code" in p for p in payloads)
            and not any(p.startswith("/rate_answer") for p in payloads))


def _payload_aspects(tracker: Tracker) -> set[str]:
    """Aspects carried by a button payload such as /ask_procedure{"procedure_aspect": "fee"}."""
    value = next(tracker.get_latest_entity_values("procedure_aspect"), None) or ""
    return {aspect for aspect in value.split(",") if aspect}


def _short(name: str) -> str:
    """An official name without its "Thủ tục" prefix and bracketed qualifiers, for a sentence."""
    name = re.sub(r"\s*\(.*?\)", "", re.sub(r"^Thủ tục\s+", "", name)).strip()
    return name[:1].lower() + name[1:]


def _choice(code: str, name: str, aspects: set[str]) -> Dict[str, str]:
    title = name if len(name) <= 80 else name[:77] + "…"
    return {"title": title, "payload": _payload(code, aspects)}


def _payload(code: str, aspects: set[str]) -> str:
    entities = {"procedure_code": code}
    if aspects:
        entities["procedure_aspect"] = ",".join(sorted(aspects))
    return "/ask_procedure" + json.dumps(entities, ensure_ascii=False)
