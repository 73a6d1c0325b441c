"""The OpenAPI description of the public HTTP API (webapp/openapi.yaml), at /api/openapi.yaml and /api/openapi.json.

tests/api_contract runs schemathesis against the app with it, so a change to an endpoint that the
description does not follow fails there.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import yaml
from flask import Blueprint, Response

SPEC_PATH = Path(__file__).with_name("openapi.yaml")

api_docs = Blueprint("api_docs", __name__)


@lru_cache(maxsize=1)
def openapi_document() -> dict:
    return yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))


@api_docs.get("/api/openapi.yaml")
def openapi_yaml():
    return Response(SPEC_PATH.read_bytes(), mimetype="application/yaml")


@api_docs.get("/api/openapi.json")
def openapi_json():
    return Response(json.dumps(openapi_document(), ensure_ascii=False), mimetype="application/json")
