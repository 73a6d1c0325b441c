"""Photos residents send on any channel (web chat upload, Telegram, Zalo): checked and stored one way.

Every channel hands the photo's bytes to `store_channel_photo`, which keeps it in
`<MEDIA_DIR>/<channel>/<random>.<ext>` and returns the reference the bot gets,
`media://<channel>/<name>`; the report form re-stores it for the report
(`actions.report_steps._stored_photo`), so the action server must see the same MEDIA_DIR.
The checks are the report photos' own (`urban_reports.photos`): the bytes decide whether
it is a JPEG, PNG or WebP image, the size is limited, and EXIF (GPS included) never reaches the disk.

Settings (environment), shared with the web app and the action server:
- MEDIA_DIR: the media folder (default var/media in the checkout);
- MAX_PHOTO_BYTES: the largest photo accepted (default 10 MB).
"""

from __future__ import annotations

import os
from pathlib import Path

from storage.database import REPO_ROOT
from urban_reports import photos
from urban_reports.photos import MAX_PHOTO_BYTES, RejectedPhoto

__all__ = ["RejectedPhoto", "max_photo_bytes", "media_dir", "store_channel_photo"]


def media_dir() -> Path:
    """MEDIA_DIR, read at each call (default var/media)."""
    return Path(os.environ.get("MEDIA_DIR") or REPO_ROOT / "var" / "media")


def max_photo_bytes() -> int:
    """MAX_PHOTO_BYTES, read at each call (default 10 MB)."""
    return int(os.environ.get("MAX_PHOTO_BYTES") or MAX_PHOTO_BYTES)


def store_channel_photo(data: bytes, channel: str, root: Path | None = None, max_bytes: int | None = None) -> str:
    """Check, strip and save a photo a resident sent on `channel`; returns `media://<channel>/<name>`.

    `root` is the media folder (MEDIA_DIR when not given); RejectedPhoto (with the msgid for the
    resident) when it is empty, too large or not an accepted image.
    """
    root = media_dir() if root is None else Path(root)
    return photos.store_photo(data, root / channel, channel, max_photo_bytes() if max_bytes is None else max_bytes)
