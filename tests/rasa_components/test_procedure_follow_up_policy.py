"""The follow-up policy as Rasa calls it: which messages go back to the procedure in context."""

import pytest
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.slots import TextSlot
from rasa.shared.core.trackers import DialogueStateTracker

from bot.dialogue.procedure_follow_up import ANSWER_ACTION, CONTEXT_SLOT, DOSSIER_SLOT, ProcedureFollowUpPolicy

SLOTS = [TextSlot(CONTEXT_SLOT, mappings=[{}], influence_conversation=False),
         TextSlot(DOSSIER_SLOT, mappings=[{}], influence_conversation=False)]


def after_a_procedure_answer(text, intent, *, receipt=False):
    entities = [{"entity": "receipt_number", "value": "000.00.31.H29-251103-0042"}] if receipt else []
    events = [ActionExecuted(ACTION_LISTEN_NAME), UserUttered("đăng ký tạm trú", {"name": "ask_procedure"}),
              ActionExecuted(ANSWER_ACTION), SlotSet(CONTEXT_SLOT, "1.004194"), ActionExecuted(ACTION_LISTEN_NAME),
              UserUttered(text, {"name": intent}, entities)]
    return DialogueStateTracker.from_events("resident", events, slots=SLOTS)


@pytest.fixture(scope="module")
def policy():
    return ProcedureFollowUpPolicy.__new__(ProcedureFollowUpPolicy)


@pytest.mark.parametrize(("text", "intent"), [
    ("mỗi bản bao nhiêu tiền", "subscribe_dossier"),        # an aspect, whatever the classifier says
    ("báo xong rồi thì làm sao nữa", "check_dossier"),       # a dossier request with no receipt number, no dossier
    ("khai thuế theo tháng hay theo quý", "subscribe_dossier"),
])
def test_messages_misread_in_a_procedure_conversation_go_back_to_it(policy, text, intent):
    assert policy._action(after_a_procedure_answer(text, intent)) == ANSWER_ACTION


@pytest.mark.parametrize(("text", "intent", "receipt"), [
    ("tra hồ sơ 000.00.31.H29-251103-0042", "check_dossier", True),
    ("cho gặp cán bộ", "talk_to_staff", False),
    ("5678", "give_phone_digits", False),
    ("cảm ơn nha", "thank", False),
])
def test_own_requests_stay_with_their_intent(policy, text, intent, receipt):
    assert policy._action(after_a_procedure_answer(text, intent, receipt=receipt)) is None
