"""Zalo settings from the environment; without an app id and a secret the channel is off.

ZALO_MEDIA_HOSTS: the hosts (and their subdomains), comma-separated, that photos residents send
may be downloaded from (default zdn.vn, zadn.vn, zalo.me, zaloapp.com: Zalo's CDN names as seen in
webhook payloads, not an official list). A photo link elsewhere is never fetched.
The inbound queue's own settings (ZALO_QUEUE_*) are described in `channels.zalo.worker`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

MEDIA_HOSTS = ("zdn.vn", "zadn.vn", "zalo.me", "zaloapp.com")


@dataclass(frozen=True)
class ZaloSettings:
    app_id: str
    signing_secret: str  # the OA secret key by default (ZALO_SIGNATURE_SECRET=app picks the app secret)
    access_token: str
    app_secret: str = ""  # needed to refresh the access token
    refresh_token: str = ""
    api_base: str = "https://openapi.zalo.me"
    token_url: str = "https://oauth.zaloapp.com/v4/oa/access_token"
    verify_signature: bool = True
    max_event_age_seconds: int = 300
    text_limit: int = 2000
    max_buttons: int = 5
    interaction_window_hours: int = 168  # customer-service messages only this long after the user wrote (§1.3)
    media_hosts: tuple[str, ...] = MEDIA_HOSTS  # photos are downloaded only from these hosts and their subdomains

    @classmethod
    def from_env(cls) -> ZaloSettings | None:
        app_id = os.environ.get("ZALO_APP_ID", "")
        which = os.environ.get("ZALO_SIGNATURE_SECRET", "oa")
        secret = os.environ.get("ZALO_APP_SECRET" if which == "app" else "ZALO_OA_SECRET_KEY", "")
        if not app_id or not secret:
            return None
        return cls(
            app_id=app_id, signing_secret=secret, access_token=os.environ.get("ZALO_ACCESS_TOKEN", ""),
            app_secret=os.environ.get("ZALO_APP_SECRET", ""), refresh_token=os.environ.get("ZALO_REFRESH_TOKEN", ""),
            api_base=os.environ.get("ZALO_API_BASE", "https://openapi.zalo.me"),
            verify_signature=os.environ.get("ZALO_VERIFY_SIGNATURE", "1") != "0",
            interaction_window_hours=int(os.environ.get("ZALO_INTERACTION_WINDOW_HOURS", "168")),
            media_hosts=tuple(host.strip().lower() for host in os.environ.get("ZALO_MEDIA_HOSTS", "").split(",")
                              if host.strip()) or MEDIA_HOSTS,
        )
