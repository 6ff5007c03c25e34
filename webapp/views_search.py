"""The search page and its JSON twin, plus the long-facet page ('more' and value search)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, jsonify, redirect, render_template, request
from newsfacet.engine.collapse import search_stories
from newsfacet.engine.facets import FACETS, shown_facets
from newsfacet.engine.limits import MAX_FACET_SIZE
from newsfacet.engine.params import parse_choice, parse_prefix, parse_whole_number
from newsfacet.engine.query import QuerySyntaxError
from newsfacet.engine.search import SearchRequest, SearchResult, decode_cursor
from newsfacet.webapp import present
from newsfacet.webapp.aliases import add_aliases, choices_stamp
from newsfacet.webapp.cache import CSRF_MARKER, HIT, Body, get_cache, not_modified, send
from newsfacet.webapp.context import get_backend, get_cursor_key, get_limits, get_settings
from newsfacet.webapp.errors import error_response
from newsfacet.webapp.security import csrf_token
from newsfacet.webapp.state import (
    API_COLLAPSE,
    PAGE_COLLAPSE,
    ParamError,
    SearchState,
    is_canonical,
    parse_state,
    typed_state,
)

blueprint = Blueprint("search", __name__)
FACET_ORDERS = ("count", "name")  # how the facet page lists values
FACET_PAGE_VALUES = 100  # values a facet page lists unless `limit` asks for more


@dataclass
class Outcome:
    """One search as the views need it: the state, and either a result or a syntax error."""

    state: SearchState
    result: SearchResult | None
    syntax_error: QuerySyntaxError | None = None


def read_state(default_collapse: bool = API_COLLAPSE) -> SearchState:
    """The request's search state (ParamError -> 400 page); `collapse` defaults off but on the page."""
    return parse_state(request.args, get_limits(), default_collapse)


def raw_query_string() -> str:
    return request.query_string.decode("utf-8", "replace")


def engine_request(state: SearchState, **overrides: object) -> SearchRequest:
    """The engine request for a state, with the app's facet size and cursor key."""
    settings = get_settings()
    return state.to_request(settings["facet_size"], cursor_key=get_cursor_key(),
                            facet_time_limit_ms=settings["facet_time_limit_ms"], **overrides)


def check_cursor(state: SearchState) -> None:
    """Refuse a bad cursor (RequestError -> 400) even on views that do not page with it."""
    decode_cursor(engine_request(state))


def run_search(state: SearchState) -> Outcome:
    """Search the backend; a query syntax error is an outcome to show, not a failure."""
    search_request = engine_request(state, facets=shown_facets())
    try:
        search_request.parsed  # noqa: B018 - parse first so a syntax error costs no search
    except QuerySyntaxError as error:
        return Outcome(state, None, error)
    backend = get_backend()
    cache = get_cache()
    return Outcome(state, cache.result(backend, search_request,
                                       lambda: search_stories(backend, search_request, cache.counts)))


def validator(kind: str) -> tuple[str, str] | None:
    """This URL's cache generation and ETag, or None without an index generation (nothing cached)."""
    generation = get_backend().generation()
    if generation is None:
        return None
    generation += ":" + choices_stamp()  # the aliases a page shows follow the user's entity choices
    return generation, get_cache().etag(generation, kind)


def cached(kind: str, make: Callable[[], Body | None], private: bool = False,
           fill: Callable[[], bytes] | None = None) -> Response | None:
    """This URL's answer from the cache (or a 304), made by `make` on a miss; None when it cannot be
    cached (no index generation, or `make` gave None: an answer that is not a plain 200)."""
    known = validator(kind)
    if known is None:
        return None
    generation, etag = known
    answer = not_modified(etag)
    if answer is not None:
        return answer
    body, source = get_cache().body((generation, kind, request.url), make)
    if body is None:
        return None
    return send(body, etag, source, private, fill=fill() if fill else b"")


def kept_answer(kind: str, private: bool = False, fill: Callable[[], bytes] | None = None) -> Response | None:
    """This URL's answer (or a 304) when its body is cached, asked before the request is parsed: a
    body is kept only for a URL that parsed, was canonical and answered 200, so parsing it again
    would change nothing. It was a sixth of a hit's time in the app. None: not cached, go on."""
    known = validator(kind)
    if known is None:
        return None
    generation, etag = known
    body = get_cache().kept((generation, kind, request.url))
    if body is None:
        return None
    answer = not_modified(etag)
    return answer if answer is not None else send(body, etag, HIT, private, fill=fill() if fill else b"")


def absolute(path: str) -> str:
    return request.host_url.rstrip("/") + path


@blueprint.get("/")
def home() -> Response:
    """The search page lives at /search; parameters given here are kept (and then canonicalized)."""
    query = raw_query_string()
    return redirect(f"/search?{query}" if query else "/search", 302)


@blueprint.get("/search")
def page() -> Response | tuple[str, int]:
    """The search page; a non-canonical URL redirects to its canonical form (302: defaults may change)."""
    answer = kept_answer("page", private=True, fill=page_token)
    if answer is not None:
        return answer
    try:
        state = read_state(PAGE_COLLAPSE)
    except ParamError as error:
        return render_template("search.html", **typed_context(str(error))), 400
    if not is_canonical(raw_query_string(), state):
        return redirect(state.url(), 302)

    def make() -> Body | None:
        outcome = run_search(state)
        if outcome.syntax_error is not None:
            return None
        return Body.of(render_template("search.html", **page_context(outcome), csrf_token=lambda: CSRF_MARKER),
                       "text/html", blank=CSRF_MARKER, keep=not outcome.result.timed_out)

    answer = cached("page", make, private=True, fill=page_token)
    if answer is not None:
        return answer
    outcome = run_search(state)
    return render_template("search.html", **page_context(outcome)), 400 if outcome.syntax_error else 200


def page_token() -> bytes:
    """The visitor's form token, for the blank of a cached page."""
    return csrf_token().encode()


def typed_context(message: str) -> dict[str, Any]:
    """The search page for a refused parameter: its message by the form, the form as the user filled it."""
    state, typed = typed_state(request.args, get_limits())
    return {"state": state, "result": None, "syntax_error": None, "param_error": message, "typed": typed,
            "share_url": absolute(state.url()), "api_state": state.for_api(), "facet_names": shown_facets(),
            "facet_size": get_settings()["facet_size"]}


def page_context(outcome: Outcome) -> dict[str, Any]:
    state, result = outcome.state, outcome.result
    context: dict[str, Any] = {"state": state, "result": result, "syntax_error": outcome.syntax_error,
                               "share_url": absolute(state.url()), "api_state": state.for_api(),
                               "facet_names": shown_facets(),
                               "facet_size": get_settings()["facet_size"]}
    if outcome.syntax_error is not None:
        context["error_parts"] = present.split_at(state.query, outcome.syntax_error.position)
    if result is not None:
        context["bars"] = present.histogram_bars(result.histogram, result.interval, state)
        context["chart_span"] = present.chart_span(result.histogram)
        context["pager"] = present.pager(state, result, get_settings()["max_page"])
    return context


@blueprint.get("/search.json")
def page_json() -> Response:
    """The same search as JSON: the engine's result, the canonical URL and the request echo."""
    answer = kept_answer("json")
    if answer is not None:
        return answer
    state = read_state()

    def make() -> Body | None:
        outcome = run_search(state)
        if outcome.syntax_error is not None:
            return None
        return Body.of(current_app.json.dumps(json_document(outcome)), "application/json",
                       keep=not outcome.result.timed_out)

    answer = cached("json", make)
    if answer is not None:
        return answer
    outcome = run_search(state)
    if outcome.syntax_error is not None:
        error = outcome.syntax_error
        return error_response(400, f"Query syntax: {error.message}", position=error.position, query=state.query)
    return jsonify(json_document(outcome))


def json_document(outcome: Outcome) -> dict[str, Any]:
    """The JSON twin: the engine's result, the canonical URL, the request echo and the other links."""
    state = outcome.state
    data = outcome.result.to_dict()
    add_aliases(data["facets"])
    data["canonical_url"] = absolute(state.for_page().url())
    data["request"] = state.echo()
    data["links"] = twin_links(state, outcome.result)
    return data


def twin_links(state: SearchState, result: SearchResult) -> dict[str, str | None]:
    if result.stories_total is None:  # deep JSON pages follow the cursor from the first
        following = state.at_page(state.page + 1, result.next_cursor) if result.next_cursor else None
    else:
        following = present.next_page(state, result, get_settings()["max_page"])
    return {"html": absolute(state.for_page().url()), "json": absolute(state.url("/search.json")),
            "atom": absolute(state.url("/search.atom")), "csv": absolute(state.url("/search.csv")),
            "jsonl": absolute(state.url("/search.jsonl")),
            "next": absolute(following.url("/search.json")) if following else None}


def _facet_outcome(name: str, default_collapse: bool) -> tuple[SearchState, Any, str, int]:
    if name not in FACETS:
        raise ParamError(f"There is no facet called {name[:40]!r}.")
    state = read_state(default_collapse)
    prefix = parse_prefix(request.args.get("prefix", ""))
    check_cursor(state)
    search_request = engine_request(state, facets=(name,), histogram=False, highlight=False, page=1, cursor=None)
    search_request.parsed  # noqa: B018 - a syntax error raises before the backend is asked
    limit = facet_limit(get_settings()["max_facet_values"])
    return state, get_backend().facet_values(search_request, name, prefix=prefix, limit=limit), prefix, limit


def facet_limit(most: int) -> int:
    """The `limit` parameter of the facet pages: 1 to the `max_facet_values` setting."""
    most = min(most, MAX_FACET_SIZE)
    return parse_whole_number(request.args.get("limit", ""), "limit", "The facet limit", 1, most,
                              min(FACET_PAGE_VALUES, most))


@blueprint.get("/facet/<name>")
def facet_page(name: str) -> str:
    """All values of one facet (up to the bound), optionally those starting with `prefix`."""
    try:
        state, facet, prefix, limit = _facet_outcome(name, PAGE_COLLAPSE)
    except QuerySyntaxError as error:
        raise ParamError(f"The query has a syntax error: {error.message}") from error
    most = min(get_settings()["max_facet_values"], MAX_FACET_SIZE)
    order = parse_choice(request.args.get("order", ""), "order", FACET_ORDERS, "count")
    listed = ([("prefix", prefix)] if prefix else []) + ([("order", order)] if order != "count" else [])
    wider = urlencode(listed + [("limit", str(min(most, limit * 2)))]) if limit < most else None
    return render_template("facet.html", state=state.at_page(1), facet=facet, name=name, prefix=prefix,
                           wider=wider, order=order, buckets=ordered_buckets(facet.buckets, order, name),
                           order_links={choice: facet_page_link(name, state, prefix, choice)
                                        for choice in FACET_ORDERS})


def ordered_buckets(buckets: list, order: str, name: str) -> list:
    """Most frequent first (as counted), or by the shown name, case and accents folded."""
    if order == "count":
        return buckets
    return sorted(buckets, key=lambda bucket: (present.sort_key(present.facet_value_label(bucket.value, name)),
                                               bucket.value))


def facet_page_link(name: str, state: SearchState, prefix: str, order: str) -> str:
    extra = ([("prefix", prefix)] if prefix else []) + ([("order", order)] if order != "count" else [])
    query = "&".join(part for part in (state.at_page(1).query_string(), urlencode(extra)) if part)
    return f"/facet/{name}" + (f"?{query}" if query else "")


@blueprint.get("/facet/<name>.json")
def facet_json(name: str) -> Response:
    try:
        state, facet, prefix, _ = _facet_outcome(name, API_COLLAPSE)
    except QuerySyntaxError as error:
        return error_response(400, f"Query syntax: {error.message}", position=error.position)
    buckets = [{"value": b.value, "count": b.count, "selected": b.selected, "excluded": b.excluded}
               for b in facet.buckets]
    add_aliases({name: {"buckets": buckets}})
    return jsonify({"facet": name, "prefix": prefix, "other_count": facet.other_count,
                    "has_more": facet.has_more, "truncated": facet.truncated, "buckets": buckets})
