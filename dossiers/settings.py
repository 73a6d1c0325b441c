"""Limits of the lookup service, from the environment; defaults in brackets (also in docs/DOSSIER_SOURCES.md).

Every call (a lookup or a phone check) counts, within one minute, against three limits at once:
  DOSSIER_LOOKUPS_PER_MINUTE [10]          per conversation (the sender);
  DOSSIER_ADDRESS_LOOKUPS_PER_MINUTE [30]  per client address, over all its conversations: a fresh web chat
                                           session is no way round the first limit (only the web chat knows
                                           the address; a kiosk or a shared network shares it, hence more);
  DOSSIER_RECEIPT_LOOKUPS_PER_MINUTE [20]  per receipt number, whoever asks: spreading the calls over many
                                           conversations or addresses does not go faster than this.
Wrong answers to the phone check lock out whoever gave them, not the receipt number:
  DOSSIER_MAX_FAILED_VERIFICATIONS [5]     wrong last four digits for one receipt number from one conversation,
                                           or from one address, within DOSSIER_LOCK_HOURS [24], lock that
                                           conversation (that address) out of the check for this number;
  DOSSIER_VERIFIED_MINUTES [60]            how long a passed check shows the notes to that conversation.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass


@dataclass(frozen=True)
class LookupSettings:
    lookups_per_minute: int = 10  # per sender, lookups and verifications together
    address_lookups_per_minute: int = 30  # per client address (web chat only), all its conversations together
    receipt_lookups_per_minute: int = 20  # per receipt number, every sender and address together
    max_failed_verifications: int = 5  # wrong answers for one receipt number from one sender, or one address
    lock_period: dt.timedelta = dt.timedelta(hours=24)  # how long a wrong answer counts
    verified_period: dt.timedelta = dt.timedelta(hours=1)  # how long a passed check unlocks the details

    @classmethod
    def from_env(cls) -> LookupSettings:
        return cls(
            lookups_per_minute=int(os.environ.get("DOSSIER_LOOKUPS_PER_MINUTE", "10")),
            address_lookups_per_minute=int(os.environ.get("DOSSIER_ADDRESS_LOOKUPS_PER_MINUTE", "30")),
            receipt_lookups_per_minute=int(os.environ.get("DOSSIER_RECEIPT_LOOKUPS_PER_MINUTE", "20")),
            max_failed_verifications=int(os.environ.get("DOSSIER_MAX_FAILED_VERIFICATIONS", "5")),
            lock_period=dt.timedelta(hours=float(os.environ.get("DOSSIER_LOCK_HOURS", "24"))),
            verified_period=dt.timedelta(minutes=float(os.environ.get("DOSSIER_VERIFIED_MINUTES", "60"))),
        )
