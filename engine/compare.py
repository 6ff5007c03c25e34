"""Comparing two to four queries: their articles per period on one calendar axis (counts, and the
share of all articles of each period), their top outlets and entities.

Each query is searched once; when their charts came back at different intervals (each backend picks
one from its own span) the coarser one is asked again for all, so every line counts the same
periods. One search without a query gives the articles of each period the shares divide by.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from newsfacet.engine.backends.base import Backend
from newsfacet.engine.histogram import INTERVALS, fitting_interval, next_period, period_start
from newsfacet.engine.model import ENTITY_TYPES
from newsfacet.engine.search import SearchRequest, SearchResult

MIN_QUERIES, MAX_QUERIES = 2, 4
MEASURES = ("count", "share")  # what the chart plots: matches, or their share of all articles
TOP_SHOWN = 5
COMPARED_FACETS = ("outlet", *ENTITY_TYPES)


@dataclass(frozen=True)
class ComparedQuery:
    query: str
    total: int
    counts: list[int]  # per period of Comparison.periods
    top: dict[str, list[tuple[str, int]]]  # facet -> (value, count), most first

    def shares(self, all_counts: list[int]) -> list[float]:
        return [count / everything if everything else 0.0
                for count, everything in zip(self.counts, all_counts, strict=True)]


@dataclass(frozen=True)
class Comparison:
    interval: str | None
    periods: list[tuple[date, date]]  # (start, end exclusive)
    all_counts: list[int]  # articles in the whole index per period
    queries: list[ComparedQuery]

    def to_dict(self) -> dict[str, Any]:
        return {"interval": self.interval,
                "periods": [{"start": s.isoformat(), "end": e.isoformat(), "all_articles": n}
                            for (s, e), n in zip(self.periods, self.all_counts, strict=True)],
                "queries": [{"query": q.query, "total": q.total, "counts": q.counts,
                             "shares": [round(share, 6) for share in q.shares(self.all_counts)],
                             "top": {name: [{"value": v, "count": c} for v, c in values]
                                     for name, values in q.top.items()}}
                            for q in self.queries]}

    def rows(self) -> list[dict[str, Any]]:
        """One row per query and period: what the CSV twin writes."""
        return [{"query": q.query, "period_start": start.isoformat(), "period_end": end.isoformat(),
                 "count": count, "all_articles": everything, "share": round(share, 6)}
                for q in self.queries
                for (start, end), count, everything, share in zip(self.periods, q.counts, self.all_counts,
                                                                   q.shares(self.all_counts), strict=True)]


def _request(query: str, interval: str | None, facets: tuple[str, ...] = ()) -> SearchRequest:
    return SearchRequest(query=query, interval=interval, facets=facets, facet_size=TOP_SHOWN,
                         page_size=1, highlight=False)


def compare(backend: Backend, queries: list[str], interval: str | None = None) -> Comparison:
    """Search each query and line their histograms up on one axis (`interval` None: chosen)."""
    results = [backend.search(_request(query, interval, COMPARED_FACETS)) for query in queries]
    counts = [_by_start(result) for result in results]
    dated = [start for by_start in counts for start, n in by_start.items() if n]
    used = _common_interval(results, interval)
    if not dated or used is None:
        periods: list[tuple[date, date]] = []
    else:
        first, last = min(dated), max(dated)
        used = fitting_interval(used, first, next_period(last, used))
        periods = _periods(first, last, used)
    for number, result in enumerate(results):
        if result.interval != used and periods:
            counts[number] = _by_start(backend.search(_request(queries[number], used)))
    everything = _by_start(backend.search(_request("", used))) if periods else {}
    compared = [ComparedQuery(query, result.total, [by_start.get(start, 0) for start, _ in periods],
                              {name: [(b.value, b.count) for b in result.facets[name].buckets if b.count]
                               for name in COMPARED_FACETS})
                for query, result, by_start in zip(queries, results, counts, strict=True)]
    return Comparison(used, periods, [everything.get(start, 0) for start, _ in periods], compared)


def _by_start(result: SearchResult) -> dict[date, int]:
    return {bucket.start: bucket.count for bucket in result.histogram}


def _common_interval(results: list[SearchResult], asked: str | None) -> str | None:
    """The interval asked for, else the coarsest any query's chart used."""
    used = [result.interval for result in results if result.interval and result.histogram]
    if not used:
        return asked
    coarsest = max(used, key=INTERVALS.index)
    if asked is None:
        return coarsest
    return max(asked, coarsest, key=INTERVALS.index) if coarsest != asked else asked


def _periods(first: date, last: date, interval: str) -> list[tuple[date, date]]:
    start, periods = period_start(first, interval), []
    while start <= last:
        end = next_period(start, interval)
        periods.append((start, end))
        start = end
    return periods
