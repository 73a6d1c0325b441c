"""Greetings, menu, thanks, language switch, out-of-scope and fallback replies."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import language_of, main_menu_buttons, translator
from localization import gettext_for


class ActionGreet(Action):
    def name(self) -> str:
        return "action_greet"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[Dict[str, Any]]:
        _ = translator(tracker)
        dispatcher.utter_message(
            text=_(
                "Xin chào! Tôi là trợ lý ảo hỗ trợ người dân về thủ tục hành chính, "
                "tra cứu hồ sơ, phản ánh hiện trường và hướng dẫn VNeID. Bạn cần giúp gì?"
            ),
            buttons=main_menu_buttons(_),
        )
        return []


class ActionMenu(Action):
    def name(self) -> str:
        return "action_menu"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[Dict[str, Any]]:
        _ = translator(tracker)
        dispatcher.utter_message(
            text=_(
                "Tôi có thể giúp bạn những việc sau. Bạn chọn một mục, "
                "hoặc gõ câu hỏi, ví dụ: “đăng ký tạm trú cần giấy tờ gì”."
            ),
            buttons=main_menu_buttons(_),
        )
        return []


class ActionGoodbye(Action):
    def name(self) -> str:
        return "action_goodbye"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[Dict[str, Any]]:
        _ = translator(tracker)
        dispatcher.utter_message(text=_("Chào bạn, chúc bạn một ngày tốt lành! Cần gì bạn cứ nhắn lại nhé."))
        return []


class ActionThank(Action):
    def name(self) -> str:
        return "action_thank"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[Dict[str, Any]]:
        _ = translator(tracker)
        dispatcher.utter_message(text=_("Không có gì ạ. Bạn cần hỏi thêm gì cứ nhắn nhé."))
        return []


class ActionAcknowledge(Action):
    """A yes or no that answers nothing in particular: offer the menu again."""

    def name(self) -> str:
        return "action_acknowledge"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[Dict[str, Any]]:
        _ = translator(tracker)
        dispatcher.utter_message(text=_("Vâng. Bạn cần tôi giúp gì thêm không?"), buttons=main_menu_buttons(_))
        return []


class ActionBotChallenge(Action):
    def name(self) -> str:
        return "action_bot_challenge"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[Dict[str, Any]]:
        _ = translator(tracker)
        dispatcher.utter_message(
            text=_(
                "Tôi là trợ lý ảo (chatbot), không phải cán bộ. Thông tin thủ tục tôi đưa ra lấy từ "
                "Cơ sở dữ liệu quốc gia về thủ tục hành chính. Khi cần, bạn có thể yêu cầu gặp cán bộ."
            )
        )
        return []


class ActionOutOfScope(Action):
    def name(self) -> str:
        return "action_out_of_scope"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[Dict[str, Any]]:
        _ = translator(tracker)
        dispatcher.utter_message(
            text=_(
                "Xin lỗi, câu này nằm ngoài phạm vi tôi hỗ trợ. Tôi chỉ giúp về thủ tục hành chính, "
                "hồ sơ, phản ánh hiện trường và hướng dẫn VNeID, chữ ký số."
            ),
            buttons=main_menu_buttons(_),
        )
        return []


class ActionFallback(Action):
    """Low confidence: say so honestly, offer the menu and a person."""

    def name(self) -> str:
        return "action_fallback"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[Dict[str, Any]]:
        _ = translator(tracker)
        dispatcher.utter_message(
            text=_(
                "Xin lỗi, tôi chưa hiểu rõ ý bạn. Bạn có thể nói rõ hơn (ví dụ: “làm căn cước cần gì”), "
                "chọn một mục bên dưới, hoặc yêu cầu gặp cán bộ."
            ),
            buttons=main_menu_buttons(_),
        )
        return []


class ActionRateAnswer(Action):
    def name(self) -> str:
        return "action_rate_answer"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[Dict[str, Any]]:
        _ = translator(tracker)
        dispatcher.utter_message(text=_("Cảm ơn bạn đã góp ý! Ý kiến của bạn giúp chúng tôi trả lời tốt hơn."))
        return []


class ActionChangeLanguage(Action):
    """Switch between Vietnamese and English; with no language named, toggle."""

    def name(self) -> str:
        return "action_change_language"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[Dict[str, Any]]:
        wanted = next(tracker.get_latest_entity_values("language"), None)
        if wanted not in ("vi", "en"):
            wanted = "vi" if language_of(tracker) == "en" else "en"
        _ = gettext_for(wanted)
        dispatcher.utter_message(text=_("Đã chuyển sang tiếng Việt."), buttons=main_menu_buttons(_))
        return [SlotSet("language", wanted)]
