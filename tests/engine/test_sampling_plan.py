"""Which passes of a search are sampled, and how many match counts it takes to decide (engine.plan).

The counts come from a table of matches per filter set, standing in for an engine's count query; the
engines' own answers are checked in tests/engine/backends/test_sampled_facets.py.
"""
from __future__ import annotations

from dataclasses import replace

from newsfacet.engine.plan import sampled_passes, search_passes
from newsfacet.engine.sampling import SAMPLE_ABOVE
from newsfacet.engine.search import FacetSelection, SearchRequest

SELECTED = SearchRequest(query="economy", selections={"person": FacetSelection(include=("Ada Lovelace",)),
                                                      "outlet": FacetSelection(exclude=("Daily Planet",))})


class Counter:
    """Matches under a filter set: `alone` under none, `narrow` under any other; records each call."""

    def __init__(self, alone: int, narrow: int) -> None:
        self.alone, self.narrow, self.calls = alone, narrow, []

    def __call__(self, filters) -> int:
        self.calls.append(filters)
        return self.alone if not filters else self.narrow


def test_one_count_decides_when_the_query_alone_is_small():
    passes = search_passes(SELECTED)
    assert len(passes) == 3  # the full pass and one per selected facet
    count = Counter(alone=SAMPLE_ABOVE, narrow=10)
    planned = sampled_passes(SELECTED, passes, 5, count)
    assert count.calls == [()]
    assert all(p.sample_below is None for p in planned)


def test_each_pass_is_counted_once_when_the_query_alone_is_large():
    passes = search_passes(SELECTED)
    count = Counter(alone=SAMPLE_ABOVE + 1, narrow=SAMPLE_ABOVE * 3)
    planned = sampled_passes(SELECTED, passes, 5, count)
    assert count.calls[0] == () and len(count.calls) == 3  # (), then the two selected facets' passes
    assert len(set(count.calls)) == 3
    assert planned[0].sample_below is None  # the full pass: its 5 matches are the hits' total
    assert all(p.sample_below for p in planned[1:])


def test_a_large_total_needs_no_bound_and_exact_needs_no_count():
    passes = search_passes(SELECTED)
    count = Counter(alone=10**6, narrow=10**6)
    planned = sampled_passes(SELECTED, passes, SAMPLE_ABOVE * 2, count)
    assert () not in count.calls and len(count.calls) == 2
    assert all(p.sample_below for p in planned)
    exact = Counter(alone=10**6, narrow=10**6)
    assert sampled_passes(replace(SELECTED, exact=True), passes, SAMPLE_ABOVE * 2, exact) == passes
    assert exact.calls == []
