"""The common message every channel adapter produces and the replies it renders."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class InboundMessage:
    """What a resident sent, whatever the channel."""

    channel: str  # web | zalo | telegram
    sender: str  # channel-scoped id; the Rasa conversation id is f"{channel}:{sender}"
    text: str = ""
    message_id: str | None = None  # the channel's id, used to drop duplicate deliveries
    image_url: str | None = None
    location: tuple[float, float] | None = None  # (latitude, longitude)
    metadata: dict = field(default_factory=dict)

    @property
    def conversation_id(self) -> str:
        return f"{self.channel}:{self.sender}"

    @property
    def text_for_bot(self) -> str:
        """The text Rasa gets: a photo or a location sent without words is the start of a report.

        The attachment itself travels in the message metadata (`channels.rasa_bridge`).
        """
        if self.text or not (self.location or self.image_url):
            return self.text
        return "/report_issue"


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class Reply:
    text: str = ""
    buttons: tuple[Button, ...] = ()
    image_url: str | None = None

    def as_json(self) -> dict:
        body: dict = {"text": self.text}
        if self.buttons:
            body["buttons"] = [{"title": b.title, "payload": b.payload} for b in self.buttons]
        if self.image_url:
            body["image"] = self.image_url
        return body

    @classmethod
    def from_rasa(cls, message: dict) -> Reply:
        buttons = tuple(Button(str(b.get("title", "")), str(b.get("payload", "")))
                        for b in message.get("buttons") or [])
        return cls(text=message.get("text") or "", buttons=buttons, image_url=message.get("image"))


def split_text(text: str, limit: int) -> list[str]:
    """Split on paragraphs, then lines, then words, so that no part exceeds `limit` characters."""
    parts: list[str] = []
    for paragraph in text.split("\n\n"):
        _append(parts, paragraph, "\n\n", limit)
    return [p for p in parts if p.strip()]


def _append(parts: list[str], piece: str, joiner: str, limit: int) -> None:
    if parts and len(parts[-1]) + len(joiner) + len(piece) <= limit:
        parts[-1] += joiner + piece
    elif len(piece) <= limit:
        parts.append(piece)
    elif joiner == "\n\n":
        for line in piece.split("\n"):
            _append(parts, line, "\n", limit)
    elif joiner == "\n":
        for word in piece.split(" "):
            _append(parts, word, " ", limit)
    else:
        parts.extend(piece[i:i + limit] for i in range(0, len(piece), limit))
