"""Limits of the lookup service, from the environment (defaults in brackets in docs/DOSSIER_SOURCES.md)."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass


@dataclass(frozen=True)
class LookupSettings:
    lookups_per_minute: int = 10  # per sender, lookups and verifications together
    max_failed_verifications: int = 5  # wrong last-four-digit answers before the receipt number is locked
    lock_period: dt.timedelta = dt.timedelta(hours=24)
    verified_period: dt.timedelta = dt.timedelta(hours=1)  # how long a passed check unlocks the details

    @classmethod
    def from_env(cls) -> LookupSettings:
        return cls(
            lookups_per_minute=int(os.environ.get("DOSSIER_LOOKUPS_PER_MINUTE", "10")),
            max_failed_verifications=int(os.environ.get("DOSSIER_MAX_FAILED_VERIFICATIONS", "5")),
            lock_period=dt.timedelta(hours=float(os.environ.get("DOSSIER_LOCK_HOURS", "24"))),
            verified_period=dt.timedelta(minutes=float(os.environ.get("DOSSIER_VERIFIED_MINUTES", "60"))),
        )
