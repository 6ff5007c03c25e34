"""The search plan, written once: which counts a search, a facet page or `stats` needs, and how
their answers become facets and a histogram. Backends only compile and run the primitives.

A `CountPass` is one primitive query: under some filters, the top values of some facets
(`TermsCount`) and, optionally, matches per calendar month or per day. A search counts its facet
groups (engine.facets.aggregation_groups) in passes; the first also counts dates, per month unless
the requested range is short, because daily buckets over decades are slow to build. When the range
is open and the matches turn out to span few months, `finish_search` asks the backend for one
more, daily pass.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from newsfacet.engine.facets import FACETS, Filter, TermsCount, aggregation_groups, request_filters
from newsfacet.engine.histogram import HistogramBucket, interval_for_months, requested_interval, rollup
from newsfacet.engine.search import FacetResult, SearchRequest, facet_from_terms

MONTHLY = "month"
DAILY = "day"


@dataclass(frozen=True)
class CountPass:
    """One primitive: under `filters` (besides the text query), count `terms` and, when `dates` is
    MONTHLY or DAILY, the matches per calendar month or per UTC day."""

    filters: tuple[Filter, ...]
    terms: tuple[TermsCount, ...] = ()
    dates: str | None = None


@dataclass
class Counts:
    """A pass's answer: raw terms results per facet ({"buckets": [{"key", "doc_count"}], ...},
    the shape both engines give) and matches per day or month start."""

    terms: dict[str, dict[str, Any]] = field(default_factory=dict)
    dates: dict[date, int] = field(default_factory=dict)


# A search's facets (in the requested order), its histogram and the histogram's interval.
Finished = tuple[dict[str, FacetResult], list[HistogramBucket], str | None]


def search_passes(request: SearchRequest) -> list[CountPass]:
    """The counts a search needs, one pass per facet group; the first carries the date counts."""
    interval = requested_interval(request.interval, request.date_from, request.date_to)
    passes = []
    for number, group in enumerate(aggregation_groups(request)):
        dates = None
        if number == 0 and request.histogram:
            dates = DAILY if interval in ("day", "week") else MONTHLY
        terms = tuple(FACETS[name].aggregation(request.facet_size) for name in group.facets)
        if terms or dates:
            passes.append(CountPass(group.filters, terms, dates))
    return passes


def finish_search(request: SearchRequest, passes: list[CountPass], counted: list[Counts],
                  run: Callable[[CountPass], Counts]) -> Finished:
    """Facets in the requested order, the histogram and its interval from the passes' counts.

    `run` runs one more pass when the month counts show a span short enough for days.
    """
    facets: dict[str, FacetResult] = {}
    dates: dict[date, int] = {}
    interval = requested_interval(request.interval, request.date_from, request.date_to)
    for count_pass, counts in zip(passes, counted, strict=True):
        for terms in count_pass.terms:
            facets[terms.facet] = facet_from_terms(terms.facet, counts.terms.get(terms.facet, {}), request)
        if count_pass.dates:
            dates = counts.dates
            if interval is None and dates:
                interval = interval_for_months(dates, request.date_from, request.date_to)
                if interval in ("day", "week") and count_pass.dates == MONTHLY:
                    dates = run(CountPass(count_pass.filters, dates=DAILY)).dates
    histogram: list[HistogramBucket] = []
    if request.histogram:
        interval, histogram = rollup(dates, interval, request.date_from, request.date_to)
    return {name: facets[name] for name in request.facets if name in facets}, histogram, interval


def facet_values_pass(request: SearchRequest, facet: str, limit: int, prefix: str = "") -> CountPass:
    """The 'more' page of one facet: its values under every filter but its own selection."""
    return CountPass(tuple(request_filters(request, facet)), (FACETS[facet].aggregation(limit, prefix),))


def stats_pass(size: int) -> CountPass:
    """The top values of every facet over the whole index."""
    return CountPass((), tuple(facet.aggregation(size) for facet in FACETS.values()))


def top_values(counts: Counts) -> dict[str, list[tuple[str, int]]]:
    """(value, count) lists per facet, as `stats` reports them."""
    return {name: [(bucket["key"], bucket["doc_count"]) for bucket in raw.get("buckets", [])]
            for name, raw in counts.terms.items()}
