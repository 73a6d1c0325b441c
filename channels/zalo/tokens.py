"""The OA access token and its single-use refresh token, persisted and refreshed one at a time.

Refresh tokens rotate: each refresh returns a new pair and the old refresh token
stops working, so the new pair is committed before it is used, and a process-wide
lock plus a re-read after taking it keep two threads from spending the same
refresh token (shared/docs/channels.md §1.4).
"""

from __future__ import annotations

import datetime as dt
import threading

import requests
from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, sessionmaker

from channels.zalo.settings import ZaloSettings
from storage.database import Base, utcnow

TOKEN_URL = "https://oauth.zaloapp.com/v4/oa/access_token"
EXPIRED_TOKEN_ERRORS = {-216, -220}
_refresh_lock = threading.Lock()


class ZaloToken(Base):
    __tablename__ = "zalo_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # one row per OA app: id 1
    access_token: Mapped[str] = mapped_column(Text)
    refresh_token: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    app_id: Mapped[str] = mapped_column(String(64))


class TokenRefreshError(Exception):
    pass


class TokenStore:
    def __init__(self, sessions: sessionmaker, app_id: str, app_secret: str, token_url: str = TOKEN_URL,
                 initial: tuple[str, str] | None = None) -> None:
        self._sessions, self._app_id, self._app_secret, self._token_url = sessions, app_id, app_secret, token_url
        self._initial = initial  # (access, refresh) from the environment, stored on first use

    def save(self, access_token: str, refresh_token: str, expires_in: int) -> None:
        with self._sessions.begin() as session:
            row = session.get(ZaloToken, 1) or ZaloToken(id=1, app_id=self._app_id)
            row.access_token, row.refresh_token = access_token, refresh_token
            row.expires_at = utcnow() + dt.timedelta(seconds=expires_in)
            session.add(row)

    def access_token(self) -> str:
        with self._sessions() as session:
            row = session.get(ZaloToken, 1)
        if row is not None:
            return row.access_token
        if self._initial is None:
            raise TokenRefreshError("no Zalo token stored: run the OA authorisation first")
        self.save(*self._initial, expires_in=0)
        return self._initial[0]

    def refresh(self, used_token: str) -> str:
        """A fresh access token; if another thread already refreshed past `used_token`, reuse its result."""
        with _refresh_lock:
            with self._sessions() as session:
                row = session.get(ZaloToken, 1)
                if row is None:
                    raise TokenRefreshError("no Zalo token stored")
                if row.access_token != used_token:
                    return row.access_token
                refresh_token = row.refresh_token
            response = requests.post(self._token_url, headers={"secret_key": self._app_secret}, timeout=10, data={
                "refresh_token": refresh_token, "app_id": self._app_id, "grant_type": "refresh_token"})
            body = response.json() if response.ok else {}
            if not body.get("access_token") or not body.get("refresh_token"):
                reason = body.get("error_name") or body.get("error") or response.status_code
                raise TokenRefreshError(f"refresh refused: {reason}")
            self.save(body["access_token"], body["refresh_token"], int(body.get("expires_in", 90000)))
            return body["access_token"]


def token_store(settings: ZaloSettings, sessions: sessionmaker) -> TokenStore | None:
    """A refreshing store when the app secret and a refresh token are configured; None sends with the fixed token."""
    if not (settings.app_secret and settings.refresh_token):
        return None
    return TokenStore(sessions, settings.app_id, settings.app_secret, settings.token_url,
                      (settings.access_token, settings.refresh_token))
