"""Send a resident's message to the Rasa REST channel and get the replies back.

Each turn carries a request id (the web request's, or a new one) to Rasa, in the message metadata
("request_id", which the action server logs) and as X-Request-ID; it is timed and counted
(`observability.metrics`).
"""

from __future__ import annotations

import requests

from channels.messages import InboundMessage, Reply
from observability import context
from observability.metrics import measured_turn


class RasaUnavailable(Exception):
    """Rasa did not answer (down, timed out, answered with an error, or with nothing because the action
    server is down): the channel tells the resident to try again shortly."""


# Sent with every turn so that nginx sends one conversation to one Rasa replica (deployment/nginx.conf.template).
CONVERSATION_HEADER = "X-Conversation-ID"


def ask_rasa(rasa_url: str, message: InboundMessage, timeout: float) -> list[Reply]:
    request_id = context.request_id.get() or context.new_request_id()
    with context.bound(request_id, message.conversation_id), measured_turn(message.channel, RasaUnavailable):
        return _ask(rasa_url, message, timeout, request_id)


def _ask(rasa_url: str, message: InboundMessage, timeout: float, request_id: str) -> list[Reply]:
    metadata = {**message.metadata, "channel": message.channel, "request_id": request_id}
    if message.location:
        metadata["location"] = {"latitude": message.location[0], "longitude": message.location[1]}
    if message.image_url:
        metadata["image_url"] = message.image_url
    try:
        response = requests.post(
            f"{rasa_url}/webhooks/rest/webhook",
            json={"sender": message.conversation_id, "message": message.text_for_bot, "metadata": metadata},
            headers={context.HEADER: request_id, CONVERSATION_HEADER: message.conversation_id},
            timeout=timeout,
        )
        response.raise_for_status()
        replies = [Reply.from_rasa(m) for m in response.json()]
    except (requests.RequestException, ValueError) as error:
        raise RasaUnavailable(str(error)) from error
    if not replies:  # every turn of this assistant answers: none means its action server failed
        raise RasaUnavailable("no reply: the action server is down or failed")
    return replies
