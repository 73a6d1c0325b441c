"""A step-by-step guide (VNeID level 2, personal digital signature) as plain state and moves.

Progress is a small dict kept in the `guide_progress` slot, so a resident who
stops, or comes back days later on the same channel, resumes at the same place:
{"guide": id, "phase": "entry" | "steps", "question": entry question id, "step": n}.
Typed commands are read on folded text ("xong", "quay lai", "buoc 3", "bi loi"), and
short answers by `vietnamese_text.replies` ("có rồi", "chưa", "để tối làm tiếp"),
the same reading as the report form's; anything else is looked up in the guide's
troubleshooting entries. A message the guide cannot use twice in a row adds a way
out (come back later, stop, a staff member) to the answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Dict, List, Optional, Tuple

from actions.way_out import way_out_buttons
from knowledge.guides import guide as find_guide
from knowledge.guides import match_trouble
from knowledge.guides.model import STEPS, Answer, EntryQuestion, Guide, Step, Trouble
from localization import N_, gettext_for
from vietnamese_text import fold
from vietnamese_text.normalize import match_key
from vietnamese_text.replies import Reply, asks_to_resume, leading_reply, read_reply

Buttons = List[Dict[str, str]]
Message = Tuple[str, Buttons]

NEXT = {"xong", "xong buoc tiep", "xong, buoc tiep", "buoc tiep", "tiep", "tiep theo", "roi", "xong roi", "ok", "oke",
        "duoc roi", "/affirm", "next", "done"}
BACK = {"quay lai", "lui lai", "buoc truoc", "back"}
# "dừng", "để tối về làm tiếp": set aside, the progress kept; "hủy", "thôi khỏi": the guide is dropped (the same
# words do the same to a report)
STUCK = {"toi bi loi", "bi loi", "loi", "khong duoc", "ko duoc", "k dc", "ko dc", "error", "toi bi ket", "bi ket"}
RESTART = {"lam lai tu dau", "bat dau lai", "lam lai", "restart"}
JUMP = re.compile(r"^(?:buoc|b|step)\s*(\d{1,2})$")
MISSES_BEFORE_WAY_OUT = 2
# Words of a message that reports something going wrong (folded); without any, an unknown message is no problem.
PROBLEM_WORDS = {"loi", "error", "sai", "hong", "bi", "ket", "treo", "vang", "quen", "mat", "khoa", "fail", "failed",
                 "that", "van", "sao", "gi", "j", "?"}
PROBLEM_PHRASES = ("khong duoc", "ko duoc", "k duoc", "khong dc", "ko dc", "k dc", "khong nhan", "ko nhan",
                   "khong vao", "ko vao", "khong hien", "ko hien", "khong co", "chua nhan", "het han", "khong the")
# "… rồi", "xong": something done; with a step's `done` words, that step ("app cài r"), and with words that go on
# ("tiếp sao", "bước đó", "làm theo"), the step on screen ("ok e làm theo r, tiếp sao ad"). Never with a negation
# or an error word: "cài app rồi mà không mở được" is a problem.
_DONE_WORDS = {"roi", "xong", "da", "done", "finished", "installed", "downloaded", "did"}
_GO_ON = ("tiep", "sao nua", "gi nua", "lam gi", "buoc do", "buoc nay", "lam theo", "next", "what now", "what next",
          "then what")
_NOT_DONE = {"khong", "chua", "loi", "error", "sai", "fail", "failed", "hong", "van", "not", "never", "cant"}
POLARITY = {"co": Reply.YES, "roi": Reply.YES, "da": Reply.YES, "yes": Reply.YES,
            "chua": Reply.NO, "khong": Reply.NO, "no": Reply.NO}  # an entry answer's label by its first word

STEP_HEADER = N_("Bước {number}/{total}: {title}")
SOURCE = N_("Nguồn: {url}")
ASK_WHAT_ERROR = N_("Bạn gặp lỗi gì? Bạn gõ ngắn gọn, ví dụ: “không nhận được mã OTP”, “quên passcode”.")
NOT_AN_ANSWER = N_("Tôi chưa dùng được tin này ở bước hiện tại. Bạn làm theo bước dưới đây, gặp lỗi thì chọn “Tôi bị "
                   "lỗi”.")
NO_FIX = N_("Tôi chưa có cách xử lý cho lỗi này. Bạn thử gõ ngắn hơn, hoặc chọn “Gặp cán bộ” để được hỗ trợ.")
IN_PERSON = N_("Nếu vẫn không được: {where}")
FINISHED = N_("Bạn đã làm xong tất cả các bước của hướng dẫn “{title}”. Chúc mừng bạn!")
CANCELLED = N_("Đã hủy hướng dẫn “{title}”. Khi cần, bạn nhắn tên hướng dẫn để bắt đầu lại.")
STOPPED = N_("Đã tạm dừng ở bước {number}. Khi muốn làm tiếp, bạn nhắn “tiếp tục hướng dẫn”.")
STOPPED_BEFORE_STEPS = N_("Đã tạm dừng, tôi lưu câu trả lời của bạn. Khi muốn làm tiếp, bạn nhắn “tiếp tục hướng dẫn”.")
RESUMING = N_("Tiếp tục hướng dẫn “{title}” từ chỗ bạn dừng lại.")
COME_BACK = N_("Khi đã sẵn sàng, bạn trả lời lại câu hỏi trên để làm tiếp. Chưa làm được ngay thì chọn “Để sau”: "
               "tôi lưu chỗ này, lúc nào rảnh bạn nhắn “tiếp tục hướng dẫn”.")
TROUBLE_FIRST = N_("Nếu muốn làm lại từ đầu, bạn đi theo hướng dẫn dưới đây.")
# An answer to another entry question than the one asked ("có cccd chip rồi" at "đã đăng ký chưa?"): kept, and the
# question comes back with a word saying so, not alone as if the message had been ignored
NOTED_ASK_AGAIN = N_("Vâng, tôi đã ghi nhận. Bạn trả lời giúp tôi câu hỏi này nữa nhé:")
NO_SUCH_STEP = N_("Hướng dẫn này có {total} bước, bạn chọn từ 1 đến {total}.")
OPENING = N_("Hướng dẫn “{title}”: {total} bước, làm trên điện thoại của bạn. Bạn có thể dừng bất cứ lúc nào và "
             "làm tiếp sau.")
OFFICIAL_PROCEDURE = N_("Thủ tục chính thức: {name} (mã {code}).")
WAY_OUT = N_("Tôi vẫn chưa hiểu. Bạn chọn một nút ở trên, hoặc để hướng dẫn lại làm sau, dừng hẳn, hay nhờ cán bộ "
             "giúp.")


@dataclass
class GuideOutcome:
    progress: Optional[Dict[str, Any]]  # None once the guide is over
    messages: List[Message] = field(default_factory=list)
    closed: Optional[str] = None  # "finished" | "stopped" | "cancelled"
    understood: bool = True  # False: the message was no answer, no command and no known problem


def start(guide: Guide, text: str = "") -> Dict[str, Any]:
    """A guide's first state; what the opening message already says ("công an nhắn đã duyệt rồi") is taken as
    the answer to its question, so that question is not asked."""
    if not guide.entry_questions:
        return {"guide": guide.id, "phase": "steps", "question": None, "step": 1}
    progress = {"guide": guide.id, "phase": "entry", "question": guide.entry_questions[0].id, "step": 1}
    words = match_key(text)
    told = {q.id: a.label.vi for q in guide.entry_questions
            if (a := _typed_as(list(q.answers), words)) is not None and a.stop_with is None}
    done = _done_step(guide, text) if text else None
    progress = {**progress, "done": done} if done is not None else progress
    return _at_next_question(guide, {**progress, "answers": told}) if told else progress


def opening(progress: Dict[str, Any], language: str, procedure_name: Optional[str] = None) -> List[Message]:
    """The first messages of a guide: which guide this is and how long it is (and the catalogue procedure it
    walks through, when the caller found its name), then where it starts."""
    guide = find_guide(progress["guide"])
    _ = gettext_for(language)
    intro = _(OPENING).format(title=guide.title.get(language), total=len(guide.steps))
    if procedure_name and guide.procedure:
        intro += "\n" + _(OFFICIAL_PROCEDURE).format(name=procedure_name, code=guide.procedure)
    return [(intro, [])] + current(progress, language)


def current(progress: Dict[str, Any], language: str) -> List[Message]:
    """What the resident should see now: the entry question or the step, with its buttons."""
    guide = find_guide(progress["guide"])
    _ = gettext_for(language)
    if progress["phase"] == "entry":
        question = guide.question(progress["question"])
        return [(question.text.get(language), [{"title": a.label.get(language), "payload": a.label.get(language)}
                                                for a in question.answers])]
    return [_step_message(guide, guide.step(progress["step"]), _, language)]


def stopped_text(progress: Dict[str, Any], language: str) -> str:
    """Where the guide waits and how to go on with it: said when it is paused or set aside for another answer."""
    _ = gettext_for(language)
    return _(STOPPED).format(number=progress["step"]) if progress["phase"] == "steps" else _(STOPPED_BEFORE_STEPS)


def move(progress: Dict[str, Any], text: str, language: str) -> GuideOutcome:
    """Apply one message of the resident to the guide."""
    guide = find_guide(progress["guide"])
    _ = gettext_for(language)
    key, said = fold(text).strip(" .!?"), _said(text)
    misses, after_trouble = progress.get("misses", 0), progress.get("trouble", False)
    progress = {k: v for k, v in progress.items() if k not in ("misses", "trouble")}
    if said is Reply.CANCEL:
        return GuideOutcome({}, [(_(CANCELLED).format(title=guide.title.get(language)), [])], closed="cancelled")
    if said is Reply.PAUSE:
        return GuideOutcome(progress, [(stopped_text(progress, language), [])], closed="stopped")
    if key in RESTART:
        progress = start(guide)
        return GuideOutcome(progress, current(progress, language))
    if progress["phase"] == "entry":
        outcome = _answer_entry(guide, progress, text, key, said or leading_reply(text), language)
    else:
        outcome = _move_in_steps(guide, progress, text, key, said, language, after_trouble)
    return outcome if outcome.understood else _missed(outcome, misses, _)


def understands(progress: Dict[str, Any], text: str) -> bool:
    """Whether the guide has a move for this text (a command, an answer, a known problem)."""
    guide = find_guide(progress["guide"])
    key, said = fold(text).strip(" .!?"), _said(text)
    if key in RESTART or said is not None:
        return True
    if progress["phase"] == "entry":  # a problem told here is answered only if no other feature is sure of it
        return bool(_answers_in(guide, progress, text, said or leading_reply(text))) \
            or _done_step(guide, text) is not None
    return (key in NEXT | BACK | STUCK or JUMP.match(key) is not None
            or _done_step(guide, text, progress.get("step")) is not None
            or match_trouble(guide, text, progress.get("step")) is not None or bool(_answers_in(guide, progress, text)))


def tells_a_problem(progress: Dict[str, Any], text: str) -> bool:
    """Whether the text names a problem the guide has a fix for ("không nhận được mã OTP")."""
    return match_trouble(find_guide(progress["guide"]), text, progress.get("step")) is not None


def opening_with_trouble(progress: Dict[str, Any], text: str, language: str,
                         procedure_name: Optional[str] = None) -> List[Message]:
    """A guide asked for with a problem ("ký số báo lỗi chứng thư không hợp lệ"): the fix first, then the guide."""
    trouble = match_trouble(find_guide(progress["guide"]), text)
    if trouble is None:
        return opening(progress, language, procedure_name)
    _ = gettext_for(language)
    return [_trouble_message(trouble, _, language, with_buttons=False), (_(TROUBLE_FIRST), [])] \
        + opening(progress, language, procedure_name)


def _said(text: str) -> Optional[Reply]:
    """The short answer, or RESUME for a longer "được duyệt rồi, tiếp tục kích hoạt vneid nha"."""
    said = read_reply(text)
    return Reply.RESUME if said is None and asks_to_resume(text) else said


def _missed(outcome: GuideOutcome, misses: int, _) -> GuideOutcome:
    """The guide could not use the message: the second time in a row, offer a way out with the answer."""
    misses += 1
    outcome.progress = {**outcome.progress, "misses": misses}
    if misses >= MISSES_BEFORE_WAY_OUT:
        outcome.messages.append((_(WAY_OUT), way_out_buttons(_, _("Dừng hướng dẫn"))))
    return outcome


def resume_messages(progress: Dict[str, Any], language: str) -> List[Message]:
    title = find_guide(progress["guide"]).title.get(language)
    return [(gettext_for(language)(RESUMING).format(title=title), [])] + current(progress, language)


def _answers_in(guide: Guide, progress: Dict[str, Any], text: str, said: Optional[Reply] = None
                ) -> Dict[str, Answer]:
    """The entry answers a message gives, by question: any question's answer in its own words ("căn cước gắn chip
    có lâu rồi" while asked about registration); the question asked also by its label typed or tapped, by the
    label sharing clearly the most words, by 1/2/3, or, when nothing else was said, by a bare yes or no."""
    key, words = fold(text).strip(" .!?"), match_key(text)
    found = {q.id: answer for q in guide.entry_questions
             if (answer := _typed_as(list(q.answers), words)) is not None}
    asked = guide.question(progress["question"]) if progress.get("phase") == "entry" else None
    if asked is not None:
        own = _tapped(asked, key) or found.get(asked.id) or _most_words_shared(list(asked.answers), words)
        if own is None and not found and said in (Reply.YES, Reply.NO):
            own = next((a for a in asked.answers if _polarity(a) is said), None)
        if own is not None:
            found[asked.id] = own
    return found


def _tapped(question: EntryQuestion, key: str) -> Optional[Answer]:
    answers = question.answers
    chosen = next((a for a in answers if key in (fold(a.label.vi), fold(a.label.en))), None)
    if chosen is None and key in ("1", "2", "3") and int(key) <= len(answers):
        chosen = answers[int(key) - 1]
    return chosen


def _chosen(question: EntryQuestion, answers: Dict[str, str]) -> Optional[Answer]:
    label = answers.get(question.id)
    return next((a for a in question.answers if a.label.vi == label), None)


def _where_answers_lead(guide: Guide, answers: Dict[str, str], skipped: List[str]
                        ) -> Tuple[Optional[EntryQuestion], Optional[Answer], int]:
    """Follow the answers from the first question: (the question to ask, or None for the steps; the answer that
    stops the guide there, if any; the step to start at). A question the resident went past without answering
    is stepped over to the first question every way on from it reaches (the phone, past "registered?"), and
    asked once the others are answered: told something else, the resident did not refuse it ("đăng ký rồi, có
    tin nhắn duyệt" at "Android or iPhone?" is the registration, and the phone is still to be said)."""
    for question in guide.entry_questions:  # "thẻ cũ không có chip" said anywhere: nothing goes on without it
        chosen = _chosen(question, answers)
        if chosen is not None and chosen.stop_with is not None:
            return question, chosen, 1
    question, start, pending = guide.entry_questions[0], 1, None
    while True:
        chosen = _chosen(question, answers)
        if chosen is None:
            passed = question.optional and question.id in answers  # passed by: never asked again
            following = _common_next(guide, question) if question.id in skipped or passed else None
            if following is None:
                return question, None, start
            pending = pending or (None if passed else question)
        else:
            start, following = max(start, chosen.start_step), chosen.next
        if following == STEPS:
            return pending, None, start
        question = guide.question(following)


def _common_next(guide: Guide, question: EntryQuestion) -> Optional[str]:
    """The first question (or the steps) that every answer going on from `question` leads to."""
    ways = [_reached(guide, answer.next) for answer in question.answers if answer.stop_with is None]
    common = set.intersection(*ways) if ways else set()
    return next((q.id for q in guide.entry_questions if q.id in common), STEPS if ways else None)


def _reached(guide: Guide, following: str) -> set:
    """The questions an answer's `next` leads to, whatever is answered on the way (`next` only points down)."""
    if following == STEPS:
        return set()
    question = guide.question(following)
    return {following}.union(*(_reached(guide, a.next) for a in question.answers if a.stop_with is None))


def _at_next_question(guide: Guide, progress: Dict[str, Any]) -> Dict[str, Any]:
    asked, stop, start_step = _where_answers_lead(guide, progress.get("answers", {}), progress.get("skipped", []))
    if asked is None:  # the steps, from where the answers lead or after a step said done before them
        start_step = min(max(start_step, progress.get("done", 0) + 1), len(guide.steps))
        return {k: v for k, v in progress.items() if k not in ("skipped", "done")} | {
            "phase": "steps", "question": None, "step": start_step}
    return {**progress, "question": asked.id}


def _typed_as(answers: List[Answer], words: str) -> Optional[Answer]:
    """The answer one of whose typed phrasings the message (`match_key` words) holds. A phrasing inside a longer
    one found does not count ("chưa có kết quả" is waiting, though it holds "có kết quả"); of the rest, the one
    said last wins ("đăng ký rồi, duyệt rồi" is approved: the resident ends where they stand)."""
    said = f" {words} "
    spans = [(start, start + len(phrase), answer) for answer in answers for phrase in map(_words_of, answer.typed)
             for start in _places(said, f" {phrase} ")
             if not (_polarity(answer) is Reply.YES and _negated(said[:start]))]
    kept = _outermost(spans)
    return max(kept, key=lambda span: (span[1], span[1] - span[0]))[2] if kept else None


_NEGATION_REACH = 4  # "chưa lên công an đk mức 2": "chưa" reaches over the verb and its place to "đk mức 2"


def _negated(before: str) -> bool:
    """Whether a "chưa"/"không" a few words before a phrase denies it: "chưa lên công an đk mức 2" is no
    registration, though it holds "đk mức 2"."""
    return bool({"chua", "khong"} & set(before.split()[-_NEGATION_REACH:]))


def _outermost(spans: List[tuple]) -> List[tuple]:
    """(start, end, value) spans without those inside a longer one ("nhập xong" in "nhập xong số")."""
    return [span for span in spans
            if not any(o[0] <= span[0] and span[1] <= o[1] and o[1] - o[0] > span[1] - span[0] for o in spans)]


def _places(text: str, part: str) -> List[int]:
    found, start = [], text.find(part)
    while start >= 0:
        found.append(start)
        start = text.find(part, start + 1)
    return found


# Words every label and answer shares ("đã", "có", "rồi"): they tell no label from another.
_COMMON_WORDS = frozenset("da co chua roi hoac va la toi em minh ban thi ma nhung duoc khong".split())


@lru_cache(maxsize=4096)
def _words_of(phrase: str) -> str:
    return match_key(phrase)


def _most_words_shared(answers: List[Answer], words: str) -> Optional[Answer]:
    """The label sharing the most words (at least two) with the message; between labels sharing as many, the
    one that answers the same way ("đăng ký rồi": "Đã đăng ký...", not "Chưa đăng ký")."""
    said = words.split()
    polarity = Reply.NO if {"chua", "khong"} & set(said) else Reply.YES if {"roi", "da"} & set(said) else None
    words = set(said) - _COMMON_WORDS
    scored = sorted(((len(words & set(_words_of(a.label.vi).split())), _polarity(a) is polarity,
                      -index) for index, a in enumerate(answers)), reverse=True)
    best, runner_up = scored[0][:2], (scored[1][:2] if len(scored) > 1 else (0, False))
    return answers[-scored[0][2]] if best[0] >= 2 and best > runner_up else None


def _polarity(answer: Answer) -> Optional[Reply]:
    words = [w for w in fold(answer.label.vi).replace(",", " ").split() if w != "toi"]
    return POLARITY.get(words[0]) if words else None


def _answer_entry(guide: Guide, progress: Dict[str, Any], text: str, key: str, said: Optional[Reply],
                  language: str) -> GuideOutcome:
    question = guide.question(progress["question"])
    if said is Reply.RESUME and not question.optional:  # "à nhận được rồi, làm tiếp đi" after a detour: again
        return GuideOutcome(progress, current(progress, language))
    found = _answers_in(guide, progress, text, said)
    given = progress.get("answers", {})
    done = _done_step(guide, text)
    if done is not None and done >= len(guide.steps):  # "à được rồi, ký xong rồi" after a fix: nothing left to do
        return GuideOutcome(None, [(_finished(guide, language), [])], closed="finished")
    if done is not None:  # "cài app rồi" before the steps: they start after it once the questions are answered
        progress = {**progress, "done": max(done, progress.get("done", 0))}
    new = {qid: answer for qid, answer in found.items() if given.get(qid) != answer.label.vi or qid == question.id}
    _ = gettext_for(language)
    if not new:
        # "có thẻ căn cước gắn chip" said again is a known fact, not the chip-reading trouble it also names; "ko
        # nhận được otp" before the steps gets the fix, then the question again
        trouble = None if found else match_trouble(guide, text)
        if trouble is not None:
            return GuideOutcome(progress, [_trouble_message(trouble, _, language, with_buttons=False)]
                                + current(progress, language))
        if question.optional:  # "ok", "rồi sao nữa", a known fact again at "Android or iPhone?": on without it
            progress = _at_next_question(guide, {**progress, "answers": {**given, question.id: None}})
            return GuideOutcome(progress, current(progress, language))
        return GuideOutcome(progress, current(progress, language), understood=bool(found) or done is not None)
    skipped = progress.get("skipped", [])
    told = {q: a.label.vi for q, a in new.items()}
    if question.id not in new and question.optional:  # answered something else at "Android or iPhone?": passed by
        told = {question.id: None, **told}
    elif question.id not in new and question.id not in skipped:  # answered something else: asked again later
        skipped = [*skipped, question.id]
    progress = _at_next_question(guide, {**progress, "answers": {**given, **told},
                                         **({"skipped": skipped} if skipped else {})})
    notes = [(answer.note.get(language), []) for answer in new.values() if answer.note is not None]
    stop = _chosen(guide.question(progress["question"]), progress["answers"]) if progress["phase"] == "entry" else None
    if stop is not None and stop.stop_with is not None:  # the guide waits here ("chưa có thẻ"): answered again later
        links = "\n".join(_(SOURCE).format(url=url) for url in stop.stop_with.sources)
        return GuideOutcome(progress, notes + [(stop.stop_with.text.get(language) + ("\n" + links if links else ""),
                                                []), (_(COME_BACK), way_out_buttons(_, _("Dừng hướng dẫn")))])
    asked_again = progress["phase"] == "entry" and progress["question"] == question.id
    return GuideOutcome(progress, notes + ([(_(NOTED_ASK_AGAIN), [])] if asked_again and not notes else [])
                        + current(progress, language))


def _move_in_steps(guide: Guide, progress: Dict[str, Any], text: str, key: str, said: Optional[Reply],
                   language: str, after_trouble: bool = False) -> GuideOutcome:
    _ = gettext_for(language)
    number = progress["step"]
    jump = JUMP.match(key)
    # "làm tiếp" after a fix, "chưa" (not done yet): this step again; "ok rồi làm tiếp đi" at the step: the next
    if said is Reply.NO or (said is Reply.RESUME and (after_trouble or _done_step(guide, text, number) is None)):
        return GuideOutcome(progress, current(progress, language))
    if key in NEXT or said in (Reply.YES, Reply.SEND):
        number += 1
        if number > len(guide.steps):
            return GuideOutcome(None, [(_finished(guide, language), [])], closed="finished")
    elif key in BACK:
        number = max(1, number - 1)
    elif jump:
        wanted = int(jump.group(1))
        if not 1 <= wanted <= len(guide.steps):
            return GuideOutcome(progress, [(_(NO_SUCH_STEP).format(total=len(guide.steps)), [])])
        number = wanted
    elif key in STUCK:
        titles = [t for t in guide.troubleshooting if not t.steps or number in t.steps][:4]
        return GuideOutcome(progress, [(_(ASK_WHAT_ERROR), [{"title": t.title.get(language), "payload":
                                                            t.title.get(language)} for t in titles])])
    elif (done := _done_step(guide, text, number)) is not None:  # "app cài r", "ok e làm theo r, tiếp sao"
        number = max(number, done + 1)
        if number > len(guide.steps):
            return GuideOutcome(None, [(_finished(guide, language), [])], closed="finished")
    else:
        trouble = match_trouble(guide, text, number)
        told = _answers_in(guide, progress, text) if trouble is None else {}
        if told:  # "công an duyệt rồi" at step 1: on to where that answer starts, else this step again
            return _told_in_steps(guide, progress, told, language)
        if trouble is None and not _tells_a_problem(key):
            # "điện thoại em có nfc, iphone 13" is no error: "no fix for this error" would answer what was not said
            return GuideOutcome(progress, [(_(NOT_AN_ANSWER), [])] + current(progress, language), understood=False)
        return GuideOutcome({**progress, "trouble": True} if trouble else progress,
                            [_trouble_message(trouble, _, language)], understood=trouble is not None)
    progress = {**progress, "step": number}
    return GuideOutcome(progress, current(progress, language))


def _told_in_steps(guide: Guide, progress: Dict[str, Any], told: Dict[str, Answer], language: str) -> GuideOutcome:
    answers = {**progress.get("answers", {}), **{qid: answer.label.vi for qid, answer in told.items()}}
    _asked, _stop, start_step = _where_answers_lead(guide, answers, [q.id for q in guide.entry_questions])
    progress = {**progress, "answers": answers, "step": max(progress["step"], start_step)}
    notes = [(answer.note.get(language), []) for answer in told.values() if answer.note is not None]
    return GuideOutcome(progress, notes + current(progress, language))


def _done_step(guide: Guide, text: str, on_screen: Optional[int] = None) -> Optional[int]:
    """The last step the message says is done: by the step's own words ("nhập mã rồi"), else the step on screen
    when the message says it is done and goes on ("xong bước đó rồi", "ok làm theo r, tiếp sao"); None when it
    says nothing is done, or names a negation or an error."""
    words = match_key(text)
    said = set(words.split())
    if not said & _DONE_WORDS or said & _NOT_DONE:
        return None
    padded = f" {words} "
    spans = [(start, start + len(phrase), step.number) for step in guide.steps
             for phrase in (f" {_words_of(done)} " for done in step.done) for start in _places(padded, phrase)]
    named = [span[2] for span in _outermost(spans)]  # a phrasing inside a longer one found does not count
    if named:
        return max(named)
    return on_screen if on_screen is not None and any(f" {cue} " in padded for cue in _GO_ON) else None


def _finished(guide: Guide, language: str) -> str:
    return gettext_for(language)(FINISHED).format(title=guide.title.get(language))


def _tells_a_problem(key: str) -> bool:
    words = set(key.replace(",", " ").split())
    return bool(words & PROBLEM_WORDS) or any(phrase in key for phrase in PROBLEM_PHRASES)


def _trouble_message(trouble: Optional[Trouble], _, language: str, with_buttons: bool = True) -> Message:
    buttons = _step_buttons(_) if with_buttons else []
    if trouble is None:
        return _(NO_FIX), buttons + [{"title": _("Gặp cán bộ"), "payload": "/talk_to_staff"}]
    lines = [trouble.title.get(language), trouble.fix.get(language)]
    if trouble.in_person:
        lines.append(_(IN_PERSON).format(where=trouble.in_person.get(language)))
    lines += [_(SOURCE).format(url=url) for url in trouble.sources]
    return "\n".join(lines), buttons


def _step_message(guide: Guide, step: Step, _, language: str) -> Message:
    lines = [_(STEP_HEADER).format(number=step.number, total=len(guide.steps), title=step.title.get(language)),
             step.text.get(language)]
    if step.link:
        lines.append(f"{step.link.label.get(language)}: {step.link.url}")
    lines += [_(SOURCE).format(url=url) for url in step.sources]
    return "\n".join(lines), _step_buttons(_)


def _step_buttons(_) -> Buttons:
    return [{"title": _("Xong, bước tiếp"), "payload": "xong"}, {"title": _("Tôi bị lỗi"), "payload": "tôi bị lỗi"},
            {"title": _("Quay lại"), "payload": "quay lại"}, {"title": _("Dừng"), "payload": "dừng"}]
