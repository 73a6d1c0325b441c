"""What may leave the registry about an applicant: a masked name, the sender as a keyed hash, phone digits."""

from __future__ import annotations

import hashlib
import hmac
import os
import re

_NON_DIGIT = re.compile(r"\D")


def mask_name(name: str | None) -> str | None:
    """Family name kept, the other words cut to initials: "Nguyễn Văn An" -> "Nguyễn V. A."."""
    words = (name or "").split()
    if not words:
        return None
    if len(words) == 1:
        return f"{words[0][0]}."
    return " ".join([words[0], *(f"{word[0]}." for word in words[1:])])


def sender_hash(sender: str) -> str:
    """HMAC-SHA256 of the sender id keyed with DOSSIER_SENDER_HASH_KEY.

    Sender ids (Telegram or Zalo user ids) are short enough to guess by brute force, so a plain hash
    would not hide them; the key must be the same in every process for the rate limit to hold.
    """
    key = os.environ.get("DOSSIER_SENDER_HASH_KEY", "").encode()
    return hmac.new(key, sender.encode(), hashlib.sha256).hexdigest()


def phone_digits(phone: object) -> str | None:
    """The digits of a phone number as registered, or None when it has too few to check the last four."""
    digits = _NON_DIGIT.sub("", str(phone or ""))
    return digits if len(digits) >= 4 else None
