"""FAQ entries answer general questions typed in any way, and nothing else."""

import pytest

from knowledge.faq import Faq, match_faq
from vietnamese_text import match_key


def entry(entry_id: str, *phrasings: str) -> Faq:
    return Faq(entry_id, f"answer {entry_id}", (), tuple(frozenset(match_key(p).split()) for p in phrasings))


ENTRIES = [entry("hai-cap", "Từ 1/7/2025 còn quận, huyện không?", "còn quận không", "bỏ cấp huyện"),
           entry("1022", "Số đường dây nóng của TP.HCM là gì?", "hotline tphcm")]


@pytest.mark.parametrize(("text", "expected"), [
    ("tu 1/7/2025 con quan khong ad", "hai-cap"),
    ("Còn quận không vậy?", "hai-cap"),
    ("cho hỏi hotline tphcm", "1022"),
    ("làm căn cước ở đâu", None),
    ("quận", None),  # one shared word is not a match
])
def test_match(text, expected):
    found = match_faq(ENTRIES, text)
    assert (found.id if found else None) == expected
