"""The rating buttons, as Rasa button dicts; their payloads are what `actions.feedback` reads back."""

from __future__ import annotations

import json

SCORES = range(1, 6)


def answer_rating_buttons(procedure_code: str) -> list[dict[str, str]]:
    """👍 and 👎 under a procedure answer."""
    return [{"title": title, "payload": _payload(rating=rating, procedure_code=procedure_code)}
            for title, rating in (("👍", "up"), ("👎", "down"))]


def case_rating_buttons(case_code: str) -> list[dict[str, str]]:
    """1 to 5 stars for a closed report or a finished handoff."""
    return [{"title": f"{score} ⭐", "payload": _payload(rating=str(score), case=case_code)} for score in SCORES]


def _payload(**entities: str) -> str:
    return "/rate_answer" + json.dumps(entities, ensure_ascii=False)
