"""Facet counts reused by the other pages of a search (engine.counts_memo), on a real embedded index."""
from __future__ import annotations

from dataclasses import replace

import pytest
from newsfacet.engine.backends.tantivy_backend import TantivyBackend
from newsfacet.engine.collapse import search_stories
from newsfacet.engine.counts_memo import CountsMemo
from newsfacet.engine.search import FacetSelection, SearchRequest

from tests.articles import sample_articles


class Recording:
    """The real backend, noting what each search asked to count."""

    def __init__(self, backend: TantivyBackend) -> None:
        self.backend, self.counted = backend, []

    def __getattr__(self, name: str):
        return getattr(self.backend, name)

    def search(self, request: SearchRequest):
        self.counted.append((request.facets, request.histogram))
        return self.backend.search(request)


@pytest.fixture
def index(tmp_path):
    backend = TantivyBackend(tmp_path / "data", "articles")
    assert all(result.ok for result in backend.write(sample_articles(300)))
    yield backend
    backend.close()


def counts_of(result):
    return ({name: [(b.value, b.count) for b in facet.buckets] for name, facet in result.facets.items()},
            [(b.start, b.count) for b in result.histogram], result.interval)


def test_the_next_pages_reuse_the_first_pages_counts(index):
    recording, memo = Recording(index), CountsMemo(16, 60)
    first = SearchRequest(page_size=10, selections={"outlet": FacetSelection(include=("Capital Ledger",))})
    page_one = memo.search(recording, first)
    page_two = memo.search(recording, replace(first, page=2, sort="newest", highlight=False))
    assert recording.counted[1] == ((), False)  # the second page asked for hits only
    assert page_two.total == page_one.total
    assert counts_of(page_two) == counts_of(index.search(replace(first, page=2)))  # what counting again gives
    assert page_two.facets["person"].buckets


def test_other_counts_are_counted_afresh(index):
    recording, memo = Recording(index), CountsMemo(16, 60)
    base = SearchRequest(page_size=10)
    memo.search(recording, base)
    for different in (replace(base, query="harbour"), replace(base, facet_size=3), replace(base, exact=True),
                      replace(base, selections={"person": FacetSelection(exclude=("Oleg Petrov",))})):
        result = memo.search(recording, different)
        assert recording.counted[-1] != ((), False)
        assert counts_of(result) == counts_of(index.search(different))


def test_a_new_index_generation_counts_again(index):
    memo = CountsMemo(16, 60)
    request = SearchRequest(page_size=10)
    before = memo.search(index, request)
    assert all(result.ok for result in index.write(sample_articles(350)[300:]))
    after = memo.search(index, replace(request, page=2))
    assert after.total == before.total + 50
    assert sum(b.count for b in after.facets["outlet"].buckets) == after.total


def test_a_collapsed_page_reuses_the_counts_of_its_first_page(index):
    recording, memo = Recording(index), CountsMemo(16, 60)
    request = SearchRequest(page_size=5, collapse=True)
    one = search_stories(recording, request, memo)
    three = search_stories(recording, replace(request, page=3), memo)
    assert ((), False) in recording.counted
    assert counts_of(three) == counts_of(one) and three.stories_total == one.stories_total


def test_counts_cut_by_the_time_budget_are_not_kept(index):
    recording, memo = Recording(index), CountsMemo(16, 60)
    starved = SearchRequest(page_size=10, facet_time_limit_ms=0.0)
    assert memo.search(recording, starved).timed_out
    memo.search(recording, replace(starved, page=2, facet_time_limit_ms=None))
    assert recording.counted[-1] != ((), False)
