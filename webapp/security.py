"""Security headers on every response, CSRF tokens for every POST (kept in the signed session), and
a guard that answers 500 instead of losing a server thread when a native extension panics."""
from __future__ import annotations

import hmac
import logging
import secrets
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, Response, abort, request, session

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# No inline script or style anywhere: everything comes from /static, so the policy can be strict.
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
))
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}


PANIC_MESSAGE = b"An unexpected error stopped this page. It has been logged; please try again.\n"
EXITS = (SystemExit, KeyboardInterrupt, GeneratorExit)


def init_app(app: Flask) -> None:
    app.before_request(check_csrf)
    app.after_request(add_headers)
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.wsgi_app = PanicGuard(app.wsgi_app, app.logger)  # type: ignore[method-assign]


class PanicGuard:
    """WSGI middleware: a Rust panic in tantivy arrives as pyo3's `PanicException`, a BaseException
    that neither Flask's error handlers nor gunicorn's gthread worker catch; each one silently
    killed a worker thread until the worker accepted connections and never answered. Here it
    becomes a plain 500 (with the security headers) and the thread lives on."""

    def __init__(self, wsgi_app: Callable[..., Iterable[bytes]], logger: logging.Logger) -> None:
        self.wsgi_app = wsgi_app
        self.logger = logger

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        try:
            return self.wsgi_app(environ, start_response)
        except EXITS:
            raise
        except BaseException as error:  # noqa: B036 - exactly the exceptions Flask lets through
            self.logger.error("uncaught %s on %s", type(error).__name__, environ.get("PATH_INFO"), exc_info=error)
            headers = [("Content-Type", "text/plain; charset=utf-8"), ("Cache-Control", "no-store"),
                       *HEADERS.items()]
            start_response("500 INTERNAL SERVER ERROR", headers)
            return [PANIC_MESSAGE]


def csrf_token() -> str:
    """This session's token, made on first use."""
    if CSRF_FIELD not in session:
        session[CSRF_FIELD] = secrets.token_urlsafe(32)
    return session[CSRF_FIELD]


def check_csrf() -> None:
    """Refuse any state-changing request whose token does not match the session's (400)."""
    if request.method in SAFE_METHODS or request.url_rule is None:
        return  # no route matched: the 404/405 that follows changes nothing
    expected = session.get(CSRF_FIELD)
    sent = request.form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER)
    if not expected or not sent or not hmac.compare_digest(str(expected), str(sent)):
        abort(400, description="The form's security token is missing or has expired. "
                               "Reload the page and try again.")


def add_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response
