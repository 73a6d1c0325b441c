"""Flask web app: chat page and APIs in front of the Rasa REST channel."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, request, session
from flask_babel import Babel, get_locale

from localization import LANGUAGES, TRANSLATIONS_DIR, language_or_default

REPO_ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    """App factory; settings come from the environment, then from `config` (tests)."""
    app = Flask(__name__)
    app.config.update(
        RASA_URL=os.environ.get("RASA_URL", "http://127.0.0.1:5005"),
        RASA_TIMEOUT_SECONDS=float(os.environ.get("RASA_TIMEOUT_SECONDS", "15")),
        RASA_AUTH_TOKEN=os.environ.get("RASA_AUTH_TOKEN", ""),
        MAX_MESSAGE_CHARS=4000,
        MAX_PHOTO_BYTES=int(os.environ.get("MAX_PHOTO_BYTES", 10 * 1024 * 1024)),
        MEDIA_DIR=Path(os.environ.get("MEDIA_DIR", REPO_ROOT / "var" / "media")),
        KIOSK_IDLE_SECONDS=int(os.environ.get("KIOSK_IDLE_SECONDS", "90")),
        BABEL_TRANSLATION_DIRECTORIES=str(TRANSLATIONS_DIR),
        BABEL_DEFAULT_LOCALE="vi",
        SECRET_KEY=os.environ.get("SECRET_KEY") or _dev_secret_key(),
    )
    app.config.update(config or {})
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_PHOTO_BYTES"] + 64 * 1024  # a photo and its form fields
    Babel(app, locale_selector=_select_locale)
    app.jinja_env.globals["get_locale"] = get_locale

    from observability.web import init_observability
    from webapp.admin import init_admin
    from webapp.security import init_security

    init_observability(app)  # first, so every response (even a refused one) carries its request id
    init_admin(app)
    init_security(app)

    from webapp.api import api
    from webapp.api_docs import api_docs
    from webapp.chat import chat
    from webapp.dossier_events import dossier_events
    from webapp.errors import init_errors
    from webapp.guides import guides
    from webapp.health import health
    from webapp.open311 import open311
    from webapp.widget import widget
    from webapp.zalo import zalo

    app.register_blueprint(health)
    app.register_blueprint(chat)
    app.register_blueprint(api)
    app.register_blueprint(api_docs)
    app.register_blueprint(zalo)
    app.register_blueprint(widget)
    app.register_blueprint(dossier_events)
    app.register_blueprint(open311)
    app.register_blueprint(guides)
    init_errors(app)
    return app


def _select_locale() -> str:
    """`?lang=` when valid (and remembered in the session for the next pages), else the remembered choice,
    else the browser's Accept-Language."""
    chosen = request.args.get("lang")
    if chosen in LANGUAGES:
        if session.get("lang") != chosen:
            session["lang"] = chosen
        return chosen
    return language_or_default(session.get("lang") or request.accept_languages.best_match(LANGUAGES))


def _dev_secret_key() -> str:
    """A per-checkout random key for `make run`; production sets SECRET_KEY."""
    path = REPO_ROOT / "var" / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # readable by this user only (0600), created so from the start: no window in which others can read it
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(os.urandom(32).hex())
    elif path.stat().st_mode & 0o077:
        path.chmod(0o600)  # a key left readable by an older version
    return path.read_text().strip()
