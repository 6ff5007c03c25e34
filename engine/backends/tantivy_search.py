"""One search on the embedded index: hits (with cursor paging), facets, histogram, snippets."""
from __future__ import annotations

import re
import time
from datetime import UTC, date, datetime
from typing import Any

import tantivy
from tantivy import Occur, Order, Query

from engine.backends.tantivy_query import QueryCompiler
from engine.backends.tantivy_schema import from_document
from engine.facets import FACETS, aggregation_groups
from engine.highlight import mark_byte_ranges, plain_snippet
from engine.histogram import rollup
from engine.search import (
    FacetResult,
    Hit,
    SearchRequest,
    SearchResult,
    decode_cursor,
    encode_cursor,
    facet_result,
)

# Per-segment candidates for terms aggregations: large enough that counts are exact in practice;
# tantivy reports any remaining error bound, which marks the facet `truncated`.
SEGMENT_SIZE = 10_000
SNIPPET_CHARS = 240


def terms_agg(field: str, size: int) -> dict[str, Any]:
    return {"terms": {"field": field, "size": size, "segment_size": max(SEGMENT_SIZE, size)}}


def value_prefix_regex(prefix: str) -> str:
    """Case-insensitive 'starts with' for facet values (tantivy matches the whole value)."""
    return "(?i)" + re.sub(r"([\\.+*?()|\[\]{}^$#&\-~])", r"\\\1", prefix) + ".*"


def facet_from_agg(name: str, raw: dict[str, Any], request: SearchRequest) -> FacetResult:
    buckets = [(bucket["key"], bucket["doc_count"]) for bucket in raw.get("buckets", [])]
    truncated = bool(raw.get("doc_count_error_upper_bound"))
    return facet_result(name, buckets, raw.get("sum_other_doc_count", 0), request, truncated)


def run_search(searcher: tantivy.Searcher, compiler: QueryCompiler, request: SearchRequest,
               started: float) -> SearchResult:
    node = request.parsed
    base = compiler.compile(node)
    groups = aggregation_groups(request)
    full_query = compiler.filtered(base, groups[0].filters)
    hits, total, next_position = _page(searcher, compiler, full_query, request)
    facets, day_counts = _aggregate(searcher, compiler, base, groups, request)
    interval, histogram = (None, [])
    if request.histogram:
        interval, histogram = rollup(day_counts, request.interval, request.date_from, request.date_to)
    highlighter = _highlighter(searcher, compiler, node, request)
    result_hits = [_hit(searcher, address, score, highlighter) for score, address in hits]
    cursor = encode_cursor(request, next_position) if next_position else None
    took = (time.perf_counter() - started) * 1000
    return SearchResult(result_hits, total, facets, histogram, interval, took, cursor)


def _page(searcher: tantivy.Searcher, compiler: QueryCompiler, query: Query,
          request: SearchRequest) -> tuple[list, int, dict | None]:
    """This page's (score, address) pairs, the total, and the position after the page."""
    position = decode_cursor(request)
    size = request.page_size
    if request.sort == "relevance":
        offset = position["o"] if position else request.offset
        result = searcher.search(query, size, count=True, offset=offset)
        more = offset + size < result.count
        return result.hits, result.count, ({"o": offset + size} if more else None)
    descending = request.sort == "newest"
    order = Order.Desc if descending else Order.Asc
    if not position:
        result = searcher.search(query, size, count=True, offset=request.offset,
                                 order_by_field="sort_key", order=order)
        more = request.offset + size < result.count
        return result.hits, result.count, (_keyset(searcher, result.hits, None) if more else None)
    after = Query.boolean_query([
        (Occur.Must, query),
        (Occur.Must, compiler.sort_key_range(position["k"], descending)),
        (Occur.MustNot, compiler.ids(position["ids"])),
    ])
    result = searcher.search(after, size, count=True, order_by_field="sort_key", order=order)
    total = searcher.search(query, 1, count=True).count
    more = result.count > size
    return result.hits, total, (_keyset(searcher, result.hits, position) if more else None)


def _keyset(searcher: tantivy.Searcher, hits: list, previous: dict | None) -> dict:
    """Last sort key of the page and the ids already returned with that key."""
    last_key = hits[-1][0]
    ids = [from_document(searcher.doc(address)).id for key, address in hits if key == last_key]
    if previous and previous["k"] == last_key:
        ids = previous["ids"] + ids
    return {"k": last_key, "ids": ids}


def _aggregate(searcher: tantivy.Searcher, compiler: QueryCompiler, base: Query, groups: list,
               request: SearchRequest) -> tuple[dict[str, FacetResult], dict[date, int]]:
    facets: dict[str, FacetResult] = {}
    day_counts: dict[date, int] = {}
    for number, group in enumerate(groups):
        aggs = {name: terms_agg(FACETS[name].field, request.facet_size) for name in group.facets}
        if number == 0 and request.histogram:
            aggs["_days"] = {"date_histogram": {"field": "published", "fixed_interval": "1d"}}
        if not aggs:
            continue
        raw = searcher.aggregate(compiler.filtered(base, group.filters), aggs)
        for name in group.facets:
            facets[name] = facet_from_agg(name, raw[name], request)
        if "_days" in raw:
            day_counts = {_day(bucket["key"]): bucket["doc_count"] for bucket in raw["_days"]["buckets"]}
    return {name: facets[name] for name in request.facets if name in facets}, day_counts


def _day(millis: float) -> date:
    return datetime.fromtimestamp(millis / 1000, UTC).date()


def _highlighter(searcher: tantivy.Searcher, compiler: QueryCompiler, node, request: SearchRequest):
    if not request.highlight:
        return None
    query = compiler.highlight_query(node)
    if query is None:
        return None
    generator = tantivy.SnippetGenerator.create(searcher, query, compiler.schema, "body")
    generator.set_max_num_chars(SNIPPET_CHARS)
    return generator


def _hit(searcher: tantivy.Searcher, address, score, highlighter) -> Hit:
    article = from_document(searcher.doc(address))
    snippet = ""
    if highlighter is not None:
        doc = tantivy.Document()
        doc.add_text("body", article.body)
        found = highlighter.snippet_from_doc(doc)
        ranges = [(r.start, r.end) for r in found.highlighted()]
        if ranges:
            snippet = mark_byte_ranges(found.fragment(), ranges)
    return Hit(id=article.id, title=article.title, url=article.url, outlet=article.outlet,
               published=article.published, language=article.language, authors=article.authors,
               entities=article.entities, snippet=snippet or plain_snippet(article.body),
               score=float(score) if isinstance(score, float) else None)
