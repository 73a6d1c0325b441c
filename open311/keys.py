"""Issue, list, check and revoke Open311 API keys. A key is shown once, when it is issued."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from open311.models import ApiKey
from storage.database import utcnow

MAX_KEY_CHARS = 200


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def add_key(session: Session, name: str) -> tuple[ApiKey, str]:
    """A new key for `name`: the stored row and the key itself (not kept anywhere)."""
    name = (name or "").strip()
    if not name:
        raise ValueError("an API key needs a name")
    key = secrets.token_urlsafe(32)
    row = ApiKey(name=name[:120], key_hash=hash_key(key), created_at=utcnow(), revoked_at=None)
    session.add(row)
    session.flush()
    return row, key


def list_keys(session: Session) -> list[ApiKey]:
    return list(session.scalars(select(ApiKey).order_by(ApiKey.id)))


def revoke_key(session: Session, key_id: int) -> bool:
    """Revoke the key (once); False when no key has this id."""
    row = session.get(ApiKey, key_id)
    if row is None:
        return False
    row.revoked_at = row.revoked_at or utcnow()
    return True


def valid_key(session: Session, key: str | None) -> ApiKey | None:
    """The active key row for `key`, None for a missing, unknown or revoked key."""
    if not key or len(key) > MAX_KEY_CHARS:
        return None
    row = session.scalar(select(ApiKey).where(ApiKey.key_hash == hash_key(key)))
    return row if row is not None and row.revoked_at is None else None
