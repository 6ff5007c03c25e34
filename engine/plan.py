"""The search plan, written once: which counts a search, a facet page or `stats` needs, and how
their answers become facets and a histogram. Backends only compile and run the primitives.

A `CountPass` is one primitive query: under some filters, the top values of some facets
(`TermsCount`) and, optionally, matches per calendar month or per day. A search counts its facet
groups (engine.facets.aggregation_groups) in passes; the first also counts dates, per month unless
the requested range is short, because daily buckets over decades are slow to build. When the range
is open and the matches turn out to span few months, `finish_search` asks the backend for one
more, daily pass.

A pass over more than engine.sampling.SAMPLE_ABOVE matches counts a sample of them and is scaled
up (`sampled_passes`); its facets and the histogram are then marked approximate, except the
values the request selected, which are always counted exactly. `exact=True` turns sampling off.

Counting has a time budget (`SearchRequest.facet_time_limit_ms`, from the search's start): passes left
when it runs out are not run, and their facets and histogram say `timed_out` instead of failing the page.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from newsfacet.engine.facets import FACETS, Filter, SampleFilter, TermsCount, aggregation_groups, request_filters
from newsfacet.engine.histogram import HistogramBucket, interval_for_months, requested_interval, rollup
from newsfacet.engine.sampling import sample_cut, scaled
from newsfacet.engine.search import FacetResult, FacetSelection, SearchRequest, facet_from_terms

MONTHLY = "month"
DAILY = "day"


@dataclass(frozen=True)
class CountPass:
    """One primitive: under `filters` (besides the text query), count `terms` and, when `dates` is
    MONTHLY or DAILY, the matches per calendar month or per UTC day."""

    filters: tuple[Filter, ...]
    terms: tuple[TermsCount, ...] = ()
    dates: str | None = None
    # Count only matches whose sample key is below this (engine.sampling), then scale; None: all.
    sample_below: int | None = None

    @property
    def applied_filters(self) -> tuple[Filter, ...]:
        """The filters a backend runs: the request's, plus the sample when the pass is sampled."""
        return self.filters + ((SampleFilter(self.sample_below),) if self.sample_below else ())


@dataclass
class Counts:
    """A pass's answer: raw terms results per facet ({"buckets": [{"key", "doc_count"}], ...},
    the shape both engines give) and matches per day or month start."""

    terms: dict[str, dict[str, Any]] = field(default_factory=dict)
    dates: dict[date, int] = field(default_factory=dict)


@dataclass
class Finished:
    """A search's facets (in the requested order), its histogram and the histogram's interval;
    whether the histogram counts a sample, and whether its pass ran out of the time budget."""

    facets: dict[str, FacetResult]
    histogram: list[HistogramBucket]
    interval: str | None
    histogram_approximate: bool = False
    histogram_timed_out: bool = False


# Matches under some filters (besides the text query), exactly.
CountMatches = Callable[[tuple[Filter, ...]], int]


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


def sampled_passes(request: SearchRequest, passes: list[CountPass], total: int,
                   count: CountMatches) -> list[CountPass]:
    """The passes, each sampled when it matches more than SAMPLE_ABOVE articles, unless the request
    asks for exact counts. `total` is the number of matches under the full filters (the hits').

    A pass under fewer filters (a selected facet's own pass) needs its own count, a full query each.
    Filters only ever narrow, so the query under no filter bounds them all: when that one count is
    small enough, no pass is sampled and no other count is made."""
    if request.exact:
        return passes
    full = aggregation_groups(request)[0].filters
    counted: dict[tuple[Filter, ...], int] = {full: total}

    def matches(filters: tuple[Filter, ...]) -> int:
        if filters not in counted:
            counted[filters] = count(filters)
        return counted[filters]

    if sample_cut(total) is None and any(p.filters != full for p in passes) and sample_cut(matches(())) is None:
        return passes
    return [replace(count_pass, sample_below=sample_cut(matches(count_pass.filters))) for count_pass in passes]


def budget_left_ms(request: SearchRequest, started: float) -> float | None:
    """Milliseconds of the facet time budget left to the search started at `started`
    (time.perf_counter); None when it has no budget."""
    limit = request.facet_time_limit_ms
    return None if limit is None else limit - (time.perf_counter() - started) * 1000


def over_budget(request: SearchRequest, started: float) -> bool:
    """Whether the search started at `started` has used up its facet time budget."""
    left = budget_left_ms(request, started)
    return left is not None and left <= 0


def finish_search(request: SearchRequest, passes: list[CountPass], counted: list[Counts | None],
                  run: Callable[[CountPass], Counts], count: CountMatches, total: int) -> Finished:
    """Facets in the requested order, the histogram and its interval from the passes' counts.

    `run` runs one more pass when the month counts show a span short enough for days; `count`
    counts a selected value exactly when its pass was sampled; `total` is the number of matches
    under all of the request's filters. A pass counted as None ran out of
    the time budget: its facets are marked `timed_out` and list only the selected values, uncounted.
    """
    facets: dict[str, FacetResult] = {}
    dates: dict[date, int] = {}
    dates_sampled = dates_timed_out = False
    interval = requested_interval(request.interval, request.date_from, request.date_to)
    for count_pass, counts in zip(passes, counted, strict=True):
        if counts is None:
            for terms in count_pass.terms:
                facets[terms.facet] = replace(facet_from_terms(terms.facet, {}, request), timed_out=True)
            dates_timed_out = dates_timed_out or bool(count_pass.dates)
            continue
        cut = count_pass.sample_below
        if cut:
            counts = _scaled(counts, cut)
        needed = exact_selection_counts(request, count_pass)
        for terms in count_pass.terms:
            raw = counts.terms.get(terms.facet, {})
            if cut:
                raw = _exact_selection(raw, terms.facet, needed, count, total)
            facets[terms.facet] = facet_from_terms(terms.facet, raw, request, approximate=bool(cut))
        if count_pass.dates:
            dates, dates_sampled = counts.dates, bool(cut)
            if interval is None and dates:
                interval = interval_for_months(dates, request.date_from, request.date_to)
                if interval in ("day", "week") and count_pass.dates == MONTHLY:
                    daily = run(CountPass(count_pass.filters, dates=DAILY, sample_below=cut))
                    dates = (_scaled(daily, cut) if cut else daily).dates
    histogram: list[HistogramBucket] = []
    if request.histogram:
        interval, histogram = rollup(dates, interval, request.date_from, request.date_to)
    ordered = {name: facets[name] for name in request.facets if name in facets}
    return Finished(ordered, histogram, interval, dates_sampled and request.histogram,
                    dates_timed_out and request.histogram)


def _scaled(counts: Counts, cut: int) -> Counts:
    """A sampled pass's counts scaled to all its matches."""
    terms = {facet: {**raw, "buckets": [{**bucket, "doc_count": scaled(bucket["doc_count"], cut)}
                                        for bucket in raw.get("buckets", [])],
                     "sum_other_doc_count": scaled(raw.get("sum_other_doc_count", 0), cut)}
             for facet, raw in counts.terms.items()}
    return Counts(terms, {day: scaled(number, cut) for day, number in counts.dates.items()})


# (facet, selected value) -> the filters its exact count runs under, or None when it is derived.
NeededCounts = dict[tuple[str, str], tuple[Filter, ...] | None]


def exact_selection_counts(request: SearchRequest, count_pass: CountPass) -> NeededCounts:
    """The exact counts a sampled pass needs, (facet, selected value) -> filters to count under;
    none when the pass is not sampled (its counts are exact already).

    A value mapped to None is not counted but derived (`_exact_selection`): in the own pass of a
    single-valued facet with only included values, those values' counts add up to the request's total,
    so the first one is the total minus the others (and needs no count when it is the only one)."""
    if not count_pass.sample_below:
        return {}
    needed: NeededCounts = {}
    for terms in count_pass.terms:
        facet = FACETS[terms.facet]
        selection = request.selections.get(terms.facet, FacetSelection())
        derived = (facet.single_valued and selection.include and not selection.exclude
                   and count_pass.filters == tuple(request_filters(request, terms.facet)))
        for number, value in enumerate(dict.fromkeys((*selection.include, *selection.exclude))):
            value_filters = facet.filters(FacetSelection(include=(value,)))
            needed[terms.facet, value] = None if derived and number == 0 else count_pass.filters + tuple(value_filters)
    return needed


def counted_filters(request: SearchRequest, passes: list[CountPass]) -> list[tuple[Filter, ...]]:
    """Every filter set `finish_search` will count exactly, once each (a backend may count them ahead)."""
    wanted = (filters for count_pass in passes for filters in exact_selection_counts(request, count_pass).values())
    return list(dict.fromkeys(filters for filters in wanted if filters is not None))


def _exact_selection(raw: dict[str, Any], facet: str, needed: NeededCounts, count: CountMatches,
                     total: int) -> dict[str, Any]:
    """The sampled buckets with the facet's selected values counted exactly (there are few)."""
    mine = {value: filters for (name, value), filters in needed.items() if name == facet}
    if not mine:
        return raw
    exact = {value: count(filters) for value, filters in mine.items() if filters is not None}
    exact.update({value: total - sum(exact.values()) for value, filters in mine.items() if filters is None})
    buckets = [bucket for bucket in raw.get("buckets", []) if bucket["key"] not in exact]
    buckets += [{"key": value, "doc_count": number} for value in mine if (number := exact[value])]
    return {**raw, "buckets": buckets}


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
