"""Push replies to a resident on the channel they used, whatever that channel allows.

Later features (dossier notifications, staff replies) call `push("<channel>:<sender>",
replies, adapters)` with the conversation id Rasa knows (InboundMessage.conversation_id);
each channel's adapter sends at once, keeps the replies pending, or says why it failed.

A conversation of a channel this code base serves whose adapter the pushing process
does not have (TELEGRAM_BOT_TOKEN or the Zalo settings missing, e.g. during a deploy)
fails `channel_not_configured`, retryable: the same push may succeed once it is set up.
A channel name nothing serves (`unknown_channel`) or a conversation id without a
sender (`bad_conversation_id`) can never be delivered.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Literal, Protocol, Sequence

from sqlalchemy.orm import sessionmaker

from channels import pending
from channels.messages import Reply

WEB_AWAITING_POLL = "awaiting_web_poll"
CHANNELS = ("web", "telegram", "zalo")  # every channel with an adapter in this code base


@dataclass(frozen=True)
class Delivery:
    status: Literal["sent", "pending", "failed"]
    reason: str = ""
    retryable: bool = False  # for failures: whether trying the same push later may succeed

    @classmethod
    def sent(cls) -> Delivery:
        return cls("sent")

    @classmethod
    def kept_pending(cls, reason: str) -> Delivery:
        return cls("pending", reason)

    @classmethod
    def failed(cls, reason: str, retryable: bool) -> Delivery:
        return cls("failed", reason, retryable)


class ChannelAdapter(Protocol):
    channel: str

    def push(self, recipient: str, replies: Sequence[Reply], idempotency_key: str | None = None) -> Delivery:
        """Send or keep the replies. A channel that can carry the key (the pending-message store) delivers a
        repeated push with the same key once; the others cannot tell a repeat from a new message."""


def push(conversation_id: str, replies: Sequence[Reply], adapters: Iterable[ChannelAdapter],
         idempotency_key: str | None = None) -> Delivery:
    channel, _, recipient = conversation_id.partition(":")
    if not recipient:
        return Delivery.failed("bad_conversation_id", retryable=False)
    adapter = next((a for a in adapters if a.channel == channel), None)
    if adapter is None:
        if channel in CHANNELS:  # a configuration moment: the adapter may be there at the next attempt
            return Delivery.failed(f"channel_not_configured: {channel}", retryable=True)
        return Delivery.failed("unknown_channel", retryable=False)
    return adapter.push(recipient, replies, idempotency_key)


class WebAdapter:
    """The web widget cannot be pushed to: its replies wait until the page polls and acknowledges them
    (`pending.peek_pending`, `pending.acknowledge`)."""

    channel = "web"

    def __init__(self, sessions: sessionmaker) -> None:
        self._sessions = sessions

    def push(self, recipient: str, replies: Sequence[Reply], idempotency_key: str | None = None) -> Delivery:
        with self._sessions.begin() as session:
            pending.keep(session, self.channel, recipient, replies, WEB_AWAITING_POLL, idempotency_key)
        return Delivery.kept_pending(WEB_AWAITING_POLL)
