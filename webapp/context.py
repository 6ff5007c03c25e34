"""The request context: what a view may ask of the running app (backend, settings, limits, cursor key).

Views read these functions rather than `current_app` keys or the package's `__init__`, so the
names under which the app keeps them are written down only here.
"""
from __future__ import annotations

import atexit
from typing import Any

from flask import Flask, current_app
from newsfacet.engine.backends import LazyBackend
from newsfacet.engine.backends.base import Backend
from newsfacet.engine.cursor import derive_key
from newsfacet.webapp.state import Limits

BACKEND_EXTENSION = "newsfacet"  # app.extensions key of the LazyBackend
CURSOR_KEY_EXTENSION = "newsfacet_cursor_key"
SETTINGS_CONFIG = "NEWSFACET"  # app.config key of the newsfacet settings
LIMITS_CONFIG = "NEWSFACET_LIMITS"


def attach(app: Flask, settings: dict[str, Any]) -> None:
    """Give `app` its settings, request limits and a backend opened on first use (closed at exit)."""
    app.config[SETTINGS_CONFIG] = settings
    app.config[LIMITS_CONFIG] = Limits.from_settings(settings)
    holder = LazyBackend(settings)
    app.extensions[BACKEND_EXTENSION] = holder
    atexit.register(holder.close)


def get_backend() -> Backend:
    """The current app's backend (opened on first use)."""
    return current_app.extensions[BACKEND_EXTENSION].backend


def get_settings() -> dict[str, Any]:
    """The current app's newsfacet settings (engine.settings names)."""
    return current_app.config[SETTINGS_CONFIG]


def get_limits() -> Limits:
    """The request limits (page sizes, max page) the app parses parameters with."""
    return current_app.config[LIMITS_CONFIG]


def get_cursor_key() -> bytes:
    """The key that signs this app's cursors, derived once from its SECRET_KEY."""
    extensions = current_app.extensions
    if CURSOR_KEY_EXTENSION not in extensions:
        extensions[CURSOR_KEY_EXTENSION] = derive_key(current_app.config["SECRET_KEY"])
    return extensions[CURSOR_KEY_EXTENSION]
