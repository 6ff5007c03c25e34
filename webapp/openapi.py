"""The OpenAPI 3 description of the JSON API, written by hand; tests check it against the routes."""
from __future__ import annotations

from typing import Any

from newsfacet.engine.collapse import STORIES_COUNTED_UP_TO
from newsfacet.engine.compare import MAX_QUERIES, MEASURES, MIN_QUERIES
from newsfacet.engine.facets import facet_names
from newsfacet.engine.histogram import INTERVALS
from newsfacet.engine.limits import (
    EARLIEST_DAY,
    LATEST_DAY,
    MAX_CURSOR_LENGTH,
    MAX_FILTER_VALUES,
    MAX_HISTOGRAM_BUCKETS,
    MAX_RESULT_WINDOW,
    MAX_VALUE_LENGTH,
)
from newsfacet.engine.model import ENTITY_TYPES
from newsfacet.engine.sampling import SAMPLE_ABOVE, SAMPLE_SIZE
from newsfacet.engine.search import MAX_PAGE_SIZE, SORTS
from newsfacet.webapp.state import EXCLUDE_PREFIX

_DAY = {"type": "string", "format": "date", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
_DAYS = f"between {EARLIEST_DAY} and {LATEST_DAY}"
_VALUE = {"type": "string", "maxLength": MAX_VALUE_LENGTH}


def _query_param(name: str, description: str, schema: dict[str, Any], multi: bool = False) -> dict[str, Any]:
    if multi:
        schema = {"type": "array", "items": schema}
    param = {"name": name, "in": "query", "required": False, "description": description, "schema": schema}
    if multi:
        param.update(style="form", explode=True)
    return param


def search_parameters(max_query_length: int, max_page: int) -> list[dict[str, Any]]:
    """The search state parameters shared by every search twin (canonical order)."""
    params = [_query_param("q", "Query: words, \"phrases\", OR, -word / NOT, field:value, prefix*.",
                           {"type": "string", "maxLength": max_query_length})]
    for name in sorted(facet_names()):
        params.append(_query_param(name, f"Keep articles with any of these {name} values (OR; at most "
                                   f"{MAX_FILTER_VALUES} values in all facets).", _VALUE, multi=True))
    for name in sorted(facet_names()):
        params.append(_query_param(EXCLUDE_PREFIX + name, f"Drop articles with any of these {name} values.",
                                   _VALUE, multi=True))
    params += [
        _query_param("from", f"Published on or after this UTC day ({_DAYS}).", _DAY),
        _query_param("to", f"Published on or before this UTC day ({_DAYS}).", _DAY),
        _query_param("undated", "1: only articles without a publication day (not with from/to).",
                     {"type": "integer", "enum": [0, 1], "default": 0}),
        _query_param("interval", "Histogram interval (default: chosen from the date span); a coarser one is "
                     f"used when it would give more than {MAX_HISTOGRAM_BUCKETS} bars.",
                     {"type": "string", "enum": list(INTERVALS)}),
        _query_param("sort", "Order of hits.", {"type": "string", "enum": list(SORTS), "default": "relevance"}),
        _query_param("collapse", "1: one hit per story (near-duplicate versions folded), each listing its other "
                     "`versions` with `stories_total`; pages by `page` only, never by cursor. CSV and JSON lines "
                     "then give each story's newest version once. 0 (the API's default): every article.",
                     {"type": "integer", "enum": [0, 1], "default": 0}),
        _query_param("exact", f"1: count facets and the histogram over every match. 0 (default): above "
                     f"{SAMPLE_ABOVE:,} matches they are estimated from a sample of about {SAMPLE_SIZE:,} "
                     "(`approximate` says so); totals, hits and selected values are always exact.",
                     {"type": "integer", "enum": [0, 1], "default": 0}),
        _query_param("size", "Hits per page (ASCII digits).",
                     {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE}),
        _query_param("page", f"Page number (ASCII digits; at most {max_page} without a cursor; no page may "
                     f"end past result {MAX_RESULT_WINDOW}).", {"type": "integer", "minimum": 1, "default": 1}),
        _query_param("cursor", "Signed, opaque cursor from `next_cursor` for the page after it (valid for "
                     "the same search, for a day).", {"type": "string", "maxLength": MAX_CURSOR_LENGTH}),
    ]
    return params


SCHEMAS: dict[str, Any] = {
    "Hit": {"type": "object", "required": ["id", "title", "language", "snippet"], "properties": {
        "id": {"type": "string"}, "title": {"type": "string"}, "url": {"type": "string", "nullable": True},
        "outlet": {"type": "string", "nullable": True},
        "published": {"type": "string", "format": "date-time", "nullable": True},
        "language": {"type": "string"}, "authors": {"type": "array", "items": {"type": "string"}},
        "topics": {"type": "array", "items": {"type": "string"}, "description": "Sections or subject codes."},
        "entities": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
        "snippet": {"type": "string", "description": "Safe HTML: escaped text with <mark> around matches."},
        "score": {"type": "number", "nullable": True},
        "story_id": {"type": "string", "description": "The story this article is a version of (its own id when "
                     "alone); `/story/{story_id}.json` lists every version."},
        "version_count": {"type": "integer", "description": "With collapse=1: the story's other versions."},
        "versions": {"type": "array", "description": "With collapse=1: up to 10 of the other versions, earliest "
                     "first.", "items": {"type": "object", "properties": {
                         "id": {"type": "string"}, "title": {"type": "string"},
                         "outlet": {"type": "string", "nullable": True},
                         "published": {"type": "string", "format": "date-time", "nullable": True}}}}}},
    "FacetBucket": {"type": "object", "properties": {
        "value": {"type": "string"}, "count": {"type": "integer"}, "selected": {"type": "boolean"},
        "excluded": {"type": "boolean"},
        "aliases": {"type": "array", "items": {"type": "string"},
                    "description": "Entity facets only: other names shown as this value (merged into it)."}}},
    "Facet": {"type": "object", "properties": {
        "buckets": {"type": "array", "items": {"$ref": "#/components/schemas/FacetBucket"}},
        "other_count": {"type": "integer"}, "has_more": {"type": "boolean"}, "truncated": {"type": "boolean"},
        "approximate": {"type": "boolean", "description": "Counted on a sample of the matches and scaled (see "
                        "`exact`); the request's selected values are still counted exactly."},
        "timed_out": {"type": "boolean", "description": "Not counted: the search used up the facet time "
                      "budget first; `buckets` then lists only the selected values, with count 0."}}},
    "SearchResult": {"type": "object", "required": ["total", "hits", "facets", "histogram", "canonical_url"],
                     "properties": {
        "total": {"type": "integer", "description": "Matching articles (also with collapse=1)."},
        "stories_total": {"type": "integer", "nullable": True,
                          "description": "With collapse=1: matching stories, which the hits are; else null."},
        "stories_total_exact": {"type": "boolean",
                                "description": "False when `stories_total` is an estimate: above "
                                               f"{STORIES_COUNTED_UP_TO:,} matches it is estimated from the hits "
                                               "read (exact=1 counts it)."},
        "stories_reachable": {"type": "integer", "nullable": True,
                              "description": "With collapse=1, on a page past how far collapsed paging reaches: "
                                             "the stories it reaches (see `stories_note`); else null."},
        "stories_note": {"type": "string", "nullable": True,
                         "description": "Why a collapsed page is short or empty, for a person; else null."},
        "counts": {"type": "object", "description": "What each number counts: `articles` or `stories`.",
                   "additionalProperties": {"type": "string", "enum": ["articles", "stories"]}},
        "approximate": {"type": "boolean", "description": "Some facet or the histogram is estimated from a "
                        "sample (see `exact`); `total` never is."},
        "timed_out": {"type": "boolean", "description": "Some facet or the histogram was not counted in the "
                      "facet time budget."},
        "took_ms": {"type": "number"},
        "next_cursor": {"type": "string", "nullable": True},
        "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
        "facets": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Facet"}},
        "histogram": {"type": "object", "properties": {
            "interval": {"type": "string", "nullable": True, "enum": [*INTERVALS, None]},
            "requested_interval": {"type": "string", "nullable": True, "enum": [*INTERVALS, None]},
            "coarsened": {"type": "boolean", "description": f"The requested interval would have given more "
                          f"than {MAX_HISTOGRAM_BUCKETS} buckets, so a coarser one was used."},
            "note": {"type": "string", "nullable": True, "description": "Why the interval is coarser, if it is."},
            "approximate": {"type": "boolean", "description": "Counted on a sample of the matches and scaled."},
            "timed_out": {"type": "boolean", "description": "Not counted in the facet time budget (no buckets)."},
            "buckets": {"type": "array", "items": {"type": "object", "properties": {
                "start": {"type": "string", "format": "date"},
                "end": {"type": "string", "format": "date", "description": "exclusive"},
                "count": {"type": "integer"}}}}}},
        "canonical_url": {"type": "string", "description": "The one link to this search's HTML page."},
        "request": {"type": "object", "description": "The search state as the server read it."},
        "links": {"type": "object", "additionalProperties": {"type": "string", "nullable": True}}}},
    "FacetValues": {"type": "object", "properties": {
        "facet": {"type": "string"}, "prefix": {"type": "string"}, "other_count": {"type": "integer"},
        "has_more": {"type": "boolean"}, "truncated": {"type": "boolean"},
        "buckets": {"type": "array", "items": {"$ref": "#/components/schemas/FacetBucket"}}}},
    "Error": {"type": "object", "properties": {"error": {"type": "object", "required": ["status", "message"],
                                                          "properties": {
        "status": {"type": "integer"}, "title": {"type": "string"}, "message": {"type": "string"},
        "position": {"type": "integer", "description": "0-based character of a query syntax error."}}}}},
    "EntityPage": {"type": "object", "description": "How often one entity is named, where, and with whom.",
                   "properties": {
        "type": {"type": "string", "enum": list(ENTITY_TYPES)}, "name": {"type": "string"},
        "total": {"type": "integer"}, "all_articles": {"type": "integer"},
        "histogram": {"type": "object"}, "outlets": {"type": "array", "items": {"type": "object"}},
        "related": {"type": "object", "description": "Per entity type, the names most significantly often "
                    "named with it (JLH score, as Elasticsearch's significant_terms)."},
        "related_measure": {"type": "object"}, "recent": {"type": "array", "items": {"type": "object"}}}},
    "Comparison": {"type": "object", "description": "Two to four queries side by side.", "properties": {
        "interval": {"type": "string", "enum": list(INTERVALS)},
        "periods": {"type": "array", "items": {"type": "object"}},
        "queries": {"type": "array", "items": {"type": "object"},
                    "description": "Per query: total, counts and shares per period, top outlets and entities."}}},
    "Story": {"type": "object", "description": "The versions of one story, their outlets and what changed.",
              "properties": {
        "story_id": {"type": "string"}, "versions_shown": {"type": "integer"},
        "versions_total": {"type": "integer"}, "complete": {"type": "boolean"},
        "versions": {"type": "array", "items": {"type": "object"}},
        "outlets": {"type": "array", "items": {"type": "object"}}, "diff": {"type": "object"}}},
    "Health": {"type": "object", "properties": {
        "status": {"type": "string", "enum": ["ok", "unavailable"]}, "backend": {"type": "object"}}},
}


def _path_param(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


def _json(schema: str, description: str) -> dict[str, Any]:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}}


def _file(media_type: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {media_type: {"schema": {"type": "string"}}}}


def openapi_document(max_query_length: int, max_page: int, export_max_rows: int,
                     max_facet_values: int) -> dict[str, Any]:
    """The whole document, with the bounds this server enforces."""
    params = search_parameters(max_query_length, max_page)
    prefix = _query_param("prefix", "Only values starting with this text (case-insensitive).",
                          {"type": "string", "maxLength": 100})
    limit = _query_param("limit", "How many values to list (default 100).",
                         {"type": "integer", "minimum": 1, "maximum": max_facet_values})
    facet_name = {"name": "name", "in": "path", "required": True,
                  "schema": {"type": "string", "enum": list(facet_names())}}
    compare_params = [
        _query_param("q", f"A query to compare, repeated {MIN_QUERIES} to {MAX_QUERIES} times.",
                     {"type": "string", "maxLength": max_query_length}, multi=True),
        _query_param("interval", "Histogram interval (default: chosen from the span).",
                     {"type": "string", "enum": list(INTERVALS)}),
        _query_param("measure", "Chart counts or shares of all articles.", {"type": "string", "enum": list(MEASURES)})]
    entity_params = [{"name": "type", "in": "path", "required": True,
                      "schema": {"type": "string", "enum": list(ENTITY_TYPES)}}, _path_param("name")]
    failures = {"400": _json("Error", "A parameter out of bounds, or a query syntax error (with `position`)."),
                "503": _json("Error", "The search backend cannot answer.")}

    def operation(summary: str, parameters: list, ok: dict[str, Any]) -> dict[str, Any]:
        return {"get": {"summary": summary, "parameters": parameters, "responses": {"200": ok, **failures}}}

    return {
        "openapi": "3.0.3",
        "info": {"title": "newsfacet", "version": "1",
                 "description": "Full-text news search with facets. Every HTML page has these twins."},
        "paths": {
            "/search.json": operation("Search: one page of hits with facets and histogram", params,
                                      _json("SearchResult", "The result")),
            "/search.atom": operation("The newest hits as an Atom feed", params,
                                      _file("application/atom+xml", "Atom 1.0 feed")),
            "/search.csv": operation(f"Every hit (at most {export_max_rows}), newest first, as CSV", params,
                                     _file("text/csv", "Streamed CSV with a header row")),
            "/search.jsonl": operation(f"Every hit (at most {export_max_rows}), newest first, as JSON lines",
                                       params, _file("application/x-ndjson", "One hit per line")),
            "/facet/{name}.json": operation("Values of one facet under the search's other filters",
                                            [facet_name, *params, prefix, limit], _json("FacetValues", "Facet values")),
            "/compare.json": operation("Compare two to four queries: counts and shares per period, top values",
                                       compare_params, _json("Comparison", "The comparison")),
            "/compare.csv": operation("The comparison as CSV, one row per query and period", compare_params,
                                      _file("text/csv", "CSV with a header row")),
            "/entity/{type}/{name}.json": operation("One entity's page: over time, outlets, related entities",
                                                    entity_params, _json("EntityPage", "The entity page")),
            "/story/{story_id}.json": operation("One story's versions", [_path_param("story_id")],
                                                _json("Story", "The story")),
            "/saved/{slug}.atom": operation("A saved search's newest matches by indexing time (follow it)",
                                            [_path_param("slug")], _file("application/atom+xml", "Atom 1.0 feed")),
            "/healthz": {"get": {"summary": "Whether the backend answers and its index is intact",
                                 "responses": {"200": _json("Health", "Healthy"),
                                               "503": _json("Health", "Unavailable or damaged, with a reason")}}},
            "/api/openapi.json": {"get": {"summary": "This document",
                                          "responses": {"200": {"description": "OpenAPI 3 document"}}}},
        },
        "components": {"schemas": SCHEMAS},
    }
