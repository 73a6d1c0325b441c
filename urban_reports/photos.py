"""Photos residents attach: checked by their bytes, re-encoded without metadata, stored under var/media.

Re-encoding drops EXIF (GPS position, phone model, time) and anything hidden after
the image data; the orientation tag is applied to the pixels first so the photo
still stands the right way up. The file's name and declared type are never trusted.
"""

from __future__ import annotations

import io
import secrets
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from localization import N_
from urban_reports.errors import ReportRejected

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 50_000_000  # decoding is what costs memory; a 10 MB file can hold a far bigger image
ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
NO_PHOTO = N_("Không nhận được ảnh, bạn vui lòng chọn lại.")
NOT_AN_IMAGE = N_("Tệp này không phải ảnh. Bạn vui lòng gửi ảnh JPG, PNG hoặc WebP.")
TOO_LARGE = N_("Ảnh quá lớn (tối đa %(megabytes)d MB), bạn vui lòng gửi ảnh nhỏ hơn.")


class RejectedPhoto(ReportRejected):
    """A refused photo: the msgid for the resident and the HTTP status (400, 413 or 415)."""


def store_report_photo(data: bytes, media_dir: Path) -> str:
    """A report photo, saved in `<media_dir>/reports`; returns `media://reports/<random>.<ext>`."""
    return store_photo(data, media_dir / "reports", "reports")


def store_photo(data: bytes, folder: Path, kind: str, max_bytes: int = MAX_PHOTO_BYTES) -> str:
    """Check, strip and save a photo under a random name in `folder`; returns `media://<kind>/<name>`."""
    clean, extension = strip_photo(data, max_bytes)
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_urlsafe(16)}.{extension}"
    (folder / name).write_bytes(clean)
    return f"media://{kind}/{name}"


def strip_photo(data: bytes, max_bytes: int = MAX_PHOTO_BYTES) -> tuple[bytes, str]:
    """The photo re-encoded in its own format without metadata, and its file extension; RejectedPhoto otherwise."""
    if not data:
        raise RejectedPhoto(NO_PHOTO, 400)
    if len(data) > max_bytes:
        raise RejectedPhoto(TOO_LARGE, 413, megabytes=max_bytes // (1024 * 1024))
    try:
        with Image.open(io.BytesIO(data)) as image:
            image_format, pixels = image.format, image.width * image.height
            if image_format in ACCEPTED_FORMATS and pixels <= MAX_PIXELS:
                clean = _encode(ImageOps.exif_transpose(image), image_format)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise RejectedPhoto(NOT_AN_IMAGE, 415) from None
    if image_format not in ACCEPTED_FORMATS:
        raise RejectedPhoto(NOT_AN_IMAGE, 415)
    if pixels > MAX_PIXELS:
        raise RejectedPhoto(TOO_LARGE, 413, megabytes=max_bytes // (1024 * 1024))
    return clean, ACCEPTED_FORMATS[image_format]


def _encode(image: Image.Image, image_format: str) -> bytes:
    """Only the pixels (and palette transparency) are written: no exif, icc, xmp or text chunks."""
    image = image.convert("RGB") if image_format == "JPEG" and image.mode not in ("RGB", "L") else image.copy()
    image.info = {key: value for key, value in image.info.items() if key == "transparency"}
    buffer = io.BytesIO()
    options = {"quality": 90} if image_format in ("JPEG", "WEBP") else {}
    image.save(buffer, image_format, **options)
    return buffer.getvalue()
