"""A search's facet counts and histogram, kept for the other pages of the same search.

Paging through a result (page 2, 3, ...; a collapsed page's first read, which is sized to its page)
changes the hits but not the counts, and on a large index the counts are most of a search's cost.
Keyed by the index generation and what decides the counts (SearchRequest.counts_key), the memo lets
those searches ask the engine for hits and total only. Counts cut short by the facet time budget are
not kept, so a retry counts them again.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from cachetools import TTLCache
from newsfacet.engine.histogram import HistogramBucket
from newsfacet.engine.search import FacetResult, SearchRequest, SearchResult

if TYPE_CHECKING:
    from newsfacet.engine.backends.base import Backend


@dataclass(frozen=True)
class _Counted:
    facets: dict[str, FacetResult]
    histogram: list[HistogramBucket]
    interval: str | None
    histogram_approximate: bool


class CountsMemo:
    """Bounded, expiring, shared by the threads of one process."""

    def __init__(self, entries: int, max_age: float) -> None:
        self._kept: TTLCache = TTLCache(max(entries, 1), max_age)
        self._lock = threading.Lock()

    def search(self, backend: Backend, request: SearchRequest) -> SearchResult:
        """`backend.search(request)`, with the counts of an earlier page of the same search when known."""
        generation = backend.generation()
        if generation is None or not (request.facets or request.histogram):
            return backend.search(request)
        key = (generation, request.counts_key())
        with self._lock:
            kept = self._kept.get(key)
        if kept is None:
            result = backend.search(request)
            if not result.timed_out:
                with self._lock:
                    self._kept[key] = _Counted(result.facets, result.histogram, result.interval,
                                               result.histogram_approximate)
            return result
        hits = backend.search(replace(request, facets=(), histogram=False))
        return replace(hits, facets=kept.facets, histogram=kept.histogram, interval=kept.interval,
                       histogram_approximate=kept.histogram_approximate)
