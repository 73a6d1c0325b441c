"""Step-by-step guides (VNeID level 2, personal digital signatures) kept as YAML in knowledge/data/guides/.

The chat walks a resident through a guide's entry questions, then its steps, and
matches what they type when stuck against the troubleshooting entries; the web
app prints the same guide for volunteers (`/guides/<id>`). A guide edited in the admin overrides its
file (`knowledge_editing.document_models`); the running processes pick it up within seconds.
"""

from __future__ import annotations

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
    load_guide_text,
)
from knowledge.guides.troubleshooting import match_trouble
from knowledge_editing.document_models import GUIDE, Documents, Published, published_or_shipped

GUIDES_DIR = Path(__file__).resolve().parent.parent / "data" / "guides"

__all__ = ["GUIDES_DIR", "STEPS", "Answer", "EntryQuestion", "Guide", "GuideError", "Image", "Link", "Source", "Step",
           "Stop", "Text", "Trouble", "guide", "guide_ids", "guide_path", "load_guide_file", "load_guide_text",
           "load_guides", "match_trouble"]


def load_guides() -> dict[str, Guide]:
    """id -> Guide for every file in knowledge/data/guides/, in file-name order, as last published."""
    return dict(_guides.get())


def guide(guide_id: str) -> Guide | None:
    return _guides.get().get(guide_id)


def guide_ids() -> list[str]:
    """The guides there are: one per shipped file, in file-name order."""
    return sorted(path.stem for path in GUIDES_DIR.glob("*.yml"))


def guide_path(guide_id: str) -> Path:
    return GUIDES_DIR / f"{guide_id}.yml"


def _load(documents: Documents) -> dict[str, Guide]:
    return {guide_id: _load_one(documents, guide_id) for guide_id in guide_ids()}


def _load_one(documents: Documents, guide_id: str) -> Guide:
    return published_or_shipped(documents, GUIDE, guide_id, lambda: load_guide_file(guide_path(guide_id)),
                                lambda text: load_guide_text(text, f"{guide_id}.yml", guide_id))


_guides = Published(_load)
