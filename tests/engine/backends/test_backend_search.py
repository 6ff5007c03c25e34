"""Backend-neutral search behaviour: every test runs on each backend against the same articles.

Expected numbers are computed in the test from the article list itself, never typed in.
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import date

import pytest
from newsfacet.engine.histogram import next_period, period_start
from newsfacet.engine.model import Article
from newsfacet.engine.search import FacetSelection, SearchRequest
from newsfacet.engine.stories import StoryLookup, lookup_of

from tests.articles import sample_articles

ARTICLES = sample_articles()


@pytest.fixture
def loaded(backend):
    results = backend.write(ARTICLES)
    assert all(r.ok for r in results)
    return backend


def words(article: Article) -> set[str]:
    return set(re.findall(r"\w+", f"{article.title} {article.body}".lower()))


def matching(word: str | None = None, **filters) -> list[Article]:
    """Articles with `word` and every facet filter given as name=(include set, exclude set)."""
    found = []
    for article in ARTICLES:
        if word and word not in words(article):
            continue
        values = {"outlet": {article.outlet}, "language": {article.language},
                  "person": set(article.entities["person"]), "location": set(article.entities["location"])}
        if all((not inc or values[name] & inc) and not values[name] & exc
               for name, (inc, exc) in filters.items()):
            found.append(article)
    return found


def bucket_counts(result, facet: str) -> dict[str, int]:
    """Non-zero counts (selected values are listed even at zero)."""
    return {bucket.value: bucket.count for bucket in result.facets[facet].buckets if bucket.count}


def test_word_query_total_and_facets(loaded):
    result = loaded.search(SearchRequest(query="harbour", facet_size=50))
    expected = matching("harbour")
    assert result.total == len(expected) > 0
    assert bucket_counts(result, "outlet") == Counter(a.outlet for a in expected)
    assert bucket_counts(result, "person") == Counter(p for a in expected for p in a.entities["person"])


def test_multi_select_is_or_within_and_across_facets(loaded):
    chosen = ("Harbour Gazette", "Capital Ledger")
    request = SearchRequest(query="harbour", facet_size=50, selections={
        "outlet": FacetSelection(include=chosen), "location": FacetSelection(include=("Lisbon",))})
    result = loaded.search(request)
    expected = matching("harbour", outlet=(set(chosen), set()), location=({"Lisbon"}, set()))
    assert result.total == len(expected) > 0
    assert {hit.outlet for hit in result.hits} <= set(chosen)
    # The outlet facet ignores its own selection but keeps the location filter.
    others = matching("harbour", location=({"Lisbon"}, set()))
    assert bucket_counts(result, "outlet") == Counter(a.outlet for a in others)
    selected = {b.value for b in result.facets["outlet"].buckets if b.selected}
    assert selected == set(chosen)
    # Location counts keep the outlet filter but not their own.
    by_outlet = matching("harbour", outlet=(set(chosen), set()))
    assert bucket_counts(result, "location") == Counter(loc for a in by_outlet for loc in a.entities["location"])


def test_exclusion_removes_documents_but_stays_visible(loaded):
    result = loaded.search(SearchRequest(selections={"language": FacetSelection(exclude=("de",))}, page_size=100))
    expected = matching(language=(set(), {"de"}))
    assert result.total == len(expected)
    assert all(hit.language != "de" for hit in result.hits)
    buckets = {b.value: b for b in result.facets["language"].buckets}
    assert buckets["de"].excluded and buckets["de"].count == sum(a.language == "de" for a in ARTICLES)


def test_selected_value_with_no_match_still_listed(loaded):
    request = SearchRequest(query="lighthouse", selections={"outlet": FacetSelection(include=("Nobody Times",))})
    result = loaded.search(request)
    assert result.total == 0
    assert any(b.value == "Nobody Times" and b.selected and b.count == 0 for b in result.facets["outlet"].buckets)


def test_date_range_is_inclusive_by_day(loaded):
    start, end = date(2023, 3, 1), date(2023, 6, 30)
    result = loaded.search(SearchRequest(date_from=start, date_to=end, page_size=100))
    expected = [a for a in ARTICLES if a.published and start <= a.published.date() <= end]
    assert result.total == len(expected) > 0
    assert all(start <= hit.published.date() <= end for hit in result.hits)


@pytest.mark.parametrize("interval", ["day", "week", "month", "year"])
def test_calendar_histogram(loaded, interval):
    start, end = date(2023, 2, 10), date(2024, 5, 20)
    result = loaded.search(SearchRequest(date_from=start, date_to=end, interval=interval))
    dated = [a.published.date() for a in ARTICLES if a.published and start <= a.published.date() <= end]
    expected = Counter(period_start(day, interval) for day in dated)
    got = {bucket.start: bucket.count for bucket in result.histogram}
    assert {k: v for k, v in got.items() if v} == dict(expected)
    assert result.histogram[0].start == period_start(start, interval)
    for bucket in result.histogram:  # contiguous, calendar-aligned, no holes
        assert bucket.end == next_period(bucket.start, interval)
    if interval == "month":
        assert all(bucket.start.day == 1 for bucket in result.histogram)
    if interval == "week":
        assert all(bucket.start.weekday() == 0 for bucket in result.histogram)


def test_histogram_interval_follows_range(loaded):
    short = loaded.search(SearchRequest(date_from=date(2023, 3, 1), date_to=date(2023, 3, 20)))
    wide = loaded.search(SearchRequest())
    assert short.interval == "day" and len(short.histogram) == 20
    assert wide.interval == "month"
    assert sum(b.count for b in wide.histogram) == sum(1 for a in ARTICLES if a.published)


def test_highlight_escapes_document_markup(backend):
    hostile = Article(title='<script>alert(1)</script> harbour', body='Before "><img src=x onerror=alert(1)> the '
                      'harbour <script>alert("x")</script> after.', url="https://evil.example/1", language="en")
    backend.write([hostile])
    hit = backend.search(SearchRequest(query="harbour")).hits[0]
    assert "<mark>harbour</mark>" in hit.snippet
    assert "<script" not in hit.snippet and "<img" not in hit.snippet
    assert "&lt;script&gt;" in hit.snippet and "&lt;img" in hit.snippet
    assert hit.title == hostile.title  # raw in the data; views escape it


@pytest.mark.parametrize("sort", ["relevance", "newest", "oldest"])
def test_cursor_returns_every_document_once(loaded, sort):
    seen: list[str] = []
    request = SearchRequest(query="report", sort=sort, page_size=7, facets=())
    while True:
        result = loaded.search(request)
        assert result.total == len(ARTICLES)
        seen += [hit.id for hit in result.hits]
        if not result.next_cursor:
            break
        request = SearchRequest(query="report", sort=sort, page_size=7, facets=(), cursor=result.next_cursor)
    assert sorted(seen) == sorted(a.id for a in ARTICLES)
    if sort != "relevance":
        by_id = {a.id: a.published for a in ARTICLES}
        dated = [by_id[i] for i in seen if by_id[i]]
        assert dated == sorted(dated, reverse=sort == "newest")


@pytest.mark.parametrize("query,predicate", [
    ('"container traffic"', lambda a: "container traffic" in a.title.lower()),
    ("harbour -storm", lambda a: "harbour" in words(a) and "storm" not in words(a)),
    ("lighthouse OR museum", lambda a: {"lighthouse", "museum"} & words(a)),
    ("contain*", lambda a: any(w.startswith("contain") for w in words(a))),
    ('person:"Oleg Petrov"', lambda a: "Oleg Petrov" in a.entities["person"]),
    ("title:election", lambda a: "election" in a.title.lower()),
    ("outlet:ledger bank", lambda a: a.outlet == "Capital Ledger" and "bank" in words(a)),
])
def test_query_language(loaded, query, predicate):
    result = loaded.search(SearchRequest(query=query, page_size=100))
    assert result.total == sum(1 for a in ARTICLES if predicate(a)) > 0


def test_stemming_matches_inflected_forms(backend):
    """An English article that only says "gales" is found by "gale" exactly when stemming is on."""
    inflected = Article(title="Ferries stay in port", body="Gales closed the crossing for a second day.",
                        url="https://news.example/gales", language="en")
    backend.write([inflected])
    found = {hit.id for hit in backend.search(SearchRequest(query="gale")).hits}
    assert found == ({inflected.id} if "stemming" in backend.capabilities else set())
    assert backend.search(SearchRequest(query='"gale"')).total == 0  # phrases stay exact


def test_rewrite_is_idempotent_and_scan_returns_all(loaded):
    loaded.write(ARTICLES[:10])
    assert loaded.count() == len(ARTICLES)
    assert sorted(a.id for a in loaded.scan(batch_size=17)) == sorted(a.id for a in ARTICLES)
    assert loaded.get(ARTICLES[3].id).title == ARTICLES[3].title
    # Exact copies are found by the story lookup's fingerprint, first among the candidates.
    copy, unknown = lookup_of(ARTICLES[0]), StoryLookup((), "0" * 40)
    found, nothing = loaded.story_candidates([copy, unknown], 3)
    assert found[0].id == ARTICLES[0].id and nothing == []


def test_facet_values_by_prefix(loaded):
    result = loaded.facet_values(SearchRequest(), "person", prefix="ol")
    assert [b.value for b in result.buckets] == ["Oleg Petrov"]
    assert result.buckets[0].count == sum("Oleg Petrov" in a.entities["person"] for a in ARTICLES)


def test_facets_list_beyond_first_values(loaded):
    small = loaded.search(SearchRequest(facet_size=1))
    assert len(small.facets["person"].buckets) == 1 and small.facets["person"].has_more
    full = loaded.facet_values(SearchRequest(), "person", limit=100)
    assert {b.value for b in full.buckets} == {p for a in ARTICLES for p in a.entities["person"]}


def test_topic_facet_counts_selection_and_field_query(loaded):
    """Topics are multi-valued: counted per value, OR within the selection, queryable as words."""
    result = loaded.search(SearchRequest(facet_size=50))
    expected = Counter(topic for a in ARTICLES for topic in a.topics)
    assert bucket_counts(result, "topic") == expected and len(expected) > 2
    chosen = loaded.search(SearchRequest(page_size=100, facet_size=50, selections={
        "topic": FacetSelection(include=("Markets", "Local news"), exclude=("Business",))}))
    wanted = [a for a in ARTICLES if {"Markets", "Local news"} & set(a.topics) and "Business" not in a.topics]
    assert {hit.id for hit in chosen.hits} == {a.id for a in wanted} and wanted
    assert all(hit.topics for hit in chosen.hits)
    assert bucket_counts(chosen, "topic") == expected  # a facet is counted without its own selection
    words = loaded.search(SearchRequest(query='topic:markets OR topic:"local news"', page_size=100))
    assert words.total == sum(bool({"Markets", "Local news"} & set(a.topics)) for a in ARTICLES)
    untopical = loaded.search(SearchRequest(query="-topic:markets", page_size=1))
    assert untopical.total == sum("Markets" not in a.topics for a in ARTICLES)


def test_open_range_with_few_days_of_matches_gets_a_daily_histogram(loaded):
    """The shared plan counts months first, then asks for one daily pass (engine.plan)."""
    numbers = (1, 20)  # published 3 days apart
    result = loaded.search(SearchRequest(query=" OR ".join(f'"number {n}"' for n in numbers)))
    days = Counter(ARTICLES[n].published.date() for n in numbers)
    assert result.total == len(numbers) and len(days) == 2
    assert result.interval == "day"
    assert {bucket.start: bucket.count for bucket in result.histogram if bucket.count} == days


def test_get_many_finds_stored_articles_in_one_lookup(backend) -> None:
    articles = sample_articles(12)
    backend.write(articles)
    wanted = [articles[0].id, articles[5].id, "no-such-id", articles[5].id]
    found = backend.get_many(wanted)
    assert set(found) == {articles[0].id, articles[5].id}
    assert found[articles[5].id].title == articles[5].title
    assert backend.get_many([]) == {}
