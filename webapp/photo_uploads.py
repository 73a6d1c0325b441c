"""Photos residents attach in the web chat (for urban-order reports): checked, then stored under var/media/web.

The file's bytes decide whether it is an image, not its name or declared type.
"""

from __future__ import annotations

import io
import secrets
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from localization import N_

ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
NOT_AN_IMAGE = N_("Tệp này không phải ảnh. Bạn vui lòng gửi ảnh JPG, PNG hoặc WebP.")
TOO_LARGE = N_("Ảnh quá lớn (tối đa %(megabytes)d MB), bạn vui lòng gửi ảnh nhỏ hơn.")


class RejectedPhoto(Exception):
    """Why the upload is refused: a Vietnamese msgid shown to the resident, and the HTTP status."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def store_photo(data: bytes, media_dir: Path, max_bytes: int) -> str:
    """Save an accepted photo under a random name and return its media reference (`media://web/<name>`)."""
    if not data:
        raise RejectedPhoto(N_("Không nhận được ảnh, bạn vui lòng chọn lại."), 400)
    if len(data) > max_bytes:
        raise RejectedPhoto(TOO_LARGE, 413)
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            image_format = image.format
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise RejectedPhoto(NOT_AN_IMAGE, 415) from None
    if image_format not in ACCEPTED_FORMATS:
        raise RejectedPhoto(NOT_AN_IMAGE, 415)
    media_dir.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_urlsafe(16)}.{ACCEPTED_FORMATS[image_format]}"
    (media_dir / name).write_bytes(data)
    return f"media://web/{name}"
