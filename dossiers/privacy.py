"""What may leave the registry about an applicant: a masked name, the sender and the client address as keyed
hashes, phone digits."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
import re

_NON_DIGIT = re.compile(r"\D")


def mask_name(name: str | None) -> str | None:
    """Every word cut to its initial: "Nguyễn Văn An" -> "N. V. A.".

    The family name goes too: with the receipt number's date and the procedure, a family name and
    initials are often enough to tell who applied, and anyone holding the number sees this.
    """
    words = (name or "").split()
    return " ".join(f"{word[0]}." for word in words) or None


def sender_hash(sender: str) -> str:
    """HMAC-SHA256 of the sender id keyed with DOSSIER_SENDER_HASH_KEY.

    Sender ids (Telegram or Zalo user ids) are short enough to guess by brute force, so a plain hash
    would not hide them; the key must be the same in every process for the rate limit to hold.
    """
    return _keyed_hash(sender, os.environ.get("DOSSIER_SENDER_HASH_KEY", ""))


def address_hash(address: str, fallback_key: str = "") -> str:
    """A client IP address as a keyed hash (the lookup limits count calls per address, `dossiers.lookup`).

    IPv6 addresses count per /64 network, which one subscriber gets whole and can rotate through at will.
    Keyed with DOSSIER_SENDER_HASH_KEY, or `fallback_key` when that is unset (the web app passes its
    SECRET_KEY): an IPv4 address hashed without a secret is found again by trying all 2**32 of them.
    """
    key = os.environ.get("DOSSIER_SENDER_HASH_KEY") or fallback_key
    return _keyed_hash(f"address:{_address_group(address)}", key)


def _address_group(address: str) -> str:
    """The address as counted: IPv4 as is, IPv6 as its /64 network (an IPv4-mapped one as the IPv4)."""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return address
    if ip.version == 6 and ip.ipv4_mapped:
        return str(ip.ipv4_mapped)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _keyed_hash(value: str, key: str) -> str:
    return hmac.new(key.encode(), value.encode(), hashlib.sha256).hexdigest()


def phone_digits(phone: object) -> str | None:
    """The digits of a phone number as registered, or None when it has too few to check the last four."""
    digits = _NON_DIGIT.sub("", str(phone or ""))
    return digits if len(digits) >= 4 else None
