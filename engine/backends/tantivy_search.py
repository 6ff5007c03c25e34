"""One search on the embedded index: hits (with cursor paging), facets, histogram, snippets.

Every number handed to tantivy is bounded first (engine.limits via SearchRequest, cursor positions
here): a huge offset makes tantivy allocate offset + size slots and abort the whole process.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from typing import Any

import tantivy
from newsfacet.engine.backends.base import BackendError
from newsfacet.engine.backends.tantivy_parallel import side_by_side, split_aggregations
from newsfacet.engine.backends.tantivy_query import QueryCompiler, value_prefix_regex
from newsfacet.engine.backends.tantivy_schema import TIE_BITS, month_start, stored_dict
from newsfacet.engine.backends.tantivy_snippets import SnippetMaker
from newsfacet.engine.cursor import bounded_int
from newsfacet.engine.facets import FACETS, Filter, TermsCount, aggregation_groups
from newsfacet.engine.highlight import plain_snippet
from newsfacet.engine.limits import MAX_RESULT_WINDOW, RequestError
from newsfacet.engine.plan import (
    DAILY,
    CountPass,
    Counts,
    counted_filters,
    finish_search,
    over_budget,
    sampled_passes,
    search_passes,
)
from newsfacet.engine.query import QuerySyntaxError
from newsfacet.engine.sampling import SAMPLE_KEY_FIELD
from newsfacet.engine.search import (
    Hit,
    SearchRequest,
    SearchResult,
    decode_cursor,
    encode_cursor,
)
from tantivy import Occur, Order, Query

# Per-segment candidates for terms aggregations: large enough that counts are exact in practice;
# tantivy reports any remaining error bound, which marks the facet `truncated`.
SEGMENT_SIZE = 10_000
MAX_SORT_KEY = (1 << 64) - 1  # sort_key is an unsigned 64-bit field
DATED_KEYS = 1 << TIE_BITS  # sort keys from here up are dated; undated ones hold only the id bits


def terms_agg(count: TermsCount) -> dict[str, Any]:
    """A facet's terms count as a tantivy aggregation."""
    field = FACETS[count.facet].tantivy_field
    spec = {"terms": {"field": field, "size": count.size, "segment_size": max(SEGMENT_SIZE, count.size)}}
    if count.prefix:
        spec["terms"]["include"] = value_prefix_regex(count.prefix)
    return spec


def run_counts(searcher: tantivy.Searcher, query: Query, count_pass: CountPass, day_field: str) -> Counts:
    """One pass of the plan (engine.plan) as one tantivy aggregation over `query`; days are counted
    on `day_field` (QueryCompiler.day_field)."""
    aggs = pass_aggregations(count_pass, day_field)
    return counts_from(searcher.aggregate(query, aggs), count_pass) if aggs else Counts()


def pass_aggregations(count_pass: CountPass, day_field: str) -> dict[str, Any]:
    """A pass's tantivy aggregations, by facet name (and _DATES)."""
    aggs = {terms.facet: terms_agg(terms) for terms in count_pass.terms}
    if count_pass.dates:
        aggs[_DATES] = _days(day_field) if count_pass.dates == DAILY else _MONTHS
    return aggs


def counts_from(raw: dict[str, Any], count_pass: CountPass) -> Counts:
    """A pass's Counts from tantivy's aggregation results."""
    dates = _date_counts(raw[_DATES], count_pass.dates == DAILY) if count_pass.dates else {}
    return Counts({terms.facet: raw[terms.facet] for terms in count_pass.terms}, dates)


def run_search(searcher: tantivy.Searcher, compiler: QueryCompiler, request: SearchRequest,
               started: float) -> SearchResult:
    """One search; tantivy's refusals become `RequestError`, its panics `BackendError`."""
    try:
        return _run_search(searcher, compiler, request, started)
    except (ValueError, OverflowError) as error:
        if isinstance(error, (RequestError, QuerySyntaxError)):
            raise
        raise RequestError(f"the search index cannot run this request ({_short(error)})") from error
    except BaseException as error:
        # pyo3 raises a Rust panic as PanicException, a BaseException that no handler expects.
        if type(error).__name__ != "PanicException":
            raise
        raise BackendError(f"the search engine failed on this request ({_short(error)})") from error


def _short(error: BaseException) -> str:
    return str(error).splitlines()[0][:120] if str(error) else type(error).__name__


def _run_search(searcher: tantivy.Searcher, compiler: QueryCompiler, request: SearchRequest,
                started: float) -> SearchResult:
    node = request.parsed
    base = compiler.compile(node)
    full_query = compiler.filtered(base, aggregation_groups(request)[0].filters)
    hits, total, next_position = _page(searcher, compiler, full_query, request)

    def run(count_pass: CountPass) -> Counts:
        return run_counts(searcher, compiler.filtered(base, count_pass.applied_filters), count_pass,
                          compiler.day_field)

    known: dict[tuple[Filter, ...], int] = {}

    def count(filters: tuple[Filter, ...]) -> int:
        if node is None and not filters:  # browsing everything: a selected facet's own pass
            return searcher.num_docs
        if filters not in known:
            known[filters] = _count(searcher, compiler.filtered(base, filters))
        return known[filters]

    passes = search_passes(request)
    if compiler.has_field(SAMPLE_KEY_FIELD):  # an index older than schema 6 is always counted exactly
        passes = sampled_passes(request, passes, total, count)
    counted = _count_side_by_side(searcher, compiler, base, request, passes, total, started, known)
    finished = finish_search(request, passes, counted, run, count, total)
    snippets = SnippetMaker(searcher, compiler, node) if request.highlight and node is not None else None
    result_hits = [_hit(searcher, address, score, snippets) for score, address in hits]
    cursor = encode_cursor(request, next_position) if next_position else None
    took = (time.perf_counter() - started) * 1000
    return SearchResult(result_hits, total, finished.facets, finished.histogram, finished.interval, took, cursor,
                        request.interval, histogram_approximate=finished.histogram_approximate,
                        histogram_timed_out=finished.histogram_timed_out)


def _count_side_by_side(searcher: tantivy.Searcher, compiler: QueryCompiler, base: Query, request: SearchRequest,
                        passes: list[CountPass], total: int, started: float,
                        known: dict[tuple[Filter, ...], int]) -> list[Counts | None]:
    """Every pass's counts (None for a pass the time budget left out: each part checks it before it
    starts), with big passes split in parts, all run side by side (engine.backends.tantivy_parallel);
    the exact counts sampled passes need for their selected values run with them, into `known`.
    Every pass matches at least `total` articles (its filters are a subset of the request's)."""
    jobs: list[Callable[[], Any]] = []
    owners: list[int] = []
    for number, count_pass in enumerate(passes):
        query = compiler.filtered(base, count_pass.applied_filters)
        for part in split_aggregations(pass_aggregations(count_pass, compiler.day_field), total):
            jobs.append(partial(_aggregate_within_budget, searcher, query, part, request, started))
            owners.append(number)
    wanted = [filters for filters in counted_filters(request, passes) if filters not in known]
    jobs += [partial(_count, searcher, compiler.filtered(base, filters)) for filters in wanted]
    results = side_by_side(jobs)
    known.update(zip(wanted, results[len(owners):], strict=True))
    raws: list[dict[str, Any] | None] = [{} for _ in passes]
    for number, raw in zip(owners, results[:len(owners)], strict=True):
        merged = raws[number]
        raws[number] = None if raw is None or merged is None else {**merged, **raw}
    return [None if raw is None else counts_from(raw, count_pass) if raw else Counts()
            for raw, count_pass in zip(raws, passes, strict=True)]


def _aggregate_within_budget(searcher: tantivy.Searcher, query: Query, aggs: dict[str, Any], request: SearchRequest,
                             started: float) -> dict[str, Any] | None:
    return None if over_budget(request, started) else searcher.aggregate(query, aggs)


def _count(searcher: tantivy.Searcher, query: Query) -> int:
    """How many articles `query` matches (tantivy counts them while it collects one hit)."""
    return searcher.search(query, 1, count=True).count


def _page(searcher: tantivy.Searcher, compiler: QueryCompiler, query: Query,
          request: SearchRequest) -> tuple[list, int, dict | None]:
    """This page's (score, address) pairs, the total, and the position after the page."""
    position = _checked_position(request)
    size = request.page_size
    if request.sort == "relevance":
        offset = position["o"] if position else request.offset
        result = searcher.search(query, size, count=True, offset=offset)
        more = offset + size < result.count
        return result.hits, result.count, ({"o": offset + size} if more else None)
    descending = request.sort == "newest"
    if not descending:
        return _oldest_page(searcher, compiler, query, request, position)
    order = Order.Desc
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
    total = _count(searcher, query)
    more = result.count > size
    return result.hits, total, (_keyset(searcher, result.hits, position) if more else None)


def _oldest_page(searcher: tantivy.Searcher, compiler: QueryCompiler, query: Query, request: SearchRequest,
                 position: dict | None) -> tuple[list, int, dict | None]:
    """Oldest first with undated articles last: the dated part in ascending order, then the undated
    (whose sort keys, below DATED_KEYS, would otherwise come first)."""
    size = request.page_size
    dated = _and(query, compiler.sort_key_between(DATED_KEYS, None))
    undated = _and(query, compiler.sort_key_between(None, DATED_KEYS - 1))
    total = _count(searcher, query)
    if not position:
        dated_total = _count(searcher, dated)
        skip = request.offset
        hits = _ascending(searcher, dated, size, skip) if skip < dated_total else []
        if len(hits) < size:
            hits += _ascending(searcher, undated, size - len(hits), max(0, skip - dated_total))
        more = skip + size < total
        return hits, total, (_keyset(searcher, hits, None) if more and hits else None)
    key, seen = position["k"], compiler.ids(position["ids"])
    parts = [dated, undated] if key >= DATED_KEYS else [undated]
    parts[0] = _and(parts[0], compiler.sort_key_between(key, None))
    parts = [Query.boolean_query([(Occur.Must, part), (Occur.MustNot, seen)]) for part in parts]
    hits, remaining = [], 0
    for part in parts:
        found = searcher.search(part, size, count=True, order_by_field="sort_key", order=Order.Asc)
        hits += found.hits[:size - len(hits)]
        remaining += found.count
    more = remaining > size
    return hits, total, (_keyset(searcher, hits, position) if more else None)


def _ascending(searcher: tantivy.Searcher, query: Query, size: int, offset: int) -> list:
    return searcher.search(query, size, offset=offset, order_by_field="sort_key", order=Order.Asc).hits


def _and(query: Query, other: Query) -> Query:
    return Query.boolean_query([(Occur.Must, query), (Occur.Must, other)])


def _checked_position(request: SearchRequest) -> dict | None:
    """The cursor's position with every number bounded, even though its signature is valid."""
    position = decode_cursor(request)
    if position is None:
        return None
    if request.sort == "relevance":
        return {"o": bounded_int(position, "o", MAX_RESULT_WINDOW - request.page_size)}
    ids = position.get("ids")  # how many is bounded by the cursor's length
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise RequestError("the cursor is damaged; start again from the first page")
    return {"k": bounded_int(position, "k", MAX_SORT_KEY), "ids": ids}


def _keyset(searcher: tantivy.Searcher, hits: list, previous: dict | None) -> dict:
    """Last sort key of the page and the ids already returned with that key."""
    last_key = hits[-1][0]
    ids = [stored_dict(searcher.doc(address))["id"] for key, address in hits if key == last_key]
    if previous and previous["k"] == last_key:
        ids = previous["ids"] + ids
    return {"k": last_key, "ids": ids}


def _days(field: str) -> dict[str, Any]:
    return {"date_histogram": {"field": field, "fixed_interval": "1d"}}


_MONTHS = {"histogram": {"field": "published_month", "interval": 1, "min_doc_count": 1}}
_DATES = "_dates"  # the aggregation key of the date counts (facet names never start with '_')


def _date_counts(raw: dict[str, Any], daily: bool) -> dict[date, int]:
    if daily:
        return {_EPOCH + timedelta(days=int(b["key"] // 86_400_000)): b["doc_count"]
                for b in raw["buckets"] if b["doc_count"]}
    return {month_start(int(b["key"])): b["doc_count"] for b in raw["buckets"] if b["doc_count"]}


_EPOCH = date(1970, 1, 1)


def _hit(searcher: tantivy.Searcher, address, score, snippets: SnippetMaker | None) -> Hit:
    stored = stored_dict(searcher.doc(address))
    snippet = snippets.snippet(stored["body"]) if snippets is not None else ""
    return Hit.from_stored(stored, snippet or plain_snippet(stored["body"]),
                           float(score) if isinstance(score, float) else None)
