"""Photos residents attach in the web chat (for urban-order reports): checked, then stored under var/media/web.

The checks and the metadata stripping are the report photos' own (`urban_reports.photos`): the file's
bytes decide whether it is an image, and EXIF (GPS included) never reaches the disk.
"""

from __future__ import annotations

from pathlib import Path

from urban_reports import photos
from urban_reports.photos import RejectedPhoto

__all__ = ["RejectedPhoto", "store_photo"]


def store_photo(data: bytes, media_dir: Path, max_bytes: int) -> str:
    """Save an accepted photo under a random name and return its media reference (`media://web/<name>`)."""
    return photos.store_photo(data, media_dir, "web", max_bytes)
