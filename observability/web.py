"""The web app's request ids: taken from X-Request-ID when valid (nginx sets it) or made, kept for the log
lines of the request and returned in the response header; JSON logs when LOG_FORMAT=json."""

from __future__ import annotations

from flask import Flask, Response, g, request

from observability import context
from observability.logs import configure_logging


def init_observability(app: Flask) -> None:
    """Register before the other hooks, so a request refused early (a rate limit) still gets its id."""
    configure_logging("web")
    app.before_request(_take_request_id)
    app.after_request(_return_request_id)
    app.teardown_request(_forget_request_id)


def _take_request_id() -> None:
    g.request_id = context.valid_request_id(request.headers.get(context.HEADER)) or context.new_request_id()
    g.request_id_token = context.request_id.set(g.request_id)


def _return_request_id(response: Response) -> Response:
    if "request_id" in g:
        response.headers[context.HEADER] = g.request_id
    return response


def _forget_request_id(_error: BaseException | None) -> None:
    # gunicorn's sync workers serve many requests from one thread: the id must not outlive its request.
    if "request_id_token" in g:
        context.request_id.reset(g.request_id_token)
