"""Push to a Zalo user: only within the interaction window, otherwise kept until the user writes again.

Zalo accepts customer-service messages only for a while after the user's last
message (7 days, error -230 after that; shared/docs/channels.md §1.3). The window
length is a setting because the figure is not officially confirmed.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Sequence

import requests
from sqlalchemy.orm import sessionmaker

from channels import pending
from channels.interactions import within_window
from channels.messages import Reply
from channels.outbound import Delivery
from channels.zalo.sender import OUTSIDE_WINDOW_ERROR, ZaloSendError, send_reply
from channels.zalo.settings import ZaloSettings
from channels.zalo.tokens import TokenRefreshError, TokenStore

OUTSIDE_WINDOW = "outside_zalo_window"
RATE_LIMITED_ERROR = -32
logger = logging.getLogger(__name__)


class ZaloAdapter:
    channel = "zalo"

    def __init__(self, settings: ZaloSettings, sessions: sessionmaker, tokens: TokenStore | None = None) -> None:
        self.settings, self._sessions, self._tokens = settings, sessions, tokens

    def push(self, recipient: str, replies: Sequence[Reply], idempotency_key: str | None = None) -> Delivery:
        with self._sessions() as session:
            open_window = within_window(session, self.channel, recipient,
                                        dt.timedelta(hours=self.settings.interaction_window_hours))
        if not open_window:
            return self._keep(recipient, replies, idempotency_key)
        for index, reply in enumerate(replies):
            try:
                self.send(recipient, reply)
            except ZaloSendError as error:
                if error.code == OUTSIDE_WINDOW_ERROR:
                    return self._keep(recipient, replies[index:],
                                      f"{idempotency_key}:from{index}" if idempotency_key else None)
                return Delivery.failed(f"zalo_error_{error.code}", retryable=error.code == RATE_LIMITED_ERROR)
            except TokenRefreshError:
                return Delivery.failed("zalo_token_refresh", retryable=False)
            except requests.RequestException:
                return Delivery.failed("zalo_unreachable", retryable=True)
        return Delivery.sent()

    def send(self, recipient: str, reply: Reply) -> None:
        send_reply(self.settings, recipient, reply, self._tokens)

    def flush_pending(self, recipient: str) -> int:
        """Deliver what waited for this user (call when they write again); raises what the send raised."""
        return pending.deliver_pending(self._sessions, self.channel, recipient,
                                       lambda reply: self.send(recipient, reply))

    def _keep(self, recipient: str, replies: Sequence[Reply], idempotency_key: str | None) -> Delivery:
        with self._sessions.begin() as session:
            pending.keep(session, self.channel, recipient, replies, OUTSIDE_WINDOW, idempotency_key)
        logger.info("zalo: %d message(s) kept until the user writes again", len(replies))
        return Delivery.kept_pending(OUTSIDE_WINDOW)
