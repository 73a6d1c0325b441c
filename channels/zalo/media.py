"""Photos residents send on Zalo: the webhook carries a CDN link; the photo is fetched and stored like any channel's.

Only links to Zalo's hosts are fetched (`ZaloSettings.media_hosts`, ZALO_MEDIA_HOSTS), over HTTP(S), with
redirects followed by hand so that each hop is checked too. The download stops past the size limit.
The stored photo is `media://zalo/<name>` in MEDIA_DIR (`channels.photos.store_channel_photo`).

A link the CDN refuses (4xx: expired, removed) or that is not Zalo's is refused for good (RejectedPhoto,
the resident is asked to send it again); a CDN that cannot be reached or fails (5xx) raises
PhotoUnavailable, which the queue worker retries later.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests

from channels.photos import RejectedPhoto, max_photo_bytes, store_channel_photo
from localization import N_
from urban_reports.photos import TOO_LARGE

PHOTO_NOT_FETCHED = N_("Không tải được ảnh bạn gửi, bạn vui lòng gửi lại ảnh.")
MAX_REDIRECTS = 3
TIMEOUT = 10  # seconds to connect, and between two chunks
CHUNK = 64 * 1024


class PhotoUnavailable(Exception):
    """The CDN could not be reached or failed (a reason without the link): worth trying again later."""


def allowed(url: str, hosts: tuple[str, ...]) -> bool:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return parts.scheme in ("http", "https") and any(host == h or host.endswith(f".{h}") for h in hosts)


def fetch_photo(url: str, hosts: tuple[str, ...], max_bytes: int, timeout: float = TIMEOUT) -> bytes:
    """The photo's bytes; RejectedPhoto for a link never to be fetched, PhotoUnavailable when the CDN failed."""
    http = requests.Session()
    for _ in range(MAX_REDIRECTS + 1):
        if not allowed(url, hosts):
            raise RejectedPhoto(PHOTO_NOT_FETCHED, 400)
        try:
            response = http.get(url, stream=True, allow_redirects=False, timeout=timeout)
        except requests.RequestException as error:
            raise PhotoUnavailable(f"zalo_cdn_unreachable: {type(error).__name__}") from None
        with response:
            if response.is_redirect:
                url = urljoin(url, response.headers.get("Location", ""))
                continue
            if response.status_code >= 500:
                raise PhotoUnavailable(f"zalo_cdn_{response.status_code}")
            if response.status_code != 200:
                raise RejectedPhoto(PHOTO_NOT_FETCHED, 400)
            return _body(response, max_bytes)
    raise RejectedPhoto(PHOTO_NOT_FETCHED, 400)


def _body(response: requests.Response, max_bytes: int) -> bytes:
    too_large = RejectedPhoto(TOO_LARGE, 413, megabytes=max_bytes // (1024 * 1024))
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise too_large
    data = bytearray()
    try:
        for chunk in response.iter_content(CHUNK):
            data += chunk
            if len(data) > max_bytes:
                raise too_large
    except requests.RequestException as error:
        raise PhotoUnavailable(f"zalo_cdn_interrupted: {type(error).__name__}") from None
    return bytes(data)


def store_zalo_photo(url: str, hosts: tuple[str, ...], media_root: Path | None = None,
                     max_bytes: int | None = None) -> str:
    """Fetch, check and store the photo behind a Zalo CDN link; returns its `media://zalo/<name>` reference."""
    limit = max_photo_bytes() if max_bytes is None else max_bytes
    return store_channel_photo(fetch_photo(url, hosts, limit), "zalo", media_root, limit)
