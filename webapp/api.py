"""Public JSON API over the knowledge base: search and procedure records."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, request
from flask_babel import gettext as _

from knowledge.service import knowledge_base
from vietnamese_text import clean_text

api = Blueprint("api", __name__, url_prefix="/api")
MAX_QUERY_CHARS = 500
MAX_K = 20


def _knowledge_base():
    """The app's knowledge base: the process-wide one, unless the app was created with its own."""
    return current_app.config.get("KNOWLEDGE_BASE") or knowledge_base()


@api.get("/search")
def search():
    query = clean_text(request.args.get("q", ""))
    if not query:
        return jsonify(error=_("Thiếu từ khóa tìm kiếm (tham số q).")), 400
    if len(query) > MAX_QUERY_CHARS:
        return jsonify(error=_("Từ khóa quá dài (tối đa %(limit)d ký tự).", limit=MAX_QUERY_CHARS)), 400
    try:
        k = int(request.args.get("k", 5))
    except ValueError:
        return jsonify(error=_("Tham số k phải là số nguyên.")), 400
    if not 1 <= k <= MAX_K:
        return jsonify(error=_("Tham số k phải từ 1 đến %(limit)d.", limit=MAX_K)), 400
    result = _knowledge_base().search(query, k=k)
    return jsonify(
        query=query, decision=result.decision, confidence=result.confidence,
        results=[{"code": h.code, "name": h.name, "score": h.score, "source_url": h.source_url,
                  "level": list(h.levels)} for h in result.hits],
    )


@api.get("/procedures/<code>")
def procedure(code: str):
    record = _knowledge_base().procedure(code)
    if record is None:
        abort(404)
    return jsonify(record)


@api.errorhandler(404)
def not_found(_error):
    return jsonify(error=_("Không tìm thấy thủ tục với mã này.")), 404
