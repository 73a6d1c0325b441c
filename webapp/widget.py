"""The embeddable chat bubble: `<script src="https://<host>/widget.js" data-lang="vi" async></script>`.

The script is rendered per request so its labels come from the Babel catalogs
for both languages; the chat itself runs in an iframe of the full-page chat
(`/?embed=1`), so the host page's styles and scripts cannot reach it.
"""

from __future__ import annotations

from flask import Blueprint, Response, render_template

from localization import LANGUAGES, N_, gettext_for

widget = Blueprint("widget", __name__)

LABELS = {
    "open": N_("Mở trợ lý công dân"),
    "close": N_("Đóng trợ lý công dân"),
    "title": N_("Trợ lý công dân"),
}


@widget.get("/widget.js")
def widget_script():
    labels = {language: {key: gettext_for(language)(text) for key, text in LABELS.items()} for language in LANGUAGES}
    response = Response(render_template("widget.js", labels=labels), mimetype="text/javascript")
    response.headers["Cache-Control"] = "public, max-age=300"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
