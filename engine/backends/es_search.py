"""One search on Elasticsearch: hits (post_filter), facets (filter aggregations), histogram, snippets.

The counts come from the shared plan (engine.plan): the hits are the text query with the full
filter set as `post_filter`; every pass of the plan is a `filter` aggregation under that pass's
filters, so a selected facet counts under every filter but its own. One shard and a large
`shard_size` keep counts exact, as tantivy's are.

Paging: a numbered page uses from/size on the read alias. When there are more hits, a point in
time is opened and the cursor carries its id and the last hit's sort values (`search_after`);
sorts end with `id` so every position is unique.
"""
from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from elasticsearch import NotFoundError
from newsfacet.engine.backends.es_query import (
    compile_query,
    filter_clauses,
    filtered,
    highlight_query,
    prefix_include_regex,
    without_local_day,
)
from newsfacet.engine.cursor import bounded_int
from newsfacet.engine.facets import FACETS, LOCAL_DAY_FIELD, UTC_INSTANT_FIELD, Filter, TermsCount, aggregation_groups
from newsfacet.engine.highlight import (
    SENTINEL_CLOSE,
    SENTINEL_OPEN,
    SNIPPET_CHARS,
    cjk_pattern,
    cjk_snippet,
    cjk_words,
    clean_cut,
    mark_sentinels,
    plain_snippet,
)
from newsfacet.engine.limits import MAX_CURSOR_LENGTH
from newsfacet.engine.plan import (
    DAILY,
    CountPass,
    Counts,
    Finished,
    budget_left_ms,
    finish_search,
    over_budget,
    sampled_passes,
    search_passes,
)
from newsfacet.engine.search import (
    Hit,
    RequestError,
    SearchRequest,
    SearchResult,
    decode_cursor,
    encode_cursor,
)

SHARD_SIZE = 10_000
MAX_SEEN = 2**53  # hits already returned: a counter, not an offset, so only JSON-safe
MAX_SORT_VALUES = 3  # search_after: our two sort keys, plus the tiebreaker a point in time may add
PIT_KEEP_ALIVE = "5m"
SORTS = {
    "relevance": [{"_score": "desc"}, {"id": "asc"}],
    # Undated articles last in either date order, as in tantivy.
    "newest": [{"published": {"order": "desc", "missing": "_last"}}, {"id": "asc"}],
    "oldest": [{"published": {"order": "asc", "missing": "_last"}}, {"id": "asc"}],
}

Search = Callable[..., dict[str, Any]]
_DATES = "_dates"  # the aggregation key of the date counts (facet names never start with '_')
_UTC_DATES = "_utc_dates"


def terms_agg(count: TermsCount) -> dict[str, Any]:
    """A facet's terms count as an Elasticsearch aggregation."""
    path = FACETS[count.facet].elasticsearch_path
    spec = {"terms": {"field": path, "size": count.size, "shard_size": max(SHARD_SIZE, count.size)}}
    if count.prefix:
        spec["terms"]["include"] = prefix_include_regex(count.prefix)
    return spec


def _dates_agg(calendar: str, field: str = LOCAL_DAY_FIELD) -> dict[str, Any]:
    return {"date_histogram": {"field": field, "calendar_interval": calendar, "min_doc_count": 1}}


def pass_aggs(count_pass: CountPass) -> dict[str, Any]:
    """One pass of the plan (engine.plan) as sibling aggregations (its filters are applied outside)."""
    aggs = {terms.facet: terms_agg(terms) for terms in count_pass.terms}
    if count_pass.dates:
        calendar = "day" if count_pass.dates == DAILY else "month"
        aggs[_DATES] = _dates_agg(calendar)
        # An index older than the local day (schema 3) counts UTC days; empty on today's indexes.
        aggs[_UTC_DATES] = {"filter": without_local_day(),
                            "aggs": {_DATES: _dates_agg(calendar, UTC_INSTANT_FIELD)}}
    return aggs


def read_counts(raw: dict[str, Any], count_pass: CountPass) -> Counts:
    """The answer to `pass_aggs` (the `aggregations` object, or one filter aggregation's body)."""
    dates: Counter[date] = Counter()
    if count_pass.dates:
        dates.update(_date_counts(raw.get(_DATES, {})))
        dates.update(_date_counts(raw.get(_UTC_DATES, {}).get(_DATES, {})))
    return Counts({terms.facet: raw.get(terms.facet, {}) for terms in count_pass.terms}, dict(dates))


def group_aggs(passes: list[CountPass]) -> dict[str, Any]:
    """The passes of the plan as `filter` aggregations, `group<N>` in order."""
    return {f"group{number}": {"filter": filter_clauses(count_pass.applied_filters), "aggs": pass_aggs(count_pass)}
            for number, count_pass in enumerate(passes)}


def search_body(request: SearchRequest, stemming: bool, counts: bool = True) -> dict[str, Any]:
    """The whole search request body for one SearchRequest (without paging position); with the
    plan's counts folded in unless `counts` is False (they then wait for the total: sampling)."""
    node = request.parsed
    full_filters = aggregation_groups(request)[0].filters
    body: dict[str, Any] = {"query": compile_query(node, stemming), "size": request.page_size,
                            "sort": SORTS[request.sort], "track_total_hits": True}
    if counts:
        body["aggs"] = group_aggs(search_passes(request))
    if full_filters:
        body["post_filter"] = filter_clauses(full_filters)
    if request.highlight and (marks := highlight_query(node)) is not None:
        body["highlight"] = {
            "pre_tags": [SENTINEL_OPEN], "post_tags": [SENTINEL_CLOSE], "encoder": "default",
            "fields": {"body": {"type": "unified", "fragment_size": SNIPPET_CHARS, "number_of_fragments": 1,
                                "highlight_query": marks}}}
    return body


def run_search(search: Search, open_pit: Callable[[], str], read_index: str, request: SearchRequest,
               stemming: bool, started: float, counts_after: bool = False) -> SearchResult:
    """Run one request; `search` is the client's search bound to nothing but keyword arguments.

    With `counts_after` (the index has sample keys, schema 6) the counts run in a second request after
    the hits, once the total tells whether to sample (engine.sampling) and the facet time budget
    whether there is time; an older index gets hits and exact counts in one request, unbudgeted."""
    body = search_body(request, stemming, counts=not counts_after)
    position = _checked_position(request)
    where: dict[str, Any] = {"index": read_index, "from_": request.offset}
    if position:
        where = {"pit": {"id": position["pit"], "keep_alive": PIT_KEEP_ALIVE},
                 "search_after": position["after"]}
    try:
        raw = search(**where, **body)
    except NotFoundError as error:
        if position:
            raise RequestError("the cursor has expired; start again from the first page") from error
        raise
    total = raw["hits"]["total"]["value"]
    hits = raw["hits"]["hits"]
    seen = (position["n"] if position else request.offset) + len(hits)
    cursor = None
    if hits and seen < total:
        pit = raw.get("pit_id") or open_pit()
        cursor = encode_cursor(request, {"pit": pit, "after": hits[-1]["sort"], "n": seen})
    finished = _aggregations(search, where, body, raw, request, counts_after, started)
    took = (time.perf_counter() - started) * 1000
    cjk = cjk_pattern(cjk_words(request.parsed)) if request.highlight else None
    return SearchResult([_hit(hit, cjk) for hit in hits], total, finished.facets, finished.histogram,
                        finished.interval, took, cursor, request.interval,
                        histogram_approximate=finished.histogram_approximate,
                        histogram_timed_out=finished.histogram_timed_out)


def _checked_position(request: SearchRequest) -> dict[str, Any] | None:
    """The cursor's position with every field checked, even though its signature is valid."""
    position = decode_cursor(request)
    if position is None:
        return None
    pit, after = position.get("pit"), position.get("after")
    scalars = (str, int, float, type(None))
    if not isinstance(pit, str) or not 0 < len(pit) <= MAX_CURSOR_LENGTH or not isinstance(after, list) \
            or not 0 < len(after) <= MAX_SORT_VALUES or not all(isinstance(v, scalars) for v in after):
        raise RequestError("the cursor is damaged; start again from the first page")
    return {"pit": pit, "after": after, "n": bounded_int(position, "n", MAX_SEEN)}


def _aggregations(search: Search, where: dict[str, Any], body: dict[str, Any], raw: dict[str, Any],
                  request: SearchRequest, counts_after: bool, started: float) -> Finished:
    """Facets and histogram from the passes folded into the search body (or, with `counts_after`, from
    one more request made once the total is known, within the time budget), plus any daily pass."""
    scope = {key: value for key, value in where.items() if key in ("index", "pit")}

    def run(count_pass: CountPass) -> Counts:
        query = filtered(body["query"], count_pass.applied_filters)
        answer = search(**scope, query=query, size=0, track_total_hits=False, aggs=pass_aggs(count_pass))
        return read_counts(answer["aggregations"], count_pass)

    def count(filters: tuple[Filter, ...]) -> int:
        answer = search(**scope, query=filtered(body["query"], filters), size=0, track_total_hits=True)
        return int(answer["hits"]["total"]["value"])

    passes = search_passes(request)
    found: dict[str, Any] | None = raw.get("aggregations", {})
    if counts_after:
        passes = sampled_passes(request, passes, raw["hits"]["total"]["value"], count)
        found = _counts_within_budget(search, scope, body["query"], passes, request, started) if passes else {}
    counted = [None if found is None else read_counts(found.get(f"group{number}", {}), count_pass)
               for number, count_pass in enumerate(passes)]
    return finish_search(request, passes, counted, run, count, raw["hits"]["total"]["value"])


def _counts_within_budget(search: Search, scope: dict[str, Any], query: dict[str, Any], passes: list[CountPass],
                          request: SearchRequest, started: float) -> dict[str, Any] | None:
    """Every pass in one request, given what is left of the facet time budget (Elasticsearch stops
    at its `timeout` and says so); None when the budget is spent or the request timed out."""
    if over_budget(request, started):
        return None
    left = budget_left_ms(request, started)
    limit: dict[str, Any] = {} if left is None else {"timeout": f"{max(1, int(left))}ms"}
    answer = search(**scope, query=query, size=0, track_total_hits=False, aggs=group_aggs(passes), **limit)
    return None if answer.get("timed_out") else answer.get("aggregations", {})


def _date_counts(raw: dict[str, Any]) -> dict[date, int]:
    return {datetime.fromtimestamp(bucket["key"] / 1000, UTC).date(): bucket["doc_count"]
            for bucket in raw.get("buckets", []) if bucket["doc_count"]}


def _hit(raw: dict[str, Any], cjk: re.Pattern[str] | None) -> Hit:
    """A hit with its snippet: the engine's marks, else the query's CJK words marked, else the opening."""
    stored = raw["_source"]
    fragments = raw.get("highlight", {}).get("body", [])
    if fragments:
        snippet = mark_sentinels(clean_cut(fragments[0], stored["body"]))
    else:
        snippet = cjk_snippet(stored["body"], cjk) or plain_snippet(stored["body"])
    score = raw.get("_score")
    return Hit.from_stored(stored, snippet, float(score) if score is not None else None)
