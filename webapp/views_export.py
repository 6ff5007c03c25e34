"""Machine twins of the search page: an Atom feed of the newest hits, and CSV / JSON-lines exports
that stream every matching article (paged with the cursor, bounded by `export_max_rows`).
With `collapse=1` each story appears once: its newest version (the first met, newest first).

An export checks everything (parameters, the query's parse and compilation, the cursor) and fetches
its first page before the response starts, so a bad request is a clean 400, never a broken stream.
"""
from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from itertools import islice
from xml.etree import ElementTree

from flask import Blueprint, Response, request, stream_with_context
from newsfacet.engine.backends.base import Backend
from newsfacet.engine.collapse import search_stories
from newsfacet.engine.facets import FACETS
from newsfacet.engine.query import QuerySyntaxError
from newsfacet.engine.search import MAX_PAGE_SIZE, Hit, SearchRequest, SearchResult
from newsfacet.webapp.atom import atom_feed
from newsfacet.webapp.cache import Body, get_cache
from newsfacet.webapp.context import get_backend, get_settings
from newsfacet.webapp.state import ParamError, SearchState
from newsfacet.webapp.views_search import absolute, cached, check_cursor, engine_request, kept_answer, read_state

blueprint = Blueprint("export", __name__)
ARTICLE_COLUMNS = ("id", "published", "title", "url", "page_url", "snippet")  # then one column per facet
# Excel guesses a legacy code page for CSV without a byte-order mark: bom=1 makes Cyrillic and Hangul readable.
UTF8_BOM = "\ufeff"
TAG = re.compile(r"<[^>]*>")
EXPORT_BATCH = MAX_PAGE_SIZE  # hits per backend call while streaming
# Spreadsheets run cells starting with these as formulas; a leading quote keeps them text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ATOM_MIMETYPE = "application/atom+xml"


def _checked_request(state: SearchState, **overrides: object) -> SearchRequest:
    check_cursor(state)  # the page's own cursor: refused if forged, though an export starts afresh
    search_request = engine_request(state, facets=(), histogram=False, highlight=False, **overrides)
    try:
        search_request.parsed  # noqa: B018 - refuse a bad query before any byte is streamed
    except QuerySyntaxError as error:
        raise ParamError(f"The query cannot be read: {error.message} (at character {error.position + 1}).") \
            from error
    return search_request


def all_hits(state: SearchState, limit: int) -> Iterator[Hit]:
    """Every hit of the search, newest first, following the cursor until `limit` hits.

    The first page is searched now, before the caller starts a response: any error is raised here.
    """
    # The cursor pages every article (collapse off); stories are folded while streaming instead, since
    # the engine's collapsed search pages by number only and rescans from the first hit each page.
    search_request = _checked_request(state, sort="newest", page=1, cursor=None, page_size=EXPORT_BATCH,
                                      collapse=False)
    backend = get_backend()
    hits = _following(backend, search_request, backend.search(search_request))
    return _first_of_each_story(hits, limit) if state.collapse else islice(hits, limit)


def _first_of_each_story(hits: Iterator[Hit], limit: int) -> Iterator[Hit]:
    """The first hit of each story, until `limit` stories (the set of ids seen is as bounded)."""
    seen: set[str] = set()
    for hit in hits:
        if len(seen) >= limit:
            return
        if hit.story_id not in seen:
            seen.add(hit.story_id)
            yield hit


def _following(backend: Backend, search_request: SearchRequest, result: SearchResult | None) -> Iterator[Hit]:
    """Hits from `result` on, then from each next page, until the last page (the caller stops early)."""
    while True:
        if result is None:
            result = backend.search(search_request)
        yield from result.hits
        if not result.next_cursor or not result.hits:
            return
        search_request = replace(search_request, cursor=result.next_cursor)
        result = None


def _export_name(state: SearchState, extension: str) -> str:
    # ASCII only: header values travel as Latin-1, and a Korean query must not break the download.
    stem = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in state.query)[:40].strip("-") or "search"
    return f"newsfacet-{stem}.{extension}"


def _streamed(chunks: Iterator[str], mimetype: str, filename: str) -> Response:
    response = Response(stream_with_context(chunks), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def csv_cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def plain_text(snippet_html: str) -> str:
    """The snippet without its <mark> tags and with entities turned back into characters."""
    return html.unescape(TAG.sub("", snippet_html))


def wants_bom() -> bool:
    flag = request.args.get("bom", "0")
    if flag not in ("0", "1"):
        raise ParamError("bom must be 0 or 1")
    return flag == "1"


def csv_columns(collapsed: bool) -> tuple[str, ...]:
    # One row per story: how many versions it has and where they are all listed.
    story = ("versions", "story_url") if collapsed else ()
    return (*ARTICLE_COLUMNS, *story, *(facet.column for facet in FACETS.values()))


def csv_row(hit: Hit, versions: int | None) -> list[str]:
    """One row; `versions` is the story's size when the export is collapsed, else None."""
    published = hit.published.isoformat() if hit.published else ""
    values = [hit.id, published, hit.title, hit.url or "", absolute(f"/article/{hit.id}"), plain_text(hit.snippet)]
    if versions is not None:
        values += [str(versions), absolute(f"/story/{hit.story_id or hit.id}")]
    values += ["; ".join(hit.facet_values.get(name, [])) for name in FACETS]
    return [csv_cell(value) for value in values]


def _with_versions(hits: Iterator[Hit], collapsed: bool) -> Iterator[tuple[Hit, int | None]]:
    """Each hit with its story's number of versions (collapsed), asked for a batch of stories at a time."""
    if not collapsed:
        yield from ((hit, None) for hit in hits)
        return
    backend = get_backend()
    while batch := list(islice(hits, EXPORT_BATCH)):
        sizes = backend.story_sizes({hit.story_id for hit in batch if hit.story_id})
        yield from ((hit, sizes.get(hit.story_id, 1) if hit.story_id else 1) for hit in batch)


@blueprint.get("/search.csv")
def export_csv() -> Response:
    """All matching articles as CSV (UTF-8, header row), streamed; `bom=1` starts it with a UTF-8 BOM."""
    state = read_state()
    bom = UTF8_BOM if wants_bom() else ""
    hits = all_hits(state, get_settings()["export_max_rows"])

    def rows() -> Iterator[str]:
        buffer = io.StringIO()
        buffer.write(bom)
        writer = csv.writer(buffer)
        writer.writerow(csv_columns(state.collapse))
        for hit, versions in _with_versions(hits, state.collapse):
            writer.writerow(csv_row(hit, versions))
            if buffer.tell() > 16_384:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    return _streamed(rows(), "text/csv", _export_name(state, "csv"))


def jsonl_record(hit: Hit) -> dict:
    data = hit.to_dict()
    data.pop("snippet", None)  # HTML made for the page; exports carry plain fields
    data.pop("score", None)
    return data


@blueprint.get("/search.jsonl")
def export_jsonl() -> Response:
    """All matching articles, one JSON object per line, streamed."""
    state = read_state()
    hits = all_hits(state, get_settings()["export_max_rows"])
    lines = (json.dumps(jsonl_record(hit), ensure_ascii=False) + "\n" for hit in hits)
    return _streamed(lines, "application/x-ndjson", _export_name(state, "jsonl"))


@blueprint.get("/search.atom")
def feed() -> Response:
    """The newest hits of the search as an Atom feed (a feed for any saved query)."""
    answer = kept_answer("atom")
    if answer is not None:
        return answer
    state = read_state()
    search_request = _checked_request(state, sort="newest", page=1, cursor=None)

    def feed_text() -> str:
        backend = get_backend()
        result = get_cache().result(backend, search_request, lambda: search_stories(backend, search_request))
        document = atom_feed(replace(state, sort="newest", page=1, cursor=None), result.hits)
        return ElementTree.tostring(document, encoding="unicode", xml_declaration=True)

    answer = cached("atom", lambda: Body.of(feed_text(), ATOM_MIMETYPE))
    if answer is not None:
        return answer
    return Response(feed_text(), mimetype=ATOM_MIMETYPE)  # no index generation to key it by: served as made
