"""Data retention: personal data older than its retention period is erased by `python -m retention run`."""
