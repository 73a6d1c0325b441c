"""The public HTTP API keeps to its OpenAPI description (webapp/openapi.yaml), checked by schemathesis.

Valid requests generated from the description get answers of the documented statuses, content types and
shapes; invalid ones (negative mode) never a server error. A generated request is made a real one where
a secret is needed: the conversation's signed session id, the Open311 api_key, and the webhooks'
signatures and fresh timestamps; everything else is what schemathesis generated.
"""

import json
import re
import time

import pytest
import schemathesis
import yaml
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from channels.zalo.webhook import expected_mac
from dossiers.webhook import signature
from evaluation.servers import free_port
from tests.api_contract.conftest import DOSSIER_SECRET, SECRET_KEY
from tests.channels.zalo_events import APP_ID, OA_SECRET
from webapp import create_app
from webapp.api_docs import SPEC_PATH

CONFORMANCE = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
               response_schema_conformance]
VALID_EXAMPLES, INVALID_EXAMPLES = 30, 20  # per operation, plus the coverage phase's boundary cases


def examples(count: int):
    return settings(max_examples=count, deadline=None, database=None, derandomize=True,
                    suppress_health_check=list(HealthCheck))


# Routes of the app that are not part of the public API, and why.
NOT_API = {
    "/": "the chat page (HTML)",
    "/guides/": "the printable guides (HTML)",
    "/guides/{guide_id}": "one printable guide (HTML)",
    "/open311/v2/{unknown}": "any other Open311 path: the GeoReport error document, 404",
    "/metrics": "Prometheus metrics for the operator (METRICS_TOKEN, or kept off the site by the proxy)",
}


def load(mode: GenerationMode, count: int):
    """The description as a schemathesis schema; loaded from the file at import (the lazy fixture loader of
    schemathesis 4.32 fails under pytest 9), the app comes with each call."""
    schema = schemathesis.openapi.from_path(SPEC_PATH)
    schema.config.generation.update(max_examples=count, modes=[mode])
    schema.config.phases.update(phases=["examples", "coverage", "fuzzing"])
    return schema


valid_schema = load(GenerationMode.POSITIVE, VALID_EXAMPLES)
invalid_schema = load(GenerationMode.NEGATIVE, INVALID_EXAMPLES)


@valid_schema.parametrize()
@examples(VALID_EXAMPLES)
def test_valid_requests_get_documented_answers(case, contract):
    # /readyz answers its documented 503 here: the stand-in Rasa has no /status.
    checks = CONFORMANCE[1:] if case.operation.path == "/readyz" else CONFORMANCE
    case.call_and_validate(checks=checks, app=contract["app"], **made_real(case, contract))


@invalid_schema.parametrize()
@examples(INVALID_EXAMPLES)
def test_invalid_requests_never_crash_the_server(case, contract):
    if case.operation.path == "/readyz":
        pytest.skip("no input to get wrong; its 503 here is the stand-in Rasa's missing /status")
    case.call_and_validate(checks=[not_a_server_error], app=contract["app"])


def made_real(case, contract) -> dict:
    """Put the secrets a real client holds into a generated request; the extra call arguments (a signed body)."""
    body = case.body if isinstance(case.body, dict) else None
    if isinstance(case.query, dict) and "session_id" in case.query:
        case.query["session_id"] = contract["session_id"]
    if body is not None and "session_id" in body:
        body["session_id"] = contract["session_id"]
    if case.operation.path == "/open311/v2/requests.{format}" and case.method == "POST" and body is not None:
        body["api_key"] = contract["api_key"]
    if case.operation.path == "/webhooks/zalo" and body is not None:
        body |= {"app_id": APP_ID, "timestamp": str(int(time.time() * 1000))}
        raw = json.dumps(body).encode()
        return {"data": raw, "headers": {
            "X-ZEvent-Signature": "mac=" + expected_mac(APP_ID, raw, body["timestamp"], OA_SECRET)}}
    if case.operation.path == "/api/dossiers/events" and body is not None:
        raw, timestamp = json.dumps(body).encode(), str(int(time.time()))
        return {"data": raw, "headers": {"X-Timestamp": timestamp,
                                         "X-Signature": signature(DOSSIER_SECRET, timestamp, raw)}}
    return {}


def test_rate_limits_and_a_silent_bot_get_their_documented_answers(contract):
    """429 (with Retry-After) once a limit is reached, 503 while Rasa does not answer: shapes as described."""
    app = create_app({"TESTING": True, "SECRET_KEY": SECRET_KEY, "APP_DATABASE_URL": contract["db_url"],
                      "RATELIMIT_NEW_SESSION": "1/minute", "RASA_URL": f"http://127.0.0.1:{free_port()}",
                      "RASA_TIMEOUT_SECONDS": 1})
    new_session = valid_schema["/api/session"]["POST"].Case()
    assert new_session.call(app=app).status_code == 200
    limited = new_session.call(app=app)
    assert limited.status_code == 429 and int(limited.headers["retry-after"][0]) >= 1
    new_session.validate_response(limited, checks=CONFORMANCE)
    chat = valid_schema["/api/chat"]["POST"].Case(body={"session_id": contract["session_id"], "message": "chào"},
                                                   media_type="application/json")
    silent = chat.call(app=app)
    assert silent.status_code == 503 and silent.json()["error"]
    chat.validate_response(silent, checks=CONFORMANCE[1:])  # a 503 is the documented answer here


def test_the_description_is_valid_openapi_in_both_forms(contract):
    client = contract["app"].test_client()
    as_json = client.get("/api/openapi.json")
    as_yaml = client.get("/api/openapi.yaml")
    assert as_json.mimetype == "application/json" and as_yaml.mimetype == "application/yaml"
    assert yaml.safe_load(as_yaml.get_data(as_text=True)) == as_json.get_json()
    schemathesis.openapi.from_wsgi("/api/openapi.json", contract["app"]).validate()  # the OpenAPI 3.1 meta-schema


def test_every_public_route_is_described_or_listed_as_not_api(contract):
    app = contract["app"]
    described = app.test_client().get("/api/openapi.json").get_json()["paths"]
    documented = {(path, method.upper()) for path, item in described.items() for method in item}
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(("/admin", "/static")):
            continue
        path = re.sub(r"<any\([^)]*\):fmt>", "{format}", rule.rule)
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", path)
        routes |= {(path, method) for method in rule.methods - {"HEAD", "OPTIONS"}}
    public = {route for route in routes if route[0] not in NOT_API}
    assert public == documented, f"undescribed: {public - documented}; described, no route: {documented - public}"
    assert {path for path, _ in routes} >= NOT_API.keys()  # the list names only real routes
