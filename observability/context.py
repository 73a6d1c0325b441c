"""The request id and the conversation of the work in progress, for log lines and for the next hop.

A request id is taken from the caller (nginx sets X-Request-ID) only when it looks like one, so a
client cannot write arbitrary text into the logs; otherwise a new one is made. The conversation is
kept as a keyed hash (`dossiers.privacy.sender_hash`), never the raw sender id or phone.
"""

from __future__ import annotations

import re
import uuid
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator

from dossiers.privacy import sender_hash

HEADER = "X-Request-ID"
_VALID = re.compile(r"[A-Za-z0-9-]{8,64}")

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
conversation: ContextVar[str | None] = ContextVar("conversation", default=None)  # hashed


def valid_request_id(value: object) -> str | None:
    return value if isinstance(value, str) and _VALID.fullmatch(value) else None


def new_request_id() -> str:
    return uuid.uuid4().hex


def conversation_hash(conversation_id: str) -> str:
    """Short enough to read in a log line, long enough to tell conversations apart."""
    return sender_hash(conversation_id)[:16]


@contextmanager
def bound(rid: str | None, conversation_id: str | None = None) -> Iterator[None]:
    """Within the block, log lines carry this request id and conversation (hashed)."""
    tokens = (request_id.set(rid),
              conversation.set(conversation_hash(conversation_id) if conversation_id else None))
    try:
        yield
    finally:
        conversation.reset(tokens[1])
        request_id.reset(tokens[0])
