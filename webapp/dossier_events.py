"""`POST /api/dossiers/events`: signed status pushes from the one-stop system into the dossier registry.

Answers: 200 {"status": created|changed|unchanged|stale|duplicate}; 401 bad, missing or stale signature;
400 bad JSON, unknown status, bad dates, no `event_id` in the body, or an `Idempotency-Key` header
that differs from it (only the signed body chooses the idempotency key); 404 while DOSSIER_WEBHOOK_SECRET is not set.
The recipe is in docs/DOSSIER_SOURCES.md.
"""

from __future__ import annotations

import json
import logging

from flask import Blueprint, current_app, jsonify, request

from dossiers.registry import record_status
from dossiers.reports import FieldError, parse_report
from dossiers.webhook import Unauthorized, WebhookSettings, check_signature
from storage.database import session_scope, utcnow

dossier_events = Blueprint("dossier_events", __name__)
logger = logging.getLogger(__name__)


@dossier_events.post("/api/dossiers/events")
def receive_event():
    settings: WebhookSettings | None = current_app.config.get("DOSSIER_WEBHOOK") or WebhookSettings.from_env()
    if settings is None:
        return jsonify(error="dossier events are off: DOSSIER_WEBHOOK_SECRET is not set"), 404
    raw_body = request.get_data()
    try:
        check_signature(settings, raw_body, request.headers.get("X-Timestamp"), request.headers.get("X-Signature"))
    except Unauthorized as error:
        logger.warning("dossier events: rejected call: %s", error)
        return jsonify(error=str(error)), 401
    try:
        body = json.loads(raw_body)
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: nested thousands deep
        return jsonify(error="body is not JSON"), 400
    if not isinstance(body, dict):
        return jsonify(error="body is not a JSON object"), 400
    event_id = body.get("event_id")
    if event_id is None or str(event_id).strip() == "":
        return jsonify(error="missing event_id: the event id must be in the signed body"), 400
    header_key = request.headers.get("Idempotency-Key")
    if header_key is not None and header_key != str(event_id):
        # The header is not signed: letting it choose the key would let a captured event be replayed
        # under a fresh key and roll a status back.
        return jsonify(error="Idempotency-Key does not match the signed event_id"), 400
    try:
        report = parse_report(body)
    except FieldError as error:
        return jsonify(error=str(error)), 400
    with session_scope(current_app.config.get("APP_DATABASE_URL")) as session:
        outcome = record_status(session, report.receipt, report.status, report.at or utcnow(), "webhook",
                                str(event_id), report.fields)
    logger.info("dossier events: %s %s -> %s", report.receipt, report.status.value, outcome.value)
    return jsonify(status=outcome.value, receipt_number=report.receipt)
