"""Greetings, menu, thanks, language switch, out-of-scope and fallback replies."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from typing import Any, Callable, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import language_of, main_menu_buttons, translator, user_text
from actions.faq_answers import answered_from_faq
from actions.handoff import fallbacks_in_a_row, hand_over
from actions.procedure_answers import followed_up_in_context, taken_as_procedure_question, tells_an_urban_issue
from handoff.models import HandoffReason
from handoff.office_hours import staff_on_duty
from localization import N_, gettext_for
from storage.database import utcnow
from vietnamese_text.language import language_asked_for


class _Reply(Action, ABC):
    """A fixed reply (a Vietnamese msgid), optionally followed by the main menu."""

    action_name = ""
    with_menu = False

    @property
    @abstractmethod
    def message(self) -> str:
        """The msgid (a class attribute in subclasses)."""

    def name(self) -> Text:
        return self.action_name

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[Dict[str, Any]]:
        self.say(dispatcher, translator(tracker))
        return []

    def say(self, dispatcher: CollectingDispatcher, _: Callable[[str], str]) -> None:
        dispatcher.utter_message(text=_(self.message), buttons=main_menu_buttons(_) if self.with_menu else [])


class ActionGreet(_Reply):
    """The welcome; a channel that knows the resident's language sends `/greet{"language": "en"}`.

    "Hello" alone shows no language (Vietnamese residents type it too), so a conversation that opens with an
    English greeting gets the Vietnamese welcome and one line, in English, saying English questions are welcome."""

    action_name, with_menu = "action_greet", True
    message = N_("Xin chào! Tôi là trợ lý ảo hỗ trợ người dân về thủ tục hành chính, tra cứu hồ sơ, phản ánh hiện "
                 "trường và hướng dẫn VNeID. Bạn cần giúp gì?")
    english_too = N_("Bạn cũng có thể hỏi bằng tiếng Anh: cứ gõ câu hỏi bằng tiếng Anh.")

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[Dict[str, Any]]:
        language = next(tracker.get_latest_entity_values("language"), None)
        if language not in ("vi", "en"):
            events = super().run(dispatcher, tracker, domain)
            if _english_greeting(user_text(tracker)) and language_of(tracker) == "vi" \
                    and not tracker.get_slot("language"):
                dispatcher.utter_message(text=gettext_for("en")(self.english_too))
            return events
        self.say(dispatcher, gettext_for(language))
        return [SlotSet("language", language)]


ENGLISH_GREETINGS = frozenset({"hello", "hi", "hey", "hello there", "hi there", "good morning", "good afternoon",
                               "good evening"})


def _english_greeting(text: str) -> bool:
    return " ".join(re.findall(r"[a-z]+", text.lower())) in ENGLISH_GREETINGS


class ActionMenu(_Reply):
    action_name, with_menu = "action_menu", True
    message = N_("Tôi có thể giúp bạn những việc sau. Bạn chọn một mục, hoặc gõ câu hỏi, ví dụ: “đăng ký tạm trú "
                 "cần giấy tờ gì”.")


class ActionGoodbye(_Reply):
    action_name = "action_goodbye"
    message = N_("Chào bạn, chúc bạn một ngày tốt lành! Cần gì bạn cứ nhắn lại nhé.")


class ActionThank(_Reply):
    action_name = "action_thank"
    message = N_("Không có gì ạ. Bạn cần hỏi thêm gì cứ nhắn nhé.")


class ActionAcknowledge(_Reply):
    """A yes or no that answers nothing in particular: offer the menu again ("phí sao ạ", read as a yes after an
    answer, asks about the procedure in context)."""

    action_name, with_menu = "action_acknowledge", True
    message = N_("Vâng. Bạn cần tôi giúp gì thêm không?")

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[Dict[str, Any]]:
        return followed_up_in_context(tracker) or super().run(dispatcher, tracker, domain)


class _FaqFirst(_Reply, ABC):
    """A general question staff answered in the FAQ ("hotline tphcm là số mấy") is often classified as small
    talk or out of scope: the FAQ answer comes first, the canned reply only when none fits."""

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[Dict[str, Any]]:
        taken = followed_up_in_context(tracker)  # "ủa phải đi 2 vợ chồng hả" after an answer is no question about me
        if taken:
            return taken
        return [] if answered_from_faq(dispatcher, tracker) else super().run(dispatcher, tracker, domain)


class ActionBotChallenge(_FaqFirst):
    action_name = "action_bot_challenge"
    message = N_("Tôi là trợ lý ảo (chatbot), không phải cán bộ. Thông tin thủ tục tôi đưa ra lấy từ Cơ sở dữ liệu "
                 "quốc gia về thủ tục hành chính. Khi cần, bạn có thể yêu cầu gặp cán bộ.")


class ActionOutOfScope(_FaqFirst):
    """A question search answers outright, or a long one whose words the catalogue matches closely, is a
    procedure question the classifier misread ("em đi chơi làm mất hộ chiếu ở Vũng Tàu, giờ báo mất ở đâu":
    travel words; "bố mẹ mất không để lại di chúc… phân chia di sản ở đâu": a family story). The rest gets no
    choices ("đặt vé máy bay" would get unrelated procedures): the same rule as after a fallback, since a
    retrained classifier may put such a story on either side of the fallback threshold."""

    action_name, with_menu = "action_out_of_scope", True
    message = N_("Xin lỗi, câu này nằm ngoài phạm vi tôi hỗ trợ. Tôi chỉ giúp về thủ tục hành chính, hồ sơ, phản "
                 "ánh hiện trường và hướng dẫn VNeID, chữ ký số.")

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[Dict[str, Any]]:
        return taken_as_procedure_question(tracker, with_choices=True) or super().run(dispatcher, tracker, domain)


class ActionFallback(_Reply):
    """Low confidence: an issue told at a place is a report; a question search answers outright goes to the
    procedure answer; otherwise say so honestly, offer the menu and a person; the second time in a row, hand over
    while staff are on duty (outside office hours the bot goes on answering; "Gặp cán bộ" still opens a
    handoff, and the resident is told when staff will answer).

    Every second fallback in a row (not only the second) hands over, so that after staff close a
    handoff opened this way, two more failures open a new one.
    """

    action_name, with_menu = "action_fallback", True
    message = N_("Xin lỗi, tôi chưa hiểu rõ ý bạn. Bạn có thể nói rõ hơn (ví dụ: “làm căn cước cần gì”), chọn một "
                 "mục bên dưới, hoặc yêu cầu gặp cán bộ.")

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[Dict[str, Any]]:
        if answered_from_faq(dispatcher, tracker):
            return []
        if tells_an_urban_issue(tracker):
            return [FollowupAction("report_form")]
        taken = taken_as_procedure_question(tracker, with_choices=True)
        if taken:
            return taken
        if fallbacks_in_a_row(tracker) % 2 or not staff_on_duty(utcnow()):
            return super().run(dispatcher, tracker, domain)
        hand_over(dispatcher, tracker, HandoffReason.BOT_FAILED)
        return []


MAX_WORDS_TO_SWITCH = 8  # "English please", "cho mình nói tiếng Việt được không bạn": short requests


class ActionChangeLanguage(Action):
    """Switch between Vietnamese and English; with no language named, toggle."""

    def name(self) -> Text:
        return "action_change_language"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[Dict[str, Any]]:
        asked_for = language_asked_for(user_text(tracker))
        if len(user_text(tracker).split()) > MAX_WORDS_TO_SWITCH and not asked_for:
            # "I'm British and want to marry my Vietnamese girlfriend, what papers do we need?" names a language
            # but asks about a procedure
            taken = taken_as_procedure_question(tracker, with_choices=True)
            if taken:
                return taken
        wanted = asked_for or next(tracker.get_latest_entity_values("language"), None)
        if wanted not in ("vi", "en"):
            wanted = "vi" if language_of(tracker) == "en" else "en"
        _ = gettext_for(wanted)
        dispatcher.utter_message(text=_("Đã chuyển sang tiếng Việt."), buttons=main_menu_buttons(_))
        return [SlotSet("language", wanted)]
