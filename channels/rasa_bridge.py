"""Send a resident's message to the Rasa REST channel and get the replies back."""

from __future__ import annotations

import requests

from channels.messages import InboundMessage, Reply


class RasaUnavailable(Exception):
    """Rasa did not answer (down, timed out, answered with an error, or with nothing because the action
    server is down): the channel tells the resident to try again shortly."""


def ask_rasa(rasa_url: str, message: InboundMessage, timeout: float) -> list[Reply]:
    metadata = {**message.metadata, "channel": message.channel}
    if message.location:
        metadata["location"] = {"latitude": message.location[0], "longitude": message.location[1]}
    if message.image_url:
        metadata["image_url"] = message.image_url
    try:
        response = requests.post(
            f"{rasa_url}/webhooks/rest/webhook",
            json={"sender": message.conversation_id, "message": message.text_for_bot, "metadata": metadata},
            timeout=timeout,
        )
        response.raise_for_status()
        replies = [Reply.from_rasa(m) for m in response.json()]
    except (requests.RequestException, ValueError) as error:
        raise RasaUnavailable(str(error)) from error
    if not replies:  # every turn of this assistant answers: none means its action server failed
        raise RasaUnavailable("no reply: the action server is down or failed")
    return replies
