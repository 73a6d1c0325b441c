"""Intents whose defining words are missing from the message give way to what the message is.

- `give_phone_digits`: "4 số cuối là 5678" gives the digits a dossier lookup asked for; "em bị sốt 39 độ" does
  not. The classifier learnt the intent from short messages that are mostly a number, so any number pulls
  toward it; without a group of exactly four digits the classifier's next guess is taken instead.
- `report_issue`: "xây nhà 3 tầng trong hẻm có phải xin giấy phép xây dựng hông" names what a report would
  ("xây nhà", "trong hẻm") but asks about a procedure: a message asking for papers, fees, conditions, online
  filing or the legal basis (`knowledge.question_aspects`) is a procedure question. Time and place words are
  not counted: reports say "mấy ngày nay", "tới đầu gối". Nor is a question how to file something with the ward
  ("nhà bên cạnh xây lấn qua đất nhà tôi, tôi muốn làm đơn nhờ phường hòa giải thì làm sao?"): any part asked, with a
  paper or proceeding a report never files (`_FILES_A_PROCEDURE`) and no word of reporting.

- `ask_procedure` that asks how to activate the e-ID in the app ("đã đk mức 2 … được duyệt r, giờ kích hoạt trên app
  sao?", "bao lâu mới kích hoạt dc") is the VNeID guide's (`guide_vneid`), which answers an asked aspect first.
- `continue_guide`, `check_report`, `thank`…: "ok giờ báo tiếp cái đèn đường lúc nãy", "Ok cảm ơn, giờ làm tiếp cái
  phản ánh xà bần hồi nãy nha" ask to resume a report set aside, not a guide or a filed report: a request to resume
  that names a report ("báo", "phản ánh") and no guide, with no tracking code, is `report_issue`, whose form resumes
  the draft.

- `report_issue` that tells of a report sent before and asks how it stands ("hôm trước tôi có gửi phản ánh cái ổ
  gà đường Quang Trung, giờ sao rồi ad") is a question about that report (`check_report`), not a new one.
- `talk_to_staff` that asks when somebody comes to deal with it ("mấy bữa thì có người xuống coi vậy ad") without
  asking for a person is about a report (`check_report`).
- `continue_guide` without a word of going on, of a step or of a guide ("ba bé đi làm giờ hành chính, bắt buộc ảnh
  phải có mặt hay em đi một mình được" after a procedure answer) takes the classifier's next guess.
- `check_report` that refers to no report and asks nothing about one ("đèn tín hiệu ngã tư chớp vàng hoài ko đổi
  màu" describes an issue), and `change_language` that names no language request ("I'm British and want to marry
  my Vietnamese girlfriend…" is a procedure question), take the classifier's next guess.

The next guess keeps its own confidence, so that the fallback threshold after this component still applies.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from knowledge.question_aspects import detect_aspects
from vietnamese_text import match_key
from vietnamese_text.language import written_in_english
from vietnamese_text.patterns import REPORT_CODE
from vietnamese_text.replies import asks_to_resume

DIGITS_INTENT, REPORT_INTENT, PROCEDURE_INTENT = "give_phone_digits", "report_issue", "ask_procedure"
# A request to resume a report ("Ok cảm ơn, giờ làm tiếp cái phản ánh xà bần hồi nãy nha", read as thanks) is the
# report's whatever the classifier read, but for these requests of their own.
KEPT_WHEN_RESUMING = frozenset({"report_issue", "talk_to_staff", "change_language"})
VNEID_GUIDE_INTENT = "guide_vneid"
# Activating the e-ID in the app is the guide's, not a catalogue procedure's (3.000228 is the registration)
_ACTIVATION = re.compile(r"\bkich hoat\b.*\b(?:vneid|dinh danh|muc 2|muc hai|tai khoan)\b"
                         r"|\b(?:vneid|dinh danh|muc 2)\b.*\bkich hoat\b")
_GUIDE_WORDS = re.compile(r"\b(?:vneid|dinh danh|chu ky so|cks|smartca|mysign|huong dan|kich hoat|guide)\b")
_REPORT_WORDS = re.compile(r"\b(?:phan anh|bao|report)\b")
CONTINUE_GUIDE_INTENT = "continue_guide"
# how residents ask to go on with a guide ("tiếp tục", "làm tiếp", "quay lại", "bước mấy", "đang dở", "làm nốt")
_GOING_ON = re.compile(r"\b(?:tiep|quay lai|tro lai|(?<!bat )buoc|dang do|do dang|chua xong|not"
                       r"|continue|next|step|resume)\b")
FOUR_DIGITS = re.compile(r"(?<!\d)\d{4}(?!\d)")
# what a resident files with the ward that a report is not: a petition, a mediation, a permit, a procedure
# ("không có giấy phép", "không đăng ký" describe what a report is about)
_FILES_A_PROCEDURE = re.compile(r"\b(?:lam don|viet don|nop don|hoa giai|thu tuc|khoi kien|xin phep|xin giay phep)\b")
PROCEDURE_ASPECTS = frozenset({"documents", "fee", "conditions", "online", "legal_basis"})
FOLLOW_REPORT_INTENT, LANGUAGE_INTENT = "check_report", "change_language"
# "What's the status of my report about …", "any update on my complaint"
_STATUS_OF_A_REPORT = re.compile(r"\b(?:status|progress|update|news)\w* (?:of|on|about) (?:my|the|our) "
                                 r"(?:report|complaint)\b"
                                 r"|\bwhat happened (?:to|with) (?:my|the|our) (?:report|complaint)\b")
# what a question about a report refers to or asks (a code, "phản ánh", "báo", status, progress)
# ("chưa" only after a verb of dealing with it: "sửa chưa", not "bot ăn cơm chưa")
_ABOUT_A_REPORT = re.compile(r"\b(?:phan anh|bao|pa|ma|tinh trang|xu ly|sao roi|toi dau|den dau|ket qua|theo doi"
                             r"|kiem tra|khi nao|bao gio|(?:sua|don|lam|xong|toi|xuong|coi|xem)(?: \w+)? chua|gui"
                             r"|giai quyet|report\w*|status|complain\w*|progress|happened)\b")
_LANGUAGE_REQUEST = re.compile(r"\b(?:english|tieng anh|tieng viet|ngon ngu|language|tv|ta)\b"
                               r"|\b(?:in|speak|reply|answer|write|use|switch to|talk|understand|read|no|not)"
                               r" vietnamese\b|\bvietnamese (?:please|pls|only|language)\b")
_SENT_BEFORE = re.compile(r"\b(?:da|co|vua|hom truoc|hom qua|tuan truoc|bua truoc|bua hom|thang truoc)(?: \w+){0,3} "
                          r"(?:gui|bao|phan anh)\b")
_ENGLISH_ASKS = re.compile(r"\b(?:do i|do we|does|how do|how can|how long|how soon|how much|what|where|which|can i"
                           r"|should i|must i|have to|need to)\b")
_ENGLISH_ISSUE = re.compile(r"\b(?:broken|flood\w*|trash|garbage|rubbish|nois\w*|loud|pothole\w*|block\w*|dump\w*"
                            r"|leak\w*|fallen|encroach\w*|smell\w*|sidewalk|pavement|street ?light\w*)\b")
_HOW_IT_STANDS = re.compile(r"\b(?:sao roi|the nao roi|toi dau roi|den dau roi|xu ly chua|xu ly toi dau|tinh trang"
                            r"|chua thay (?:ai|gi|xu ly))\b")


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class IntentGuards(GraphComponent):
    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> IntentGuards:
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            name = (message.get(INTENT) or {}).get("name")
            if text.startswith("/"):
                continue
            key = match_key(text)  # folded once for every guard below
            if name == DIGITS_INTENT and not FOUR_DIGITS.search(text):
                _take_next_guess(message)
            elif name == REPORT_INTENT and (detect_aspects(text) & PROCEDURE_ASPECTS or _asks_in_english(text)
                                            or _asks_how_to_file(text, key)):
                _take_instead(message, PROCEDURE_INTENT)
            elif _follows_a_report(name, text):
                _take_instead(message, FOLLOW_REPORT_INTENT)
            elif (name == FOLLOW_REPORT_INTENT and not _ABOUT_A_REPORT.search(key)) \
                    or (name == CONTINUE_GUIDE_INTENT and not _GOING_ON.search(key) and not _GUIDE_WORDS.search(key)
                        and not REPORT_CODE.search(text)) \
                    or (name == LANGUAGE_INTENT and not _LANGUAGE_REQUEST.search(key)):
                _take_next_guess(message)
            elif name not in KEPT_WHEN_RESUMING and _resumes_a_report(text):
                _take_instead(message, REPORT_INTENT)
            elif name == PROCEDURE_INTENT and _ACTIVATION.search(key):
                _take_instead(message, VNEID_GUIDE_INTENT)
        return messages


def _asks_in_english(text: str) -> bool:
    """ "I'm renting a room to a foreign friend. Do I have to declare their stay with the police?": a question about
    what to do, naming no issue in the street, is a procedure question (the English reports residents write tell
    the issue: "There's a broken street light in front of 21 Nguyen Hue")."""
    lowered = text.lower()
    return (written_in_english(text) and "?" in text and bool(_ENGLISH_ASKS.search(lowered))
            and not _ENGLISH_ISSUE.search(lowered))


def _asks_how_to_file(text: str, key: str) -> bool:
    return bool(detect_aspects(text)) and bool(_FILES_A_PROCEDURE.search(key)) and not _REPORT_WORDS.search(key)


def _resumes_a_report(text: str) -> bool:
    key = match_key(text)
    return asks_to_resume(text) and _REPORT_WORDS.search(key) is not None and not _GUIDE_WORDS.search(key) \
        and not REPORT_CODE.search(text)


def _follows_a_report(name: str, text: str) -> bool:
    """ "hôm trước tôi có gửi phản ánh …, giờ sao rồi" read as a report: a question about a report ("mấy bữa thì có
    người xuống coi", whatever it was read as, is one too: bot.nlu.explicit_requests)."""
    if name == REPORT_INTENT:
        key = match_key(text)
        told_before = bool(_SENT_BEFORE.search(key) and _HOW_IT_STANDS.search(key))
        return told_before or bool(_STATUS_OF_A_REPORT.search(key))
    return False


def _take_next_guess(message: Message) -> None:
    name = message.get(INTENT)["name"]
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != name]
    if ranking:
        message.set(INTENT, dict(ranking[0]), add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)


def _take_instead(message: Message, wanted: str) -> None:
    """`wanted` with the confidence the classifier gave its own guess, which leaves the ranking (left in it, the
    tie would read as an ambiguity to the fallback classifier)."""
    replaced, confidence = message.get(INTENT)["name"], message.get(INTENT).get("confidence")
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") not in (wanted, replaced)]
    message.set(INTENT, {"name": wanted, "confidence": confidence}, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [{"name": wanted, "confidence": confidence}, *ranking], add_to_output=True)
