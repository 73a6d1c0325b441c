"""The action server's side: each /webhook call runs with the turn's request id and conversation.

Rasa passes the message metadata on to the action server inside the tracker
(`tracker.latest_message.metadata.request_id`, set by `channels.rasa_bridge.ask_rasa`). A Sanic request
middleware, attached through rasa_sdk's plugin hook (`attach_sanic_app_extensions`, called for the app of
every Sanic worker), binds it before the action runs, so every log line of the action carries it.
`install()` is called when the actions package is imported: in the main process and in each worker,
which imports the actions again when it unpickles the executor.
"""

from __future__ import annotations

import json
import sys
import zlib

import pluggy
from rasa_sdk.plugin import plugin_manager
from sanic import Request, Sanic
from sanic.exceptions import BadRequest

from observability import context
from observability.logs import configure_logging

hookimpl = pluggy.HookimplMarker("rasa_sdk")


def install() -> None:
    """JSON logs (LOG_FORMAT=json) and the request id middleware; once per process."""
    manager = plugin_manager()
    plugin = sys.modules[__name__]
    if not manager.is_registered(plugin):
        configure_logging("actions")
        manager.register(plugin)


@hookimpl
def attach_sanic_app_extensions(app: Sanic) -> None:
    app.register_middleware(bind_turn, "request")


async def bind_turn(request: Request) -> None:
    """Sets (no reset needed: every /webhook call sets both) the turn's request id and conversation."""
    if request.path != "/webhook":
        return
    tracker = (_action_call(request) or {}).get("tracker") or {}
    metadata = (tracker.get("latest_message") or {}).get("metadata") or {}
    context.request_id.set(context.valid_request_id(metadata.get("request_id")))
    sender = tracker.get("sender_id")
    context.conversation.set(context.conversation_hash(sender) if isinstance(sender, str) else None)


def _action_call(request: Request) -> dict | None:
    """The body as the webhook itself reads it (Rasa may deflate it); None when it is not a JSON object."""
    try:
        if request.headers.get("Content-Encoding") == "deflate":
            body = json.loads(zlib.decompress(request.body))
        else:
            body = request.json
    except (BadRequest, ValueError, zlib.error):
        return None
    return body if isinstance(body, dict) else None
