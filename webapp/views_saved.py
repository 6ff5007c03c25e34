"""Saved searches: save (validated, rate-limited, capped), the list in words, delete, short links.

The list is shared by every visitor, so saving is bounded three ways: a search is checked like a
search before it is stored, each client may save only so often (Flask-Limiter, keyed by IP
address), and the list holds at most `max_saved_searches`. Only the browser that saved a search
may delete it: its signed session cookie remembers the slugs it created.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import parse_qsl
from xml.etree import ElementTree

from flask import Blueprint, Flask, Response, abort, redirect, render_template, request, session
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from newsfacet.engine.follow import newest_indexed
from newsfacet.engine.saved import SavedListFull, SavedSearch
from newsfacet.webapp.atom import saved_feed
from newsfacet.webapp.context import get_backend, get_limits, get_settings
from newsfacet.webapp.errors import error_response
from newsfacet.webapp.state import ParamError, SearchState, parse_state
from werkzeug.datastructures import MultiDict

blueprint = Blueprint("saved", __name__)
MAX_NAME_LENGTH = 100
MAX_SLUG_LENGTH = 80
OWNED_SESSION_KEY = "saved_slugs"
# The session cookie holds the owned slugs (about 45 bytes each) and must stay under 4 KB.
MAX_OWNED_PER_SESSION = 40
FEED_ENTRIES = 20  # as many as /search.atom's first page
# Each count reads up to 1,000 hits (about 65 ms a search on the BBC corpus), so one view of the
# list counts this many followed searches: the browser's own first, then the newest saved.
MAX_COUNTED_PER_VIEW = 20


def init_app(app: Flask) -> None:
    """Register the routes with a per-client limit on saving.

    The limiter belongs to this app (no module-level singleton), so the limit is applied to the
    registered view here rather than with a decorator at import time.
    """
    settings = app.config["NEWSFACET"]
    limiter = Limiter(get_remote_address, app=app, storage_uri=settings["rate_limit_storage"],
                      headers_enabled=True, key_prefix="newsfacet")
    app.register_blueprint(blueprint)
    rate = settings["save_rate_limit"]
    message = (f"You are saving searches too quickly (at most {rate.replace(';', ', ')} per visitor); "
               "nothing was saved. Wait a little and try again.")
    endpoint = f"{blueprint.name}.save"
    app.view_functions[endpoint] = limiter.limit(rate, error_message=message)(app.view_functions[endpoint])


@dataclass(frozen=True)
class ListedSearch:
    """One row of the list: the stored search, its description (None if it no longer parses) and,
    once opened through its short link, how many matches were indexed since ("12", "1,000+")."""

    saved: SavedSearch
    words: str | None
    owned: bool
    new_since_visit: str | None = None


def stored_state(query_string: str) -> SearchState:
    """Parse stored parameters exactly as a search request would be (ValueError if invalid)."""
    args = MultiDict(parse_qsl(query_string, keep_blank_values=True))
    state = parse_state(args, get_limits())
    state.to_request().parsed  # noqa: B018 - RequestError or QuerySyntaxError for what a search refuses
    return state


def canonical_query(query_string: str) -> str:
    """The canonical form of a search to store, page and cursor dropped; `ParamError` if invalid."""
    try:
        state = stored_state(query_string)
    except ValueError as error:
        message = str(error)
        raise ParamError(f"This search cannot be saved: {message[:1].lower()}{message[1:]}") from None
    return state.at_page(1).query_string()


def in_words(state: SearchState) -> str:
    """The search as a phrase: “storm” in outlet BBC, language en, from 2024-01-01."""
    head = f"“{state.query}”" if state.query else "all articles"
    facets = [f"{name} {' or '.join(values)}" for name, values in sorted(state.include.items())]
    facets += [f"not {name} {' or '.join(values)}" for name, values in sorted(state.exclude.items())]
    extras = [f"{label} {day.isoformat()}" for label, day in (("from", state.date_from), ("to", state.date_to))
              if day]
    if state.sort != "relevance":
        extras.append(f"{state.sort} first")
    return ", ".join([head + (" in " + ", ".join(facets) if facets else ""), *extras])


def slug_for(name: str, query_string: str) -> str:
    """Readable and stable: the name's letters plus a hash of the search, so saving the same
    search under the same name twice gives one link and different searches never collide."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    stem = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:32].strip("-") or "search"
    digest = hashlib.sha1(f"{name}\n{query_string}".encode()).hexdigest()[:6]
    return f"{stem}-{digest}"


def owned_slugs() -> list[str]:
    owned = session.get(OWNED_SESSION_KEY)
    return [slug for slug in owned if isinstance(slug, str)] if isinstance(owned, list) else []


def remember_owned(slug: str) -> None:
    # A new list (not an in-place append) so the session knows it changed.
    session[OWNED_SESSION_KEY] = [*owned_slugs(), slug][-MAX_OWNED_PER_SESSION:]


def posted_name() -> str:
    """The form's `name` with runs of white space (any Unicode space) made one; `ParamError` when
    empty or too long. Jinja escapes it wherever it is shown, so HTML in a name stays text."""
    name = " ".join(request.form.get("name", "").split())
    if not name or len(name) > MAX_NAME_LENGTH:
        raise ParamError(f"Give the search a name of 1 to {MAX_NAME_LENGTH} characters.")
    return name


@blueprint.post("/saved")
def save() -> Response:
    """Save the posted search under a name (CSRF-checked before this runs) and show the list."""
    name = posted_name()
    query_string = canonical_query(request.form.get("query_string", ""))
    slug = slug_for(name, query_string)
    most = get_settings()["max_saved_searches"]
    try:
        added = get_backend().saved_searches().add(slug, name, query_string, most)
    except SavedListFull:
        return error_response(409, f"The list of saved searches is full ({most} searches), so nothing was "
                                   "saved. Delete one you saved, or ask the site's operator to make room.")
    if added is not None:
        remember_owned(slug)
    return redirect(f"/saved#saved-{slug}", 303)


@blueprint.get("/saved")
def saved_list() -> str:
    owned = set(owned_slugs())
    most = get_settings()["max_saved_searches"]
    searches = get_backend().saved_searches().all(limit=most)
    followed = [saved.slug for saved in sorted(searches, key=lambda saved: saved.slug not in owned)
                if saved.last_visited is not None]
    counted = set(followed[:MAX_COUNTED_PER_VIEW])
    rows = [_listed(saved, saved.slug in owned, saved.slug in counted) for saved in searches]
    return render_template("saved.html", searches=rows, most=most, max_name=MAX_NAME_LENGTH,
                           max_counted=MAX_COUNTED_PER_VIEW)


def _listed(saved: SavedSearch, owned: bool, counted: bool) -> ListedSearch:
    try:
        state = stored_state(saved.query_string)
    except ValueError:
        return ListedSearch(saved, None, owned)  # stored under other limits or by hand: no longer valid
    new = None
    if counted and saved.last_visited is not None:
        new = newest_indexed(get_backend(), state.to_request()).label_since(saved.last_visited)
    return ListedSearch(saved, in_words(state), owned, new)


@blueprint.post("/saved/<slug>/delete")
def delete(slug: str) -> Response:
    """Delete a saved search; only the session that saved it may (403 for anyone else)."""
    if slug not in owned_slugs():
        return error_response(403, "Only the browser that saved this search can delete it.")
    if not get_backend().saved_searches().delete(slug):
        abort(404, description="No saved search has this link; it may already have been deleted.")
    session[OWNED_SESSION_KEY] = [owned for owned in owned_slugs() if owned != slug]
    return redirect("/saved", 303)


@blueprint.post("/saved/<slug>/rename")
def rename(slug: str) -> Response:
    """Rename a saved search (its link stays); only the session that saved it may (403 otherwise)."""
    if slug not in owned_slugs():
        return error_response(403, "Only the browser that saved this search can rename it.")
    name = posted_name()
    if not get_backend().saved_searches().rename(slug, name):
        abort(404, description="No saved search has this link; it may have been deleted.")
    return redirect(f"/saved#saved-{slug}", 303)


def saved_and_state(slug: str) -> tuple[SavedSearch, SearchState] | Response:
    """The saved search behind a link and its parsed state; 404 when none, 410 (with the reason)
    when its stored parameters no longer parse."""
    saved = get_backend().saved_searches().get(slug) if len(slug) <= MAX_SLUG_LENGTH else None
    if saved is None:
        abort(404, description="No saved search has this link.")
    try:
        return saved, stored_state(saved.query_string).at_page(1)
    except ValueError as error:
        return error_response(410, f"The saved search “{saved.name}” is no longer valid, so it cannot be "
                                   f"opened ({error}). Start a new search instead.")


@blueprint.get("/s/<slug>")
def short_link(slug: str) -> Response:
    """Redirect a saved search's short link to its canonical search URL, recording the visit."""
    found = saved_and_state(slug)
    if isinstance(found, Response):
        return found
    query = found[1].query_string()
    get_backend().saved_searches().visited(slug, datetime.now(UTC))
    return redirect(f"/search?{query}" if query else "/search", 302)


@blueprint.get("/saved/<slug>.atom")
def feed(slug: str) -> Response:
    """A saved search's newest matches by indexing time, as Atom (alerts without e-mail)."""
    found = saved_and_state(slug)
    if isinstance(found, Response):
        return found
    saved, state = found
    matches = newest_indexed(get_backend(), state.to_request(), snippets=True).matches[:FEED_ENTRIES]
    document = saved_feed(saved.name, slug, state, matches)
    body = ElementTree.tostring(document, encoding="unicode", xml_declaration=True)
    return Response(body, mimetype="application/atom+xml")
