"""Only Rasa may call the action server: every /webhook call carries the shared secret.

Anyone who reached the action server's port could otherwise run any action as any resident (read
their reports, unsubscribe their dossiers). Rasa sends `X-Action-Token: ${ACTION_SERVER_TOKEN}`
(bot/endpoints*.yml); this Sanic middleware, attached through rasa_sdk's plugin hook, answers 403 to
a call without the right token (compared in constant time) and to every call when the server has no
token configured (fail closed). /health stays open for process supervisors. The server also binds to
127.0.0.1 (SANIC_HOST in the Procfile and the production topology).
"""

from __future__ import annotations

import hmac
import logging
import os
import sys

import pluggy
from rasa_sdk.plugin import plugin_manager
from sanic import Request, Sanic
from sanic.response import json as json_response

HEADER = "X-Action-Token"
TOKEN_SETTING = "ACTION_SERVER_TOKEN"
OPEN_PATHS = frozenset({"/health"})
hookimpl = pluggy.HookimplMarker("rasa_sdk")
logger = logging.getLogger(__name__)


def install() -> None:
    manager = plugin_manager()
    plugin = sys.modules[__name__]
    if not manager.is_registered(plugin):
        manager.register(plugin)
        if not os.environ.get(TOKEN_SETTING):
            logger.error("%s is not set: the action server refuses every call (Rasa sends it; see .env.example)",
                         TOKEN_SETTING)


@hookimpl
def attach_sanic_app_extensions(app: Sanic) -> None:
    app.register_middleware(require_token, "request")


async def require_token(request: Request):
    if request.path in OPEN_PATHS:
        return None
    expected = os.environ.get(TOKEN_SETTING, "")
    given = request.headers.get(HEADER, "")
    if expected and hmac.compare_digest(given.encode(), expected.encode()):
        return None
    return json_response({"error": "forbidden", "reason": f"missing or wrong {HEADER}"}, status=403)
