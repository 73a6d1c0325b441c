"""GeoReport v2 documents as JSON or XML (UTF-8, Vietnamese text as is).

A document is a list of records (or one record, for discovery and a service definition); a record
maps field names to text, numbers, booleans, None (an empty element, JSON null) or lists of records
or strings, written in XML as `<attributes><attribute>...</attribute></attributes>`.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from flask import Response

FORMATS = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
ITEM_TAGS = {"services": "service", "service_requests": "request", "errors": "error", "attributes": "attribute",
             "values": "value", "endpoints": "endpoint", "formats": "format"}


def render(document: list | dict, fmt: str, root: str, status: int = 200) -> Response:
    """The document as `fmt` ("json" or "xml"); `root` names the XML root element ("services", "discovery"...)."""
    if fmt == "json":
        body = json.dumps(document, ensure_ascii=False)
    else:
        body = XML_DECLARATION + ET.tostring(_element(root, document), encoding="unicode")
    return Response(body.encode("utf-8"), status=status, content_type=FORMATS[fmt])


def errors(fmt: str, status: int, description: str) -> Response:
    """The spec's error document: [{code, description}] / <errors><error><code/><description/></error></errors>."""
    return render([{"code": status, "description": description}], fmt, "errors", status)


def _element(tag: str, value: object) -> ET.Element:
    element = ET.Element(tag)
    if isinstance(value, dict):
        element.extend(_element(key, item) for key, item in value.items())
    elif isinstance(value, list):
        element.extend(_element(ITEM_TAGS[tag], item) for item in value)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = str(value)
    return element
