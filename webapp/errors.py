"""Friendly error pages (HTML, or JSON for the API twins); no stack trace ever reaches a user."""
from __future__ import annotations

from flask import Flask, Response, current_app, jsonify, make_response, render_template, request
from newsfacet.engine.backends.base import BackendError
from newsfacet.engine.query import QuerySyntaxError
from newsfacet.engine.search import RequestError
from newsfacet.webapp.state import ParamError
from werkzeug.exceptions import HTTPException

TITLES = {400: "That request cannot be answered", 404: "Not found", 405: "Method not allowed",
          403: "Not allowed", 409: "Cannot be done now", 410: "No longer available", 429: "Too many requests",
          413: "Request too large", 500: "Something went wrong", 503: "Search is unavailable"}


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(ParamError, lambda error: error_response(400, str(error)))
    app.register_error_handler(RequestError, lambda error: error_response(400, _sentence(str(error))))
    # Views show syntax errors themselves; this is the net for any path that parses a query.
    app.register_error_handler(QuerySyntaxError,
                               lambda error: error_response(400, f"Query syntax: {_sentence(str(error))}"))
    app.register_error_handler(BackendError, _backend_error)
    app.register_error_handler(Exception, _unexpected)


def wants_json() -> bool:
    """The machine twins (JSON, JSON lines, CSV, Atom) and API endpoints answer errors in JSON."""
    path = request.path
    return path.endswith((".json", ".jsonl", ".csv", ".atom")) or path.startswith("/api/") or path == "/healthz"


def error_response(status: int, message: str, **extra: object) -> Response:
    """The error as JSON for the API, else as a page; `extra` adds fields (e.g. a position)."""
    title = TITLES.get(status, "Error")
    if wants_json():
        body = jsonify({"error": {"status": status, "title": title, "message": message, **extra}})
    else:
        body = render_template("error.html", status=status, title=title, message=message)
    return make_response(body, status)


def _http_error(error: HTTPException) -> Response | HTTPException:
    if error.code is None or error.code < 400:
        return error  # redirects raised as exceptions pass through
    message = error.description or TITLES.get(error.code, "Error")
    if error.code == 404 and message.startswith("The requested URL was not found"):
        message = "There is no page at this address."
    response = error_response(error.code, message)
    if error.code == 405 and getattr(error, "valid_methods", None):
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def _backend_error(error: BackendError) -> Response:
    current_app.logger.warning("backend error on %s: %s", request.path, error)
    return error_response(503, f"The search index cannot answer right now: {error}")


def _unexpected(error: Exception) -> Response:
    current_app.logger.exception("unexpected error on %s", request.path, exc_info=error)
    return error_response(500, "An unexpected error stopped this page. It has been logged; please try again.")


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
