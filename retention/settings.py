"""Retention periods, from the environment (defaults in docs/OPERATIONS.md)."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class RetentionSettings:
    report_phone_days: int = 90  # after the report is closed
    dossier_lookup_days: int = 30  # after the lookup
    handoff_days: int = 180  # after the handoff is closed
    zalo_queue_days: int = 30  # after a Zalo message arrived (answered or failed)
    batch_size: int = 500  # rows per transaction, so a long run never holds many locks

    @classmethod
    def from_env(cls) -> RetentionSettings:
        settings = cls(
            report_phone_days=int(os.environ.get("RETENTION_REPORT_PHONE_DAYS", "90")),
            dossier_lookup_days=int(os.environ.get("RETENTION_DOSSIER_LOOKUP_DAYS", "30")),
            handoff_days=int(os.environ.get("RETENTION_HANDOFF_DAYS", "180")),
            zalo_queue_days=int(os.environ.get("RETENTION_ZALO_QUEUE_DAYS", "30")),
            batch_size=int(os.environ.get("RETENTION_BATCH_SIZE", "500")),
        )
        if min(settings.report_phone_days, settings.dossier_lookup_days, settings.handoff_days,
               settings.zalo_queue_days) < 1 \
                or settings.batch_size < 1:
            raise ValueError("retention periods and the batch size must be at least 1")
        return settings
