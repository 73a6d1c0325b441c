"""Liveness (/healthz), readiness (/readyz) and Prometheus metrics (/metrics).

/readyz checks what a chat turn needs: the app database (SELECT 1) and Rasa's /status (200 once a model is
loaded, asked with a READY_TIMEOUT_SECONDS timeout); a 503 names the dependency that failed, never its error text
(a database URL can hold a password). /metrics answers only with `Authorization: Bearer <METRICS_TOKEN>`
when METRICS_TOKEN is set, which the production profile requires (webapp.security refuses to start without
it); under `make run`, without it, /metrics is open on the local machine.
"""

from __future__ import annotations

import hmac
import logging
import os

import requests
from flask import Blueprint, Response, abort, current_app, jsonify, request
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from observability.metrics import CONTENT_TYPE, exposition
from storage.database import make_engine

health = Blueprint("health", __name__)
logger = logging.getLogger(__name__)


@health.get("/healthz")
def healthz():
    return jsonify(status="ok")


@health.get("/readyz")
def readyz():
    failed = [name for name, check in (("database", _database_answers), ("rasa", _rasa_answers)) if not check()]
    if failed:
        return jsonify(status="unavailable", failed=failed), 503
    return jsonify(status="ready")


@health.get("/metrics")
def metrics():
    token = current_app.config.get("METRICS_TOKEN") or os.environ.get("METRICS_TOKEN")
    if token and not hmac.compare_digest(request.headers.get("Authorization", ""), f"Bearer {token}"):
        abort(401)
    return Response(exposition(current_app.config.get("APP_DATABASE_URL")), content_type=CONTENT_TYPE)


def _database_answers() -> bool:
    try:
        with make_engine(current_app.config.get("APP_DATABASE_URL")).connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        logger.warning("readiness: the app database failed (%s)", type(error).__name__)
        return False
    return True


def _rasa_token() -> dict[str, str]:
    """Rasa runs with `--auth-token` (RASA_AUTH_TOKEN); its /status wants the token as `?token=`."""
    token = current_app.config.get("RASA_AUTH_TOKEN")
    return {"token": token} if token else {}


def _rasa_answers() -> bool:
    timeout = float(os.environ.get("READY_TIMEOUT_SECONDS", "2"))
    try:
        requests.get(f"{current_app.config['RASA_URL']}/status", params=_rasa_token(),
                     timeout=timeout).raise_for_status()
    except requests.RequestException as error:
        logger.warning("readiness: Rasa's /status failed (%s)", type(error).__name__)
        return False
    return True
