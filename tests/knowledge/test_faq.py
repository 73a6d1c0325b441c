"""FAQ entries answer general questions typed in any way, and nothing else."""

import pytest

from knowledge.faq import Faq, load_faq, match_faq
from knowledge.models import FaqEntry
from vietnamese_text import match_key


def entry(entry_id: str, *phrasings: str) -> Faq:
    return Faq(entry_id, f"answer {entry_id}", (), tuple(tuple(match_key(p).split()) for p in phrasings))


ENTRIES = [entry("hai-cap", "Từ 1/7/2025 còn quận, huyện không?", "còn quận không", "bỏ cấp huyện"),
           entry("1022", "Số đường dây nóng của TP.HCM là gì?", "hotline tphcm", "gọi đâu để phản ánh")]


@pytest.mark.parametrize(("text", "expected"), [
    ("tu 1/7/2025 con quan khong ad", "hai-cap"),
    ("Còn quận không vậy?", "hai-cap"),
    ("cho hỏi hotline tphcm", "1022"),
    ("làm căn cước ở đâu", None),
    ("quận", None),  # one shared word is not a match
    ("gọi đâu để phản ánh vậy", "1022"),
    # the words of "gọi đâu để phản ánh" scattered in a long question are no match
    ("ba mẹ mất, anh chị em muốn chia đất, lập văn bản phân chia di sản ở đâu để gọi", None),
])
def test_match(text, expected):
    found = match_faq(ENTRIES, text)
    assert (found.id if found else None) == expected


def test_the_english_answer_is_for_english_conversations_only():
    both = Faq("gio", "7g30 đến 17g", (), (), "7:30 am to 5 pm")
    assert [both.answer_in(language) for language in ("en", "vi")] == ["7:30 am to 5 pm", "7g30 đến 17g"]
    assert ENTRIES[0].answer_in("en") == "answer hai-cap"  # no English answer: Vietnamese


def test_loaded_entries_match_english_phrasings_and_carry_the_english_answer(sessions):
    with sessions.begin() as session:
        session.add_all([FaqEntry(id="gio", question="Giờ làm việc của phường?", variants=[], answer="7g30 đến 17g",
                                  links=[], answer_en="7:30 am to 5 pm", variants_en=["ward office opening hours"]),
                         FaqEntry(id="cu", question="Còn quận không?", answer="Không còn.", status="active")])
    with sessions() as session:
        entries = load_faq(session)
    assert match_faq(entries, "what are the ward office opening hours").answer_in("en") == "7:30 am to 5 pm"
    assert match_faq(entries, "con quan khong").answer_in("en") == "Không còn."
