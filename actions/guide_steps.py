"""A step-by-step guide (VNeID level 2, personal digital signature) as plain state and moves.

Progress is a small dict kept in the `guide_progress` slot, so a resident who
stops, or comes back days later on the same channel, resumes at the same place:
{"guide": id, "phase": "entry" | "steps", "question": entry question id, "step": n}.
Typed commands are read on folded text ("xong", "quay lai", "buoc 3", "bi loi",
"dung"); anything else is looked up in the guide's troubleshooting entries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from knowledge.guides import guide as find_guide
from knowledge.guides import match_trouble
from knowledge.guides.model import STEPS, Answer, EntryQuestion, Guide, Step
from localization import N_, gettext_for
from vietnamese_text import fold

Buttons = List[Dict[str, str]]
Message = Tuple[str, Buttons]

NEXT = {"xong", "xong buoc tiep", "xong, buoc tiep", "buoc tiep", "tiep", "tiep theo", "roi", "xong roi", "ok", "oke",
        "duoc roi", "/affirm", "next", "done"}
BACK = {"quay lai", "lui lai", "buoc truoc", "back"}
STOP = {"dung", "dung lai", "thoi", "tam dung", "stop", "huy"}
STUCK = {"toi bi loi", "bi loi", "loi", "khong duoc", "ko duoc", "k dc", "ko dc", "error", "toi bi ket", "bi ket"}
RESTART = {"lam lai tu dau", "bat dau lai", "lam lai", "restart"}
JUMP = re.compile(r"^(?:buoc|b|step)\s*(\d{1,2})$")

STEP_HEADER = N_("Bước {number}/{total}: {title}")
SOURCE = N_("Nguồn: {url}")
ASK_WHAT_ERROR = N_("Bạn gặp lỗi gì? Bạn gõ ngắn gọn, ví dụ: “không nhận được mã OTP”, “quên passcode”.")
NO_FIX = N_("Tôi chưa có cách xử lý cho lỗi này. Bạn thử gõ ngắn hơn, hoặc chọn “Gặp cán bộ” để được hỗ trợ.")
IN_PERSON = N_("Nếu vẫn không được: {where}")
FINISHED = N_("Bạn đã làm xong tất cả các bước của hướng dẫn “{title}”. Chúc mừng bạn!")
STOPPED = N_("Đã tạm dừng ở bước {number}. Khi muốn làm tiếp, bạn nhắn “tiếp tục hướng dẫn”.")
RESUMING = N_("Tiếp tục hướng dẫn “{title}” từ chỗ bạn dừng lại.")
NO_SUCH_STEP = N_("Hướng dẫn này có {total} bước, bạn chọn từ 1 đến {total}.")


@dataclass
class GuideOutcome:
    progress: Optional[Dict[str, Any]]  # None once the guide is over
    messages: List[Message] = field(default_factory=list)
    closed: Optional[str] = None  # "finished" | "stopped" | "not_eligible"


def start(guide: Guide) -> Dict[str, Any]:
    if guide.entry_questions:
        return {"guide": guide.id, "phase": "entry", "question": guide.entry_questions[0].id, "step": 1}
    return {"guide": guide.id, "phase": "steps", "question": None, "step": 1}


def current(progress: Dict[str, Any], language: str) -> List[Message]:
    """What the resident should see now: the entry question or the step, with its buttons."""
    guide = find_guide(progress["guide"])
    _ = gettext_for(language)
    if progress["phase"] == "entry":
        question = guide.question(progress["question"])
        return [(question.text.get(language), [{"title": a.label.get(language), "payload": a.label.get(language)}
                                                for a in question.answers])]
    return [_step_message(guide, guide.step(progress["step"]), _, language)]


def move(progress: Dict[str, Any], text: str, language: str) -> GuideOutcome:
    """Apply one message of the resident to the guide."""
    guide = find_guide(progress["guide"])
    _ = gettext_for(language)
    key = fold(text).strip(" .!?")
    if key in STOP:
        return GuideOutcome(progress, [(_(STOPPED).format(number=progress["step"]), [])], closed="stopped")
    if key in RESTART:
        progress = start(guide)
        return GuideOutcome(progress, current(progress, language))
    if progress["phase"] == "entry":
        return _answer_entry(guide, progress, key, language)
    return _move_in_steps(guide, progress, text, key, language)


def understands(progress: Dict[str, Any], text: str) -> bool:
    """Whether the guide has a move for this text (a command, an answer, a known problem)."""
    guide = find_guide(progress["guide"])
    key = fold(text).strip(" .!?")
    if key in STOP | RESTART:
        return True
    if progress["phase"] == "entry":
        return _entry_answer(guide.question(progress["question"]), key) is not None
    return (key in NEXT | BACK | STUCK or JUMP.match(key) is not None
            or match_trouble(guide, text, progress.get("step")) is not None)


def resume_messages(progress: Dict[str, Any], language: str) -> List[Message]:
    title = find_guide(progress["guide"]).title.get(language)
    return [(gettext_for(language)(RESUMING).format(title=title), [])] + current(progress, language)


def _entry_answer(question: EntryQuestion, key: str) -> Optional[Answer]:
    """The answer the resident chose: its label typed or tapped, or yes/no, 1/2."""
    chosen = next((a for a in question.answers if key in (fold(a.label.vi), fold(a.label.en))), None)
    if chosen is None and key in ("/affirm", "/deny", "1", "2") and len(question.answers) > 1:
        chosen = question.answers[0 if key in ("/affirm", "1") else 1]
    return chosen


def _answer_entry(guide: Guide, progress: Dict[str, Any], key: str, language: str) -> GuideOutcome:
    chosen = _entry_answer(guide.question(progress["question"]), key)
    if chosen is None:
        return GuideOutcome(progress, current(progress, language))
    if chosen.stop_with is not None:
        links = "\n".join(gettext_for(language)(SOURCE).format(url=url) for url in chosen.stop_with.sources)
        return GuideOutcome(None, [(chosen.stop_with.text.get(language) + ("\n" + links if links else ""), [])],
                            closed="not_eligible")
    if chosen.next == STEPS:
        progress = {**progress, "phase": "steps", "question": None, "step": chosen.start_step}
    else:
        progress = {**progress, "question": chosen.next}
    return GuideOutcome(progress, current(progress, language))


def _move_in_steps(guide: Guide, progress: Dict[str, Any], text: str, key: str, language: str) -> GuideOutcome:
    _ = gettext_for(language)
    number = progress["step"]
    jump = JUMP.match(key)
    if key in NEXT:
        number += 1
        if number > len(guide.steps):
            return GuideOutcome(None, [(_(FINISHED).format(title=guide.title.get(language)), [])], closed="finished")
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
    else:
        return GuideOutcome(progress, [_trouble_message(guide, text, number, _, language)])
    progress = {**progress, "step": number}
    return GuideOutcome(progress, current(progress, language))


def _trouble_message(guide: Guide, text: str, number: int, _, language: str) -> Message:
    trouble = match_trouble(guide, text, number)
    buttons = _step_buttons(_)
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
