"""Contract: Elasticsearch answers exactly as the embedded tantivy backend on a real corpus.

The same articles (all 2,225 BBC stories, plus the first two Reuters-21578 files read by the
pipeline's own Reuters source) go into both backends; for a set of queries, facet selections,
exclusions and date ranges the totals, every facet count and the histogram must be identical, and
for the smaller result sets so must the matched ids. Ranking may differ. The comparison covers the
topic facet (BBC section folders) and a facet registered by this module alone (`length`, a band of
the word count that no Article field holds), so a newly registered facet is held to the contract.

The test node (integ-test-zip) has no stemmers: when Elasticsearch reports no "stemming"
capability, tantivy is opened with stemming switched off so both compare like with like. On a
cluster with analysis-common both stem (Snowball on both sides).
"""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from newsfacet.engine import collapse, sampling
from newsfacet.engine.backends.tantivy_backend import TantivyBackend
from newsfacet.engine.collapse import search_stories
from newsfacet.engine.facets import Facet, register_facet, unregister_facet
from newsfacet.engine.model import Article
from newsfacet.engine.search import FacetSelection, SearchRequest
from newsfacet.engine.stories import keys_of
from newsfacet.indexer.stories import assign_stories

from tests.corpora import corpus

pytestmark = [pytest.mark.elasticsearch, pytest.mark.corpus]
BBC_START = datetime(2004, 1, 5, 9, tzinfo=UTC)
# Pages written in several zones: the histogram and date filters count each one's local day.
ZONES = [timezone(timedelta(minutes=m)) for m in (0, 540, -300, 330, -570, 780)]
ID_SET_LIMIT = 400


def bbc_articles() -> list[Article]:
    """BBC .txt files: line 1 the title, the rest the body; outlet from the section folder."""
    articles = []
    files = sorted((corpus("bbc-news") / "bbc").rglob("*.txt"))
    for number, path in enumerate(files):
        lines = path.read_bytes().decode("utf-8", "replace").strip().splitlines()
        section = path.parent.name
        published = (BBC_START + timedelta(hours=7 * number)).astimezone(ZONES[number % len(ZONES)])
        articles.append(Article(
            title=lines[0].strip(), body="\n".join(lines[1:]).strip(), url=f"https://bbc.example/{section}/{path.name}",
            published=published, outlet=f"BBC {section.title()}", language="en",
            authors=[f"Desk {number % 7}"], topics=[section]))
    return articles


def reuters_articles() -> list[Article]:
    """Stories of the first two .sgm files, parsed by the indexer's Reuters source."""
    from newsfacet.indexer.errors import InputRejected
    from newsfacet.indexer.sources import FileStamp
    from newsfacet.indexer.sources.reuters import parse_story, reuters_records

    articles = []
    for path in sorted((corpus("reuters21578") / "reuters21578").glob("*.sgm"))[:2]:
        stat = Path(path).stat()
        for record in reuters_records(str(path), FileStamp(str(path), stat.st_size, stat.st_mtime_ns), 50_000_000):
            try:
                article = parse_story(record.data, record.source, record.url)
            except InputRejected:
                continue
            article.language = "en"
            articles.append(article)
    return articles


def length_band(article: Article) -> list[str]:
    return ["short" if article.word_count < 300 else "medium" if article.word_count < 600 else "long"]


@pytest.fixture(scope="module")
def engines(request, tmp_path_factory):
    """(tantivy, elasticsearch) holding the same corpus, with the `length` facet registered first."""
    from tests.es_support import elasticsearch_backend

    register_facet(Facet("length", "Length", length_band))
    request.addfinalizer(lambda: unregister_facet("length"))
    articles = bbc_articles() + reuters_articles()
    unique = list({article.id: article for article in articles}.values())
    es = elasticsearch_backend(request, "contract")
    stemming = "stemming" in es.capabilities
    tantivy = TantivyBackend(tmp_path_factory.mktemp("contract"), "articles", stemming=stemming)
    for article in unique:  # story ids as the indexer gives them (the index is still empty)
        article.story_keys = keys_of(article)
    assign_stories(tantivy, unique)
    for start in range(0, len(unique), 1000):
        assert all(result.ok for result in es.write(unique[start:start + 1000]))
    assert all(result.ok for result in tantivy.write(unique))
    assert tantivy.count() == es.count() == len(unique)
    yield tantivy, es
    tantivy.close()
    es.close()


REUTERS_MARCH = {"date_from": date(1987, 3, 1), "date_to": date(1987, 3, 10)}
CASES = {
    "everything": {},
    "word": {"query": "oil"},
    "two words": {"query": "oil prices"},
    "phrase": {"query": '"prime minister"'},
    "or": {"query": "election OR vote"},
    "not": {"query": "market -shares"},
    "prefix": {"query": "comput*"},
    "title field": {"query": "title:film"},
    "entity field": {"query": "location:japan"},
    "outlet field": {"query": "outlet:sport football"},
    "topic field": {"query": "topic:tech OR topic:politics"},
    "topic and length": {"query": "government", "selections": {
        "topic": FacetSelection(include=("business", "politics")), "length": FacetSelection(exclude=("short",))}},
    "length field": {"query": "length:long film"},
    "multi-select": {"query": "bank", "selections": {"location": FacetSelection(include=("USA", "UK", "Japan"))}},
    "exclusion": {"selections": {"outlet": FacetSelection(exclude=("Reuters",))}},
    "across facets": {"query": "trade", "selections": {"outlet": FacetSelection(include=("Reuters",)),
                                                       "location": FacetSelection(exclude=("USA",))}},
    "date range": {"query": "dollar", **REUTERS_MARCH},
    "dates and facet": {"selections": {"outlet": FacetSelection(include=("BBC Tech", "BBC Business"))},
                        "date_from": date(2004, 6, 1), "date_to": date(2005, 2, 28)},
    "open range": {"date_from": date(1987, 3, 5)},
    "local days": {"query": "film OR game", "date_from": date(2004, 3, 1), "date_to": date(2004, 3, 20),
                   "interval": "day"},
    "local weeks": {"date_from": date(2004, 2, 1), "date_to": date(2004, 6, 30), "interval": "week"},
    "nothing": {"query": "zzyzxnothinghere"},
}


def summary(result) -> dict:
    facets = result.facets.items()
    return {"total": result.total,
            "facets": {name: sorted((b.value, b.count) for b in facet.buckets) for name, facet in facets},
            "other": {name: facet.other_count for name, facet in result.facets.items()},
            "histogram": (result.interval, [(b.start, b.count) for b in result.histogram])}


def matched_ids(backend, request: SearchRequest) -> set[str]:
    """Every id of the result set, paging with the backend's cursor."""
    ids: set[str] = set()
    while True:
        result = backend.search(request)
        ids.update(hit.id for hit in result.hits)
        if not result.next_cursor:
            return ids
        request = SearchRequest(**{**request.__dict__, "cursor": result.next_cursor, "page": 1})


@pytest.mark.parametrize("case", list(CASES))
def test_same_totals_facets_histogram_and_matches(engines, case):
    tantivy, es = engines
    request = SearchRequest(facet_size=1000, page_size=100, highlight=False, **CASES[case])
    expected, got = summary(tantivy.search(request)), summary(es.search(request))
    assert got == expected
    assert {"topic", "length"} <= set(expected["facets"])
    assert (expected["total"] == 0) == (case == "nothing")
    if expected["total"] <= ID_SET_LIMIT:
        plain = SearchRequest(**{**request.__dict__, "facets": (), "histogram": False, "sort": "newest"})
        assert matched_ids(es, plain) == matched_ids(tantivy, plain)


@pytest.mark.parametrize("facet,prefix", [("location", "ja"), ("organization", "O"), ("outlet", "bbc s"),
                                          ("topic", "ent"), ("length", "M")])
def test_same_facet_values_by_prefix(engines, facet, prefix):
    tantivy, es = engines
    request = SearchRequest(query="trade OR sport")
    left = tantivy.facet_values(request, facet, prefix=prefix, limit=200)
    right = es.facet_values(request, facet, prefix=prefix, limit=200)
    assert [(b.value, b.count) for b in right.buckets] == [(b.value, b.count) for b in left.buckets]
    assert left.buckets


@pytest.mark.parametrize("case", ["everything", "word", "topic and length", "date range", "nothing"])
def test_collapsed_search_counts_the_same_stories(engines, case):
    tantivy, es = engines
    request = SearchRequest(facet_size=10, page_size=20, highlight=False, collapse=True, **CASES[case])
    left, right = search_stories(tantivy, request), search_stories(es, request)
    assert (right.total, right.stories_total, right.stories_exact) == (left.total, left.stories_total, True)
    assert summary(right)["facets"] == summary(left)["facets"]
    for result in (left, right):
        assert len({hit.story_id for hit in result.hits}) == len(result.hits)  # one hit per story
        assert all(hit.version_count == 0 or hit.versions for hit in result.hits)
    if case == "everything":  # BBC reposts and Reuters repeats fold into stories
        assert left.stories_total < left.total
        assert any(hit.version_count for hit in left.hits) or left.stories_total > 20


def test_collapsed_hits_are_highlighted_as_in_a_plain_search(engines):
    """A collapsed page highlights only the hits it shows, afterwards: each snippet is the one the
    same search gives that article without collapsing, on both engines."""
    request = SearchRequest(query="oil prices", facets=(), histogram=False, page_size=20, sort="newest")
    for backend in engines:
        collapsed = search_stories(backend, replace(request, collapse=True))
        plain = {hit.id: hit.snippet for hit in backend.search(replace(request, page_size=100)).hits}
        assert collapsed.hits and all("<mark>" in hit.snippet for hit in collapsed.hits)
        assert all(hit.snippet == plain[hit.id] for hit in collapsed.hits if hit.id in plain)
        assert sum(hit.id in plain for hit in collapsed.hits) >= 10


@pytest.mark.parametrize("sort", ["oldest", "newest"])
def test_many_matches_estimate_the_same_stories_and_exact_counts_them(engines, sort, monkeypatch):
    """Above STORIES_COUNTED_UP_TO matches (lowered here) the story total is estimated from the hits the
    scan read: the same estimate on both engines (the date sorts scan the same hits), marked inexact, and
    near the exact count that `exact=True` gives."""
    tantivy, es = engines
    request = SearchRequest(facets=(), histogram=False, highlight=False, collapse=True, sort=sort, page_size=20)
    exact = search_stories(tantivy, request)
    assert exact.stories_exact and exact.total > 1000
    monkeypatch.setattr(collapse, "STORIES_COUNTED_UP_TO", 1000)
    left, right = search_stories(tantivy, request), search_stories(es, request)
    assert (right.total, right.stories_total, right.stories_exact) == (left.total, left.stories_total, False)
    assert [hit.id for hit in left.hits] == [hit.id for hit in right.hits]
    assert left.stories_total == pytest.approx(exact.stories_total, rel=0.1)
    again = search_stories(es, replace(request, exact=True))
    assert (again.stories_total, again.stories_exact) == (exact.stories_total, True)


@pytest.mark.parametrize("sort", ["oldest", "newest"])
def test_collapsed_pages_past_the_scan_bound_agree_and_say_so(engines, sort):
    """The whole corpus is far more than MAX_SCANNED articles: a page past the stories the scan reaches
    is empty on both engines with the same message, the last page it reaches is the same, and the
    story total stays the exact one."""
    tantivy, es = engines
    size = 20
    deep = SearchRequest(facets=(), histogram=False, highlight=False, collapse=True, sort=sort, page_size=size,
                         page=collapse.MAX_SCANNED // size + 1)
    left, right = search_stories(tantivy, deep), search_stories(es, deep)
    assert left.total > collapse.MAX_SCANNED and left.hits == right.hits == []
    assert (right.stories_total, right.stories_reachable) == (left.stories_total, left.stories_reachable)
    assert 0 < left.stories_reachable <= collapse.MAX_SCANNED < left.stories_total
    assert left.stories_note == right.stories_note and f"{left.stories_total:,} stories in all" in left.stories_note
    last = replace(deep, page=(left.stories_reachable - 1) // size + 1)
    ends = search_stories(tantivy, last), search_stories(es, last)
    assert [hit.id for hit in ends[0].hits] == [hit.id for hit in ends[1].hits]
    assert len(ends[0].hits) == (left.stories_reachable - 1) % size + 1
    first = search_stories(tantivy, replace(deep, page=1))
    assert first.stories_note is None and first.stories_reachable is None and len(first.hits) == size


@pytest.mark.parametrize("case", ["everything", "word", "topic and length", "exclusion", "across facets",
                                  "dates and facet", "open range"])
def test_sampled_counts_are_the_same_and_selected_values_exact(engines, case, monkeypatch):
    """Both engines sample by the same key range, so they agree on which counts are approximate and on
    the approximate counts; with exact=1 they agree on the exact ones; selected values are exact."""
    monkeypatch.setattr(sampling, "SAMPLE_ABOVE", 1000)
    monkeypatch.setattr(sampling, "SAMPLE_SIZE", 800)
    tantivy, es = engines
    request = SearchRequest(facet_size=1000, page_size=10, highlight=False, **CASES[case])
    left, right = tantivy.search(request), es.search(request)
    assert summary(right) == summary(left)
    flags = [({name: facet.approximate for name, facet in result.facets.items()}, result.histogram_approximate)
             for result in (left, right)]
    assert flags[0] == flags[1]
    assert left.histogram_approximate == (left.total > 1000)  # the histogram counts under every filter
    exact_request = replace(request, exact=True)
    exact, exact_es = tantivy.search(exact_request), es.search(exact_request)
    assert summary(exact_es) == summary(exact) and not exact.approximate and not exact_es.approximate
    assert exact.total == left.total
    for name, selection in request.selections.items():
        chosen = {*selection.include, *selection.exclude}
        assert {(b.value, b.count) for b in left.facets[name].buckets if b.value in chosen} == \
            {(b.value, b.count) for b in exact.facets[name].buckets if b.value in chosen}
