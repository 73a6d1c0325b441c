"""An Open311 error: the HTTP status and the English description the spec's clients show."""

from __future__ import annotations


class Open311Error(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
