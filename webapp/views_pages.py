"""The article page, saved searches (save, list, short links) and the health check."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl

from flask import Blueprint, Response, abort, current_app, jsonify, redirect, render_template, request
from werkzeug.datastructures import MultiDict

from engine.backends.base import BackendError
from webapp import get_backend
from webapp.state import ParamError, SearchState, parse_state

blueprint = Blueprint("pages", __name__)
ARTICLE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
MAX_NAME_LENGTH = 100


def empty_state() -> SearchState:
    limits = current_app.config["NEWSFACET_LIMITS"]
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


def slug_for(name: str, query_string: str) -> str:
    """Readable and stable: the name's letters plus a hash of the search, so saving the same
    search under the same name twice gives one link and different searches never collide."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    stem = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:32].strip("-") or "search"
    digest = hashlib.sha1(f"{name}\n{query_string}".encode()).hexdigest()[:6]
    return f"{stem}-{digest}"


def canonical_query(query_string: str) -> str:
    """The canonical form of saved parameters, page and cursor dropped (ParamError if invalid)."""
    args = MultiDict(parse_qsl(query_string, keep_blank_values=True))
    state = parse_state(args, current_app.config["NEWSFACET_LIMITS"])
    return state.at_page(1).query_string()


@blueprint.post("/saved")
def save() -> Response:
    """Save the posted search under a name (CSRF-checked before this runs) and show the list."""
    name = " ".join(request.form.get("name", "").split())
    if not name or len(name) > MAX_NAME_LENGTH:
        raise ParamError(f"Give the search a name of 1 to {MAX_NAME_LENGTH} characters.")
    query_string = canonical_query(request.form.get("query_string", ""))
    slug = slug_for(name, query_string)
    get_backend().saved_searches().save(slug, name, query_string)
    return redirect(f"/saved#saved-{slug}", 303)


@blueprint.get("/saved")
def saved_list() -> str:
    searches = get_backend().saved_searches().all()
    return render_template("saved.html", searches=searches)


@blueprint.get("/s/<slug>")
def short_link(slug: str) -> Response:
    """Redirect a saved search's short link to its canonical search URL."""
    if len(slug) > 80:
        abort(404)
    saved = get_backend().saved_searches().get(slug)
    if saved is None:
        abort(404, description="No saved search has this link.")
    query = canonical_query(saved.query_string)
    return redirect(f"/search?{query}" if query else "/search", 302)


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
