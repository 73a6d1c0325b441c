"""Honest placeholders for features that are not built yet.

Each says plainly that the feature is being completed and points to a real
channel instead; later work replaces these one by one.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import main_menu_buttons, translator
from localization import N_


class _ComingSoon(Action, ABC):
    action_name = ""

    @property
    @abstractmethod
    def feature(self) -> str:
        """Vietnamese msgid naming the feature (a class attribute in subclasses)."""

    def name(self) -> str:
        return self.action_name

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[Dict[str, Any]]:
        _ = translator(tracker)
        dispatcher.utter_message(
            text=_("Tính năng “{feature}” đang được hoàn thiện. Trong lúc chờ, bạn có thể gọi đường dây nóng 1022 "
                   "của TP.HCM hoặc liên hệ bộ phận một cửa của phường/xã.").format(feature=_(self.feature)),
            buttons=main_menu_buttons(_),
        )
        return []


class ActionTalkToStaff(_ComingSoon):
    action_name, feature = "action_talk_to_staff", N_("chuyển cho cán bộ")
