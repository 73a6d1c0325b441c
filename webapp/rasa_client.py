"""Talk to the Rasa REST channel over HTTP."""

from __future__ import annotations

from typing import Any

import requests


class RasaUnavailable(Exception):
    """Rasa did not answer (down, timed out, or answered with an error)."""


def send_message(rasa_url: str, sender_id: str, text: str, timeout: float, metadata: dict | None = None
                 ) -> list[dict[str, Any]]:
    """One resident turn; returns Rasa's list of bot messages (text, buttons, image...)."""
    try:
        response = requests.post(
            f"{rasa_url}/webhooks/rest/webhook",
            json={"sender": sender_id, "message": text, "metadata": metadata or {}},
            timeout=timeout,
        )
        response.raise_for_status()
        return response.json()
    except (requests.RequestException, ValueError) as error:
        raise RasaUnavailable(str(error)) from error
