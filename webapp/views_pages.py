"""The article page and the health check (saved searches are in views_saved)."""
from __future__ import annotations

import re

from flask import Blueprint, Response, abort, jsonify, render_template
from newsfacet.engine.backends.base import BackendError
from newsfacet.webapp.context import get_backend, get_limits
from newsfacet.webapp.state import SearchState

blueprint = Blueprint("pages", __name__)
ARTICLE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def empty_state() -> SearchState:
    limits = get_limits()
    return SearchState(size=limits.default_size, default_size=limits.default_size)


def paragraphs(body: str) -> list[str]:
    """Blank-line separated paragraphs; a text without blank lines is split at line breaks."""
    blocks = [block.strip() for block in re.split(r"\n\s*\n", body) if block.strip()]
    if len(blocks) == 1:
        blocks = [line.strip() for line in body.splitlines() if line.strip()]
    return blocks


def source_name(source: str | None) -> str | None:
    """The file name of a stored source (`reut2-000.sgm#12`), never the server path it was read from."""
    if not source:
        return None
    return re.split(r"[\\/]", source.rstrip("/\\"))[-1] or None


@blueprint.get("/article/<article_id>")
def article(article_id: str) -> str:
    if not ARTICLE_ID.match(article_id):
        abort(404, description="There is no article with this id.")
    found = get_backend().get(article_id)
    if found is None:
        abort(404, description="There is no article with this id; it may have been removed from the index.")
    return render_template("article.html", article=found, paragraphs=paragraphs(found.body),
                           source=source_name(found.source), copies=[source_name(c) for c in found.duplicates],
                           state=empty_state())


@blueprint.get("/healthz")
def healthz() -> tuple[Response, int]:
    """The backend's state as JSON: 200 when it answers and its index is intact, else 503 with a reason.

    Polled often, so the backend keeps it cheap (tantivy: structural check, checksums a slice a time).
    """
    try:
        health = get_backend().health()
    except BackendError as error:
        health = {"ok": False, "error": str(error)}
    body = {"status": "ok" if health.get("ok") else "unavailable", "backend": health}
    if not health.get("ok"):
        body["reason"] = health.get("error") or "the backend reports a problem"
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response, 200 if health.get("ok") else 503
