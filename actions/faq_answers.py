"""Answers from the FAQ entries staff keep (knowledge/faq.py), for questions that are not one procedure.

Tried after a procedure search that found no clear answer, and before saying
"out of scope" or "I did not understand": a general question ("còn quận
không?") is often classified as either. In English when the conversation is and
staff wrote an English answer; in Vietnamese otherwise.
"""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import language_of, main_menu_buttons, translator, user_text
from knowledge.faq import MIN_WORDS
from knowledge.service import knowledge_base
from vietnamese_text import match_key


def answered_from_faq(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    text = user_text(tracker)
    if len(match_key(text).split()) < MIN_WORDS:  # "???", "ok": no FAQ phrasing is that short
        return False
    faq = knowledge_base().faq(text)
    if faq is None:
        return False
    dispatcher.utter_message(text="\n".join([faq.answer_in(language_of(tracker)), *faq.links]),
                             buttons=main_menu_buttons(translator(tracker)))
    return True
