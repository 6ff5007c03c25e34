"""The article page and the health check (saved searches are in views_saved)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from flask import Blueprint, Response, abort, jsonify, render_template, request
from newsfacet.engine.backends.base import BackendError
from newsfacet.engine.collapse import search_stories
from newsfacet.engine.highlight import TermMarker
from newsfacet.engine.params import parse_whole_number
from newsfacet.engine.query import QuerySyntaxError, parse_query
from newsfacet.engine.search import SearchResult
from newsfacet.webapp.context import get_backend, get_cursor_key, get_limits, get_settings
from newsfacet.webapp.present import hit_link
from newsfacet.webapp.state import PAGE_COLLAPSE, SearchState, parse_state

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


@dataclass(frozen=True)
class Reading:
    """Where an article sits in the search it was opened from: the results page, the hits either side."""

    state: SearchState  # the search, paging dropped
    rank: int | None  # 1-based place in the results, when known
    results_url: str  # the same results page
    previous_url: str | None = None
    next_url: str | None = None


def reading_context(article_id: str) -> Reading:
    """The search the article was opened from (ParamError -> 400 page), with back/previous/next links."""
    state = parse_state(request.args, get_limits(), PAGE_COLLAPSE).copy(page=1, cursor=None)
    most = get_settings()["max_page"] * state.size
    rank = parse_whole_number(request.args.get("rank", ""), "rank", "The result's place", 1, most, 0) or None
    page = (rank - 1) // state.size + 1 if rank else 1
    reading = Reading(state, rank, state.at_page(page).url())
    if rank is None:
        return reading
    ranked = ranked_ids(state, rank)
    if ranked.get(rank) != article_id:  # the index changed since: the place no longer holds
        return reading
    before, after = ranked.get(rank - 1), ranked.get(rank + 1)
    return Reading(state, rank, reading.results_url,
                   hit_link(before, state, rank - 1) if before else None,
                   hit_link(after, state, rank + 1) if after else None)


def ranked_ids(state: SearchState, rank: int) -> dict[int, str]:
    """Hit ids by rank on the results page holding `rank`, and on the page beside it at an edge."""
    size, page = state.size, (rank - 1) // state.size + 1
    pages = {page}
    if rank % size == 1 and page > 1:
        pages.add(page - 1)
    if rank % size == 0 and page < get_settings()["max_page"]:
        pages.add(page + 1)
    ranked: dict[int, str] = {}
    for number in sorted(pages):
        result = results_page(state, number)
        ranked.update({(number - 1) * size + place: hit.id for place, hit in enumerate(result.hits, 1)})
    return ranked


def results_page(state: SearchState, page: int) -> SearchResult:
    search = state.to_request(get_settings()["facet_size"], cursor_key=get_cursor_key(), facets=(),
                              histogram=False, highlight=False, page=page)
    return search_stories(get_backend(), search)


def query_marker(query: str, language: str) -> TermMarker:
    try:
        node = parse_query(query) if query else None
    except QuerySyntaxError:
        node = None  # the article is still worth reading; nothing to mark
    return TermMarker(node, language)


@blueprint.get("/article/<article_id>")
def article(article_id: str) -> str:
    if not ARTICLE_ID.match(article_id):
        abort(404, description="There is no article with this id.")
    found = get_backend().get(article_id)
    if found is None:
        abort(404, description="There is no article with this id; it may have been removed from the index.")
    reading = reading_context(article_id)
    marker = query_marker(reading.state.query, found.language)
    return render_template("article.html", article=found, reading=reading, state=reading.state,
                           marked=[marker.mark(block) for block in paragraphs(found.body)],
                           source=source_name(found.source), copies=[source_name(c) for c in found.duplicates],
                           empty=empty_state())


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
