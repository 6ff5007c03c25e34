"""Sampled facet counts (engine.sampling) on each engine, over a real index of known articles.

The thresholds are lowered for the test (SAMPLE_ABOVE 300 matches, a sample of about 200), so that
a 1,200-article index is "large"; the code path is the one a million-article index takes.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest
from newsfacet.engine import sampling
from newsfacet.engine.backends.tantivy_backend import TantivyBackend
from newsfacet.engine.facets import SampleFilter
from newsfacet.engine.search import FacetSelection, SearchRequest
from tantivy import Query

from tests.articles import sample_articles

ARTICLES = 1200


@pytest.fixture
def small_thresholds(monkeypatch):
    monkeypatch.setattr(sampling, "SAMPLE_ABOVE", 300)
    monkeypatch.setattr(sampling, "SAMPLE_SIZE", 200)


@pytest.fixture
def filled(backend, small_thresholds):
    articles = sample_articles(ARTICLES)
    assert all(result.ok for result in backend.write(articles))
    return backend, articles


def outlet_counts(articles) -> Counter:
    return Counter(article.outlet for article in articles)


def test_sample_keys_are_spread_evenly_over_the_key_space():
    keys = [sampling.sample_key(article.id) for article in sample_articles(4000)]
    quarters = Counter(key * 4 // sampling.KEY_SPACE for key in keys)
    assert all(850 < quarters[q] < 1150 for q in range(4)), quarters
    assert sampling.sample_key("same id") == sampling.sample_key("same id")


def test_cut_gives_about_the_sample_size_and_none_below_the_threshold():
    assert sampling.sample_cut(sampling.SAMPLE_ABOVE) is None
    for matches in (sampling.SAMPLE_ABOVE + 1, 2 * sampling.SAMPLE_ABOVE, 10 * sampling.SAMPLE_ABOVE, 10**8):
        cut = sampling.sample_cut(matches)
        assert 0 < cut <= sampling.KEY_SPACE
        counted = matches * cut / sampling.KEY_SPACE
        if cut <= sampling.BUCKETED_UP_TO:  # rounded up to whole buckets: at most one bucket's share more
            assert cut % sampling.BUCKET_KEYS == 0 and sampling.whole_buckets(cut) == cut // sampling.BUCKET_KEYS
            one_bucket = matches * sampling.BUCKET_KEYS / sampling.KEY_SPACE
            assert sampling.SAMPLE_SIZE <= counted <= sampling.SAMPLE_SIZE + one_bucket
        else:
            assert sampling.whole_buckets(cut) is None
            assert counted == pytest.approx(sampling.SAMPLE_SIZE, rel=0.01, abs=2)


def test_whole_buckets_select_the_same_articles_as_the_key_range(tmp_path):
    """The embedded index selects a bucketed sample by its bucket terms, Elasticsearch by the key's
    range: the same articles, so both engines' approximate counts agree."""
    backend = TantivyBackend(tmp_path)
    articles = sample_articles(ARTICLES)
    assert all(result.ok for result in backend.write(articles))
    keys = sorted(sampling.sample_key(article.id) for article in articles)
    searcher, opened = backend._reader()
    assert opened.compiler.has_field(sampling.SAMPLE_BUCKET_FIELD)  # a new index files the buckets
    for cut in (sampling.BUCKET_KEYS, 5 * sampling.BUCKET_KEYS, sampling.BUCKETED_UP_TO):
        by_buckets = opened.compiler.filtered(Query.all_query(), [SampleFilter(cut)])
        assert searcher.search(by_buckets, 1, count=True).count == sum(1 for key in keys if key < cut) > 0
    backend.close()


def test_many_matches_are_counted_on_a_sample_and_scaled(filled):
    backend, articles = filled
    result = backend.search(SearchRequest(facet_size=5))
    assert result.total == ARTICLES  # the total is never sampled
    assert result.approximate and result.histogram_approximate
    assert all(facet.approximate for facet in result.facets.values())
    truth = outlet_counts(articles)
    for bucket in result.facets["outlet"].buckets:  # three outlets of 400 each: scaled from ~67
        assert bucket.count == pytest.approx(truth[bucket.value], rel=0.35)
    assert sum(b.count for b in result.histogram) == pytest.approx(sum(1 for a in articles if a.published), rel=0.2)
    exact = backend.search(SearchRequest(facet_size=5, exact=True))
    assert not exact.approximate and not exact.histogram_approximate
    assert {b.value: b.count for b in exact.facets["outlet"].buckets} == dict(truth)


def test_few_matches_are_counted_exactly(filled):
    backend, articles = filled
    request = SearchRequest(query="lighthouse")  # one article says it
    result = backend.search(request)
    assert result.total == 1 and not result.approximate


def test_selected_values_are_exact_while_others_are_sampled(filled):
    backend, articles = filled
    chosen = ("Oleg Petrov",)
    request = SearchRequest(facet_size=10, selections={"person": FacetSelection(include=chosen),
                                                       "outlet": FacetSelection(exclude=("Capital Ledger",))})
    result = backend.search(request)
    exact = backend.search(replace(request, exact=True))
    assert result.total == exact.total > 300
    person, outlet = result.facets["person"], result.facets["outlet"]
    assert person.approximate and outlet.approximate
    exact_person = {b.value: b.count for b in exact.facets["person"].buckets}
    exact_outlet = {b.value: b.count for b in exact.facets["outlet"].buckets}
    assert {b.value: b.count for b in person.buckets if b.selected} == {"Oleg Petrov": exact_person["Oleg Petrov"]}
    assert {b.value: b.count for b in outlet.buckets if b.excluded} == \
        {"Capital Ledger": exact_outlet["Capital Ledger"]}
    # the unselected values come from the sample: near, and (with this sample) not all equal
    others = [(b.count, exact_person[b.value]) for b in person.buckets if not b.selected]
    assert others and all(abs(got - want) <= 0.4 * want for got, want in others)


def test_included_values_of_a_single_valued_facet_are_exact(filled):
    """In an outlet's own pass the chosen outlets' counts add up to the total, so the first is derived
    from it rather than counted: it must still be the exact number, under the other filters too."""
    backend, articles = filled
    kept = [a for a in articles if "Oleg Petrov" not in a.entities.get("person", [])]
    truth = outlet_counts(kept)
    assert len(truth) >= 2 and len(kept) > 300
    for chosen in (tuple(sorted(truth))[:2], tuple(sorted(truth))[1:2]):
        request = SearchRequest(facet_size=5, selections={"outlet": FacetSelection(include=chosen),
                                                          "person": FacetSelection(exclude=("Oleg Petrov",))})
        result = backend.search(request)
        assert result.total == sum(truth[value] for value in chosen)
        assert result.facets["outlet"].approximate  # its own pass matches every kept article: sampled
        assert {b.value: b.count for b in result.facets["outlet"].buckets if b.selected} == \
            {value: truth[value] for value in chosen}


def test_json_says_what_is_approximate(filled):
    backend, _ = filled
    data = backend.search(SearchRequest()).to_dict()
    assert data["approximate"] is True and data["histogram"]["approximate"] is True
    assert all(facet["approximate"] for facet in data["facets"].values())
    assert data["total"] == ARTICLES


def test_a_spent_time_budget_leaves_facets_uncounted_but_answers(filled):
    """A budget of 0 ms is spent before the first count: every facet and the histogram say timed_out,
    the hits and the total are there, and selected values stay listed (uncounted)."""
    backend, _ = filled
    request = SearchRequest(facet_time_limit_ms=0, selections={"outlet": FacetSelection(include=("Capital Ledger",))})
    result = backend.search(request)
    assert result.total == 400 and len(result.hits) == 20
    assert result.timed_out and result.histogram_timed_out and result.histogram == []
    assert all(facet.timed_out for facet in result.facets.values())
    assert [(b.value, b.selected) for b in result.facets["outlet"].buckets] == [("Capital Ledger", True)]
    data = result.to_dict()
    assert data["timed_out"] and data["histogram"]["timed_out"] and data["facets"]["person"]["timed_out"]
    roomy = backend.search(replace(request, facet_time_limit_ms=60_000))
    assert not roomy.timed_out and roomy.facets["person"].buckets and roomy.histogram
