"""Step-by-step guides as data: the dataclasses and the loading and validation of knowledge/data/guides/*.yml.

Staff edit the YAML (the files, or in the admin: `knowledge_editing.documents`), so a mistake must
fail at load time with the place named (an unknown source key, a branch to a question that does not
exist, a step without a source), never half-way through a resident's chat. Each problem has a
Vietnamese msgid for the admin and an English text for developers' logs and tests.
Sources are declared once per file under a key and cited by that key; the
dataclasses carry the resolved URLs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from knowledge_editing.document_models import InvalidDocument, parse_yaml
from localization import N_

_PROCEDURE_CODE = re.compile(r"\d\.\d{6}")

STEPS = "steps"  # the `next` value that leaves the entry questions for the steps
_ID = re.compile(r"[a-z][a-z0-9_]*")
_IMAGE_FILE = re.compile(r"[\w-]+\.(png|jpg|jpeg|webp|svg)")


class GuideError(InvalidDocument):
    """A guide that does not follow the format: `str()` is `<file>: <place>: <problem>` in English,
    `message` (with `values`) the Vietnamese msgid the admin shows."""

    def __init__(self, origin: str, place: str, message: str, english: str, **values) -> None:
        super().__init__(place, message, **values)
        self.args = (f"{origin}: {place}: {english % values}",)


@dataclass(frozen=True)
class Text:
    vi: str
    en: str

    def get(self, language: str | None) -> str:
        """The text in `language`, Vietnamese for any other language."""
        return self.en if language == "en" else self.vi


@dataclass(frozen=True)
class Source:
    url: str
    title: str


@dataclass(frozen=True)
class Stop:
    """Where an entry answer ends the guide: what to do first, and the sources saying so."""

    text: Text
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Answer:
    label: Text
    next: str | None = None  # an entry question id, or STEPS
    # the step to start at (e.g. 3 when already registered); the steps start at the latest one chosen on the way
    start_step: int = 1
    stop_with: Stop | None = None
    typed: tuple[str, ...] = ()  # how residents type this answer ("được duyệt rồi"), besides its label
    note: Text | None = None  # said when the answer is taken ("on Android, apps come from Google Play")


@dataclass(frozen=True)
class EntryQuestion:
    id: str
    text: Text
    answers: tuple[Answer, ...]
    # a question whose answer only adds a note (the phone): a message that answers nothing there passes it by
    optional: bool = False


@dataclass(frozen=True)
class Link:
    url: str
    label: Text


@dataclass(frozen=True)
class Image:
    file: str  # a file name in webapp/static/guides/
    alt: Text


@dataclass(frozen=True)
class Step:
    number: int  # from 1, in file order
    title: Text
    text: Text
    sources: tuple[str, ...]
    link: Link | None = None
    image: Image | None = None
    # what residents say they did at this step ("cài app", "nhập mã"); with "rồi"/"xong" the step is done
    done: tuple[str, ...] = ()


@dataclass(frozen=True)
class Trouble:
    id: str
    title: Text  # the problem in the resident's words, as a heading or a "did you mean" button
    phrases: tuple[str, ...]  # what residents type, with and without accents, chat spellings included
    fix: Text
    sources: tuple[str, ...]
    in_person: Text | None = None
    steps: tuple[int, ...] = ()  # the steps where this problem usually happens (preferred there)


@dataclass(frozen=True)
class Guide:
    id: str
    title: Text
    summary: Text
    entry_questions: tuple[EntryQuestion, ...]
    steps: tuple[Step, ...]
    troubleshooting: tuple[Trouble, ...]
    sources: tuple[Source, ...]
    # The catalogue procedure the guide walks through (VNeID level 2: 3.000228): a question asked during the
    # guide without naming a procedure ("lên công an mang theo gì") is about this one.
    procedure: str | None = None

    def question(self, question_id: str) -> EntryQuestion | None:
        return next((q for q in self.entry_questions if q.id == question_id), None)

    def step(self, number: int) -> Step | None:
        return self.steps[number - 1] if 1 <= number <= len(self.steps) else None

    def trouble(self, trouble_id: str) -> Trouble | None:
        return next((t for t in self.troubleshooting if t.id == trouble_id), None)

    def source_title(self, url: str) -> str:
        return next((s.title for s in self.sources if s.url == url), url)


def load_guide_file(path: Path) -> Guide:
    """One guide file, validated; its `id` must be the file name."""
    return load_guide_text(path.read_text(encoding="utf-8"), path.name, path.stem)


def load_guide_text(text: str, origin: str, guide_id: str) -> Guide:
    """A guide's YAML text, validated; its `id` must be `guide_id`. InvalidDocument for a YAML syntax error."""
    guide = _Reader(origin).guide(parse_yaml(text, origin))
    if guide.id != guide_id:
        raise GuideError(origin, "id", N_("id %(id)s phải trùng với tên tệp %(name)s."),
                         "id %(id)r differs from the file name", id=guide.id, name=f"{guide_id}.yml")
    return guide


class _Reader:
    """Builds a Guide from parsed YAML, raising GuideError."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.source_urls: dict[str, str] = {}

    def fail(self, place: str, message: str, english: str, **values) -> GuideError:
        return GuideError(self.origin, place, message, english, **values)

    def guide(self, data: object) -> Guide:
        data = self.mapping(data, "guide")
        guide_id = self.identifier(data, "id", "guide")
        sources = tuple(self.source(key, value) for key, value in self.mapping(data.get("sources"), "sources").items())
        steps = tuple(self.step(number, item) for number, item in enumerate(self.items(data, STEPS, "guide"), 1))
        if not steps:
            raise self.fail("steps", N_("Hướng dẫn cần ít nhất một bước."), "a guide needs at least one step")
        questions = tuple(self.question(item, f"entry_questions[{i}]")
                          for i, item in enumerate(self.items(data, "entry_questions", "guide")))
        troubles = tuple(self.trouble(item, f"troubleshooting[{i}]", len(steps))
                         for i, item in enumerate(self.items(data, "troubleshooting", "guide")))
        self.check_unique([q.id for q in questions], "entry_questions")
        self.check_unique([t.id for t in troubles], "troubleshooting")
        self.check_branches(questions, len(steps))
        return Guide(guide_id, self.text(data, "title", "guide"), self.text(data, "summary", "guide"),
                     questions, steps, troubles, sources, self.procedure_code(data))

    def procedure_code(self, data: dict) -> str | None:
        code = data.get("procedure")
        if code is not None and not (isinstance(code, str) and _PROCEDURE_CODE.fullmatch(code)):
            raise self.fail("procedure", N_("%(code)s không phải mã thủ tục (ví dụ 3.000228)."),
                            "%(code)r is not a procedure code", code=str(code))
        return code

    def source(self, key: str, value: object) -> Source:
        value = self.mapping(value, f"sources.{key}")
        url = self.string(value, "url", f"sources.{key}")
        if not url.startswith("https://"):
            raise self.fail(f"sources.{key}", N_("%(url)s không phải địa chỉ https."), "%(url)r is not an https URL",
                            url=url)
        self.source_urls[key] = url
        return Source(url, self.string(value, "title", f"sources.{key}"))

    def step(self, number: int, item: object) -> Step:
        place = f"steps[{number}]"
        item = self.mapping(item, place)
        link = image = None
        if item.get("link") is not None:
            link_data = self.mapping(item["link"], f"{place}.link")
            link = Link(self.source_url(self.string(link_data, "source", f"{place}.link"), f"{place}.link"),
                        self.text(link_data, "label", f"{place}.link"))
        if item.get("image") is not None:
            image_data = self.mapping(item["image"], f"{place}.image")
            file = self.string(image_data, "file", f"{place}.image")
            if not _IMAGE_FILE.fullmatch(file):
                raise self.fail(f"{place}.image", N_("%(file)s không phải tên tệp ảnh (png, jpg, jpeg, webp, svg)."),
                                "%(file)r is not an image file name", file=file)
            image = Image(file, self.text(image_data, "alt", f"{place}.image"))
        done = item.get("done") or []
        if not isinstance(done, list) or not all(isinstance(d, str) and d.strip() for d in done):
            raise self.fail(f"{place}.done", N_("`done` là danh sách các cách nói đã làm xong bước."),
                            "`done` is a list of ways to say the step is done")
        return Step(number, self.text(item, "title", place), self.text(item, "text", place),
                    self.sources(item, place), link, image, tuple(done))

    def question(self, item: object, place: str) -> EntryQuestion:
        item = self.mapping(item, place)
        answers = tuple(self.answer(answer, f"{place}.answers[{i}]")
                        for i, answer in enumerate(self.items(item, "answers", place)))
        if len(answers) < 2:
            raise self.fail(place, N_("Câu hỏi cần ít nhất hai câu trả lời."), "a question needs at least two answers")
        optional = item.get("optional", False)
        if not isinstance(optional, bool):
            raise self.fail(f"{place}.optional", N_("`optional` là true hoặc false."), "`optional` is true or false")
        if optional and (len({a.next for a in answers}) > 1 or any(a.stop_with or a.start_step > 1 for a in answers)):
            raise self.fail(place, N_("Câu hỏi không bắt buộc phải có mọi câu trả lời dẫn tới cùng một chỗ."),
                            "every answer of an optional question leads to the same place")
        return EntryQuestion(self.identifier(item, "id", place), self.text(item, "text", place), answers, optional)

    def answer(self, item: object, place: str) -> Answer:
        item = self.mapping(item, place)
        label = self.text(item, "label", place)
        typed = item.get("typed") or []
        if not isinstance(typed, list) or not all(isinstance(t, str) and t.strip() for t in typed):
            raise self.fail(f"{place}.typed", N_("`typed` là danh sách các cách gõ câu trả lời."),
                            "`typed` is a list of ways to type the answer")
        typed = tuple(typed)
        if ("next" in item) == ("stop_with" in item):
            raise self.fail(place, N_("Mỗi câu trả lời có đúng một trong hai: `next` hoặc `stop_with`."),
                            "an answer has either `next` or `stop_with`")
        if "stop_with" in item:
            stop = self.mapping(item["stop_with"], f"{place}.stop_with")
            return Answer(label, stop_with=Stop(self.text(stop, "text", f"{place}.stop_with"),
                                                self.sources(stop, f"{place}.stop_with")), typed=typed)
        start_step = item.get("start_step", 1)
        if not isinstance(start_step, int):
            raise self.fail(place, N_("`start_step` là số thứ tự một bước."), "`start_step` is a step number")
        note = self.text(item, "note", place) if item.get("note") is not None else None
        return Answer(label, next=self.string(item, "next", place), start_step=start_step, typed=typed, note=note)

    def trouble(self, item: object, place: str, step_count: int) -> Trouble:
        item = self.mapping(item, place)
        phrases = tuple(str(p) for p in item.get("phrases") or ())
        if not phrases or any(len(p.split()) < 2 for p in phrases):
            raise self.fail(place, N_("Mục xử lý sự cố cần các cụm từ (`phrases`) dài từ hai từ trở lên."),
                            "a troubleshooting entry needs phrases of two words or more")
        steps = tuple(item.get("steps") or ())
        if any(not isinstance(n, int) or not 1 <= n <= step_count for n in steps):
            raise self.fail(place, N_("`steps` phải là số thứ tự bước, từ 1 đến %(count)d."),
                            "`steps` must be step numbers from 1 to %(count)d", count=step_count)
        in_person = self.text(item, "in_person", place) if item.get("in_person") is not None else None
        return Trouble(self.identifier(item, "id", place), self.text(item, "title", place), phrases,
                       self.text(item, "fix", place),
                       self.sources(item, place), in_person, steps)

    def check_branches(self, questions: tuple[EntryQuestion, ...], step_count: int) -> None:
        """Every `next` names a later question or the steps (so answers never lead round in a circle), and every
        question but the first is reachable."""
        ids = {q.id for q in questions}
        reached = {questions[0].id} if questions else set()
        for position, question in enumerate(questions):
            later = {q.id for q in questions[position + 1:]}
            for answer in question.answers:
                if answer.next is not None and answer.next != STEPS and answer.next not in ids:
                    raise self.fail(f"entry_questions.{question.id}", N_("`next: %(next)s` không trỏ tới câu hỏi nào."),
                                    "`next: %(next)s` names no question", next=answer.next)
                if answer.next in ids and answer.next not in later:
                    raise self.fail(f"entry_questions.{question.id}",
                                    N_("`next: %(next)s` phải trỏ tới một câu hỏi đứng sau câu này."),
                                    "`next: %(next)s` must name a question further down", next=answer.next)
                if not 1 <= answer.start_step <= step_count:
                    raise self.fail(f"entry_questions.{question.id}", N_("Không có bước số %(step)s (start_step)."),
                                    "start_step %(step)s is no step", step=answer.start_step)
                reached.add(answer.next)
        unreachable = ids - reached
        if unreachable:
            raise self.fail("entry_questions", N_("Không câu trả lời nào dẫn tới câu hỏi %(ids)s."),
                            "no answer leads to %(ids)s", ids=sorted(unreachable))

    def check_unique(self, ids: list[str], place: str) -> None:
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise self.fail(place, N_("Mã bị lặp lại: %(ids)s."), "repeated ids %(ids)s", ids=repeated)

    def sources(self, item: dict, place: str) -> tuple[str, ...]:
        keys = item.get("sources") or ()
        if not keys:
            raise self.fail(place, N_("Cần ít nhất một nguồn (`sources`)."), "at least one source is required")
        return tuple(self.source_url(str(key), place) for key in keys)

    def source_url(self, key: str, place: str) -> str:
        if key not in self.source_urls:
            raise self.fail(place, N_("Nguồn %(key)s chưa được khai báo trong `sources`."),
                            "source %(key)r is not declared under `sources`", key=key)
        return self.source_urls[key]

    def text(self, item: dict, key: str, place: str) -> Text:
        value = item.get(key)
        if isinstance(value, str):
            raise self.fail(f"{place}.{key}", N_("Hãy viết nội dung theo dạng {vi: ..., en: ...}."),
                            "give the text as {vi: ..., en: ...}")
        value = self.mapping(value, f"{place}.{key}")
        return Text(self.string(value, "vi", f"{place}.{key}"), self.string(value, "en", f"{place}.{key}"))

    def identifier(self, item: dict, key: str, place: str) -> str:
        value = self.string(item, key, place)
        if not _ID.fullmatch(value):
            raise self.fail(place, N_("%(key)s %(value)s chỉ được gồm chữ thường không dấu, chữ số và dấu _."),
                            "%(key)s %(value)r must be lower-case letters, digits and _", key=key, value=value)
        return value

    def string(self, item: dict, key: str, place: str) -> str:
        value = item.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(place, N_("Thiếu `%(key)s` hoặc để trống."), "`%(key)s` is missing or empty", key=key)
        return value.strip()

    def items(self, item: dict, key: str, place: str) -> list:
        value = item.get(key) or []
        if not isinstance(value, list):
            raise self.fail(place, N_("`%(key)s` phải là một danh sách."), "`%(key)s` must be a list", key=key)
        return value

    def mapping(self, value: object, place: str) -> dict:
        if not isinstance(value, dict):
            raise self.fail(place, N_("Cần một bảng khoá: giá trị (mapping)."), "expected a mapping")
        return value
