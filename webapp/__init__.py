"""The newsfacet web app: `create_app(config)` builds a Flask app over one search backend.

Nothing is opened at import time: the backend is opened on the first request that needs it and
kept for the life of the app (one per worker process), closed when the process exits.
"""
from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from flask import Flask
from newsfacet.engine.cursor import read_or_create_secret
from newsfacet.engine.settings import load_settings
from newsfacet.webapp import cache, context, errors, security

SECRET_FILE = "web-secret-key"


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """A configured app: lower-case keys are newsfacet settings, upper-case keys Flask config."""
    config = dict(config or {})
    flask_config = {key: value for key, value in config.items() if key.isupper()}
    settings = load_settings({key: value for key, value in config.items() if not key.isupper()})
    # An explicit instance path: Flask cannot find one for a package mapped into a namespace
    # (newsfacet.webapp from the webapp/ folder), and newsfacet keeps nothing there anyway.
    app = Flask(__name__, instance_path=str(Path(settings["data_dir"]).resolve()))
    app.config.update(
        SECRET_KEY=_secret_key(settings),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        MAX_CONTENT_LENGTH=64 * 1024,  # only small forms are ever posted
    )
    context.attach(app, settings)
    # Deployment-only Flask options without code, e.g. NEWSFACET_FLASK_SESSION_COOKIE_SECURE=true,
    # NEWSFACET_FLASK_TRUSTED_HOSTS='["news.example.org"]' (values are read as JSON).
    app.config.from_prefixed_env("NEWSFACET_FLASK")
    app.config.update(flask_config)
    security.init_app(app)
    cache.init_app(app)
    errors.init_app(app)
    _register_views(app)
    return app


def _register_views(app: Flask) -> None:
    from newsfacet.webapp import (
        aliases,
        histogram_links,
        present,
        views_api,
        views_compare,
        views_entity,
        views_export,
        views_pages,
        views_saved,
        views_search,
        views_story,
    )

    for module in (views_search, views_export, views_pages, views_api, views_story, views_entity,
                   views_compare):
        app.register_blueprint(module.blueprint)
    views_saved.init_app(app)
    present.init_app(app)
    aliases.init_app(app)
    histogram_links.init_app(app)


def _secret_key(settings: dict[str, Any]) -> str:
    """The configured key, else one kept in the data folder."""
    if settings.get("secret_key"):
        return settings["secret_key"]
    # Kept in the data folder so every worker shares it; a read-only folder gives a per-process key
    # (CSRF tokens and cursors then hold within one worker).
    return read_or_create_secret(Path(settings["data_dir"]) / SECRET_FILE) or secrets.token_urlsafe(48)
