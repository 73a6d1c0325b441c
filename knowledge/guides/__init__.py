"""Step-by-step guides (VNeID level 2, personal digital signatures) kept as YAML in knowledge/data/guides/.

The chat walks a resident through a guide's entry questions, then its steps, and
matches what they type when stuck against the troubleshooting entries; the web
app prints the same guide for volunteers (`/guides/<id>`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from knowledge.guides.model import (
    STEPS,
    Answer,
    EntryQuestion,
    Guide,
    GuideError,
    Image,
    Link,
    Source,
    Step,
    Stop,
    Text,
    Trouble,
    load_guide_file,
)
from knowledge.guides.troubleshooting import match_trouble

GUIDES_DIR = Path(__file__).resolve().parent.parent / "data" / "guides"

__all__ = ["GUIDES_DIR", "STEPS", "Answer", "EntryQuestion", "Guide", "GuideError", "Image", "Link", "Source", "Step",
           "Stop", "Text", "Trouble", "guide", "load_guide_file", "load_guides", "match_trouble"]


def load_guides() -> dict[str, Guide]:
    """id -> Guide for every file in knowledge/data/guides/, in file-name order (read once per process)."""
    return dict(_guides())


def guide(guide_id: str) -> Guide | None:
    return _guides().get(guide_id)


@lru_cache(maxsize=1)
def _guides() -> dict[str, Guide]:
    return {g.id: g for g in map(load_guide_file, sorted(GUIDES_DIR.glob("*.yml")))}
