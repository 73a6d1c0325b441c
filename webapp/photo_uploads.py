"""Photos residents attach in the web chat (for urban-order reports): checked, then stored under MEDIA_DIR/web.

The storing is the one every channel uses (`channels.photos.store_channel_photo`, also called by the
Telegram bridge and the Zalo queue worker): the file's bytes decide whether it is an image, and EXIF
(GPS included) never reaches the disk.
"""

from __future__ import annotations

from pathlib import Path

from channels.photos import RejectedPhoto, store_channel_photo

__all__ = ["RejectedPhoto", "store_photo"]


def store_photo(data: bytes, media_dir: Path, max_bytes: int) -> str:
    """Save an accepted photo under a random name and return its media reference (`media://web/<name>`).

    `media_dir` is the web chat's folder, `<MEDIA_DIR>/web`.
    """
    return store_channel_photo(data, "web", Path(media_dir).parent, max_bytes)
