"""Upgrades: an index built by an earlier release (schema versions 2 and 3, pinned in tests/fixtures)
is served read-only by today's code, reported by `stats`, and copied into today's shape by
`reindex` while searches keep running; facet counts survive the copy.
"""
from __future__ import annotations

import json
from collections import Counter
from datetime import date, datetime, timedelta, timezone

import pytest
from click.testing import CliRunner
from newsfacet.engine.backends.tantivy_backend import TantivyBackend
from newsfacet.engine.backends.upgrades import SCHEMA_VERSION, OlderIndexError
from newsfacet.engine.facets import facet_names
from newsfacet.engine.model import Article
from newsfacet.engine.reindex import reindex
from newsfacet.engine.search import FacetSelection, SearchRequest

from tests.articles import sample_articles
from tests.engine.backends.test_reindex import SearchLoop
from tests.fixtures import schema_v2, schema_v3

ARTICLES = sample_articles(300)
OLD_FACETS = ("outlet", "language", "author", "person", "organization", "location")


def expected_facets() -> dict[str, dict[str, int]]:
    """Documents per value of each facet, counted from the articles themselves."""
    values = {
        "outlet": lambda a: [a.outlet], "language": lambda a: [a.language], "author": lambda a: a.authors,
        "person": lambda a: a.entities["person"], "organization": lambda a: a.entities["organization"],
        "location": lambda a: a.entities["location"],
    }
    return {name: dict(Counter(v for a in ARTICLES for v in set(get(a)))) for name, get in values.items()}


def everything() -> SearchRequest:
    return SearchRequest(facets=facet_names(), facet_size=50, page_size=5)


def facet_counts(backend) -> dict[str, dict[str, int]]:
    facets = backend.search(everything()).facets
    return {name: {b.value: b.count for b in facets[name].buckets} for name in facet_names()}


@pytest.fixture
def older_tantivy(tmp_path):
    data = tmp_path / "data"
    schema_v2.write_tantivy_index(data, "articles", ARTICLES)
    return data


def older_es_index(request, name: str, body: dict, articles: list[Article]):
    """An Elasticsearch index created with an earlier release's mapping `body`, holding `articles`
    (only the fields that mapping has)."""
    from newsfacet.engine.backends import es_lifecycle as lifecycle
    from newsfacet.engine.backends.es_backend import to_source

    from tests.es_support import elasticsearch_backend

    backend = elasticsearch_backend(request, name)
    lifecycle.fit_analysis(backend.client, body)
    aliases = {backend.index: {}, lifecycle.write_alias(backend.index): {"is_write_index": True}}
    physical = lifecycle.physical_name(backend.index, 1)
    lifecycle.create(backend.client, physical, body, aliases)
    old_fields = set(body["mappings"]["properties"])
    operations = []
    for article in articles:
        source = {k: v for k, v in to_source(article).items() if k in old_fields}
        operations += [{"index": {"_index": physical, "_id": article.id}}, source]
    assert not backend.client.bulk(operations=operations, refresh=True)["errors"]
    return backend


@pytest.fixture
def older_elasticsearch(request):
    """An Elasticsearch index as the previous release created it: v2 mapping, no schema_version."""
    return older_es_index(request, "upgrade", schema_v2.es_mapping(), ARTICLES)


def test_older_tantivy_index_is_served_read_only(older_tantivy):
    backend = TantivyBackend(older_tantivy)
    expected = expected_facets()
    assert backend.count() == len(ARTICLES)
    assert backend.search(everything()).total == len(ARTICLES)
    counts = facet_counts(backend)
    assert {name: counts[name] for name in OLD_FACETS} == expected and counts["topic"] == {}
    assert backend.search(SearchRequest(query="lighthouse")).total == 1
    oleg = sum("Oleg Petrov" in a.entities["person"] for a in ARTICLES)
    assert backend.search(SearchRequest(query='person:"Oleg Petrov"')).total == oleg
    # The field the old schema lacks: no matches, never an error.
    assert backend.search(SearchRequest(query="topic:sport")).total == 0
    assert backend.search(SearchRequest(query="harbour -topic:sport")).total > 0
    only_sport = {"topic": FacetSelection(include=("sport",))}
    assert backend.search(SearchRequest(selections=only_sport)).total == 0
    not_sport = {"topic": FacetSelection(exclude=("sport",))}
    assert backend.search(SearchRequest(selections=not_sport)).total == len(ARTICLES)
    assert backend.facet_values(everything(), "topic").buckets == []
    assert len(backend.facet_values(everything(), "outlet").buckets) == 3
    assert backend.get(ARTICLES[7].id).title == ARTICLES[7].title
    assert sum(1 for _ in backend.scan(batch_size=70)) == len(ARTICLES)
    with pytest.raises(OlderIndexError, match="newsfacet reindex"):
        backend.write(sample_articles(1))
    assert backend.count() == len(ARTICLES)
    health = backend.health()
    assert health["ok"] and health["schema_version"] == 2 and "newsfacet reindex" in health["upgrade"]
    assert all(check.ok for check in backend.check()), backend.check()


def test_stats_names_the_upgrade_and_reindex_makes_it_current(older_tantivy):
    from newsfacet.cli import main

    runner = CliRunner()
    base = ["--data-dir", str(older_tantivy), "--backend", "tantivy"]
    text = runner.invoke(main, [*base, "stats"])
    assert text.exit_code == 0, text.output
    assert f"{len(ARTICLES)} articles in articles-v1" in text.output
    assert f"schema version 2, older than this newsfacet ({SCHEMA_VERSION})" in text.output
    assert "`newsfacet reindex`" in text.output and "  topic: (none)" in text.output
    info = json.loads(runner.invoke(main, [*base, "stats", "--json"]).output)
    assert (info["schema_version"], info["code_schema_version"]) == (2, SCHEMA_VERSION)
    assert "newsfacet reindex" in info["upgrade"]
    assert runner.invoke(main, [*base, "check"]).exit_code == 0
    upgraded = runner.invoke(main, [*base, "reindex", "--no-progress"])
    assert upgraded.exit_code == 0, upgraded.output
    assert "switched articles-v1 -> articles-v2" in upgraded.output
    assert f"schema version 2 -> {SCHEMA_VERSION}" in upgraded.output
    after = json.loads(runner.invoke(main, [*base, "stats", "--json"]).output)
    assert (after["schema_version"], after["upgrade"]) == (SCHEMA_VERSION, None)
    assert after["documents"] == len(ARTICLES)
    assert "older than" not in runner.invoke(main, [*base, "stats"]).output
    back = runner.invoke(main, [*base, "reindex", "--rollback"])  # the kept older version: read-only again
    assert back.exit_code == 0 and "articles-v2 -> articles-v1" in back.output
    assert "older than" in runner.invoke(main, [*base, "stats"]).output


def _upgrade_while_searching(writer, reader) -> None:
    """Reindex `writer` while `reader` searches; no failure, the full count throughout."""
    before = facet_counts(reader)
    loop = SearchLoop(reader)
    loop.start()
    try:
        outcome = reindex(writer, keep=1, batch_size=25)
    finally:
        loop.stop.set()
        loop.join(timeout=60)
    assert not loop.errors, loop.errors[:3]
    assert len(loop.totals) >= 5 and set(loop.totals) == {len(ARTICLES)}
    assert outcome.documents == len(ARTICLES) and reader.current_physical() == outcome.current
    after = facet_counts(reader)
    assert after == before and after["topic"] == {}
    assert {name: after[name] for name in OLD_FACETS} == expected_facets()
    assert reader.schema_info()["schema_version"] == SCHEMA_VERSION


def test_tantivy_reindex_upgrades_while_searches_run(older_tantivy):
    writer, reader = TantivyBackend(older_tantivy), TantivyBackend(older_tantivy)
    try:
        assert reader.schema_info()["schema_version"] == 2
        _upgrade_while_searching(writer, reader)
        article = sample_articles(301)[-1]
        article.topics = ["sport"]
        assert all(result.ok for result in writer.write([article]))  # today's shape takes writes again
        assert facet_counts(reader)["topic"] == {"sport": 1}
    finally:
        writer.close()
        reader.close()


def test_elasticsearch_older_index_is_reported_and_upgraded(older_elasticsearch):
    from tests.es_support import es_url, open_backend

    writer = older_elasticsearch
    reader = open_backend(es_url(), writer.index)
    try:
        physical = writer.current_physical()
        stats = writer.stats()
        assert stats["documents"] == len(ARTICLES) and stats["schema_version"] == 2
        assert "newsfacet reindex" in stats["upgrade"]
        assert writer.health()["ok"] and writer.health()["schema_version"] == 2
        assert all(check.ok for check in writer.check()), writer.check()
        counts = facet_counts(reader)
        assert {name: counts[name] for name in OLD_FACETS} == expected_facets() and counts["topic"] == {}
        assert reader.search(SearchRequest(query="topic:sport")).total == 0
        for refused in (writer.acquire_writer, lambda: writer.write(sample_articles(1))):
            with pytest.raises(OlderIndexError, match="newsfacet reindex"):
                refused()
        _upgrade_while_searching(writer, reader)
        assert writer.current_physical() != physical
        assert writer.stats()["upgrade"] is None
        writer.acquire_writer()  # today's shape: writes are welcome again
    finally:
        reader.close()


def test_web_app_serves_an_older_index_and_healthz_names_the_upgrade(older_tantivy):
    from newsfacet.webapp import create_app

    app = create_app({"data_dir": str(older_tantivy), "secret_key": "test-secret", "TESTING": True})
    try:
        client = app.test_client()
        health = client.get("/healthz")
        assert health.status_code == 200 and health.json["status"] == "ok"
        assert "newsfacet reindex" in health.json["backend"]["upgrade"]
        found = client.get("/search.json?q=harbour")
        assert found.status_code == 200 and found.json["total"] > 0
        by_topic = client.get("/search.json?topic=sport")
        assert by_topic.status_code == 200 and by_topic.json["total"] == 0
    finally:
        app.extensions["newsfacet"].close()


def test_new_indexes_record_todays_schema_version(backend):
    assert backend.schema_info()["schema_version"] is None  # nothing written yet
    assert all(result.ok for result in backend.write(sample_articles(3)))
    info = backend.stats()
    assert (info["schema_version"], info["code_schema_version"], info["upgrade"]) == (SCHEMA_VERSION,
                                                                                      SCHEMA_VERSION, None)
    if isinstance(backend, TantivyBackend):
        marker = backend.store.path_of(backend.current_physical()) / "newsfacet-schema.json"
        assert json.loads(marker.read_text()) == {"schema_version": SCHEMA_VERSION}
    else:
        from newsfacet.engine.backends import es_lifecycle

        assert es_lifecycle.meta(backend.client, backend.current_physical())["schema_version"] == SCHEMA_VERSION


def test_an_unreadable_schema_marker_is_reported_as_damage(older_tantivy):
    from newsfacet.engine.backends.base import IndexDamagedError

    (older_tantivy / "tantivy" / "articles-v1" / "newsfacet-schema.json").write_text("{not json")
    with pytest.raises(IndexDamagedError, match="newsfacet-schema.json cannot be read"):
        TantivyBackend(older_tantivy).count()


# -- schema 3 (before the local publication day) -------------------------------------------------
SEOUL_MORNING = datetime(2025, 1, 22, 6, 30, tzinfo=timezone(timedelta(hours=9)))  # 21 Jan 21:30 UTC


def v3_articles() -> list[Article]:
    """The pinned articles plus one written at 06:30+09:00: schema 3 only knew its UTC day."""
    seoul = Article(title="Busan typhoon", body="The harbour closed before the typhoon.", published=SEOUL_MORNING,
                    url="https://example.kr/busan-typhoon", outlet="Example", language="en")
    return [*ARTICLES, seoul]


def utc_days_of(articles: list[Article], first: date, last: date) -> dict[date, int]:
    counted = Counter(a.published.date() for a in articles if a.published and first <= a.published.date() <= last)
    return dict(counted)


def histogram_days(backend, first: date, last: date) -> dict[date, int]:
    result = backend.search(SearchRequest(date_from=first, date_to=last, interval="day"))
    return {bucket.start: bucket.count for bucket in result.histogram if bucket.count}


@pytest.fixture
def v3_tantivy(tmp_path):
    data = tmp_path / "data"
    schema_v3.write_tantivy_index(data, "articles", v3_articles())
    return data


@pytest.fixture
def v3_elasticsearch(request):
    """An Elasticsearch index as schema 3 created it (its mapping, `_meta` version 3)."""
    return older_es_index(request, "upgrade3", schema_v3.es_mapping(), v3_articles())


def _v3_served_then_upgraded(writer, reader) -> None:
    """A schema-3 index counts UTC days, read-only; reindex makes it today's shape with the same counts."""
    articles = v3_articles()
    first, last = date(2024, 10, 1), date(2024, 11, 30)  # at most 62 days: counted by day
    assert reader.schema_info()["schema_version"] == 3
    assert histogram_days(reader, first, last) == utc_days_of(articles, first, last)
    on_21st = reader.search(SearchRequest(query="typhoon", date_from=date(2025, 1, 21), date_to=date(2025, 1, 21)))
    assert on_21st.total == 1  # schema 3 knew only the UTC day
    with pytest.raises(OlderIndexError, match="newsfacet reindex"):
        writer.write(sample_articles(1))
    before = facet_counts(reader)
    outcome = reindex(writer, keep=1, batch_size=40)
    assert outcome.documents == len(articles) and reader.current_physical() == outcome.current
    assert reader.schema_info()["schema_version"] == SCHEMA_VERSION
    assert facet_counts(reader) == before
    # Schema 3 did not store the offset, so the copy cannot know it: still the UTC day, nothing lost.
    assert histogram_days(reader, first, last) == utc_days_of(articles, first, last)
    # Today's shape takes writes again, and a new article counts on its local day.
    fresh = Article(title="Busan again", body="A second typhoon.", published=SEOUL_MORNING + timedelta(days=7),
                    url="https://example.kr/busan-again", language="en")
    assert all(result.ok for result in writer.write([fresh]))
    if hasattr(writer, "client"):
        writer.client.indices.refresh(index=writer.index)
    on_29th = reader.search(SearchRequest(query="typhoon", date_from=date(2025, 1, 29), date_to=date(2025, 1, 29)))
    assert [hit.title for hit in on_29th.hits] == ["Busan again"]


def test_tantivy_schema_3_is_served_and_upgraded(v3_tantivy):
    writer, reader = TantivyBackend(v3_tantivy), TantivyBackend(v3_tantivy)
    try:
        _v3_served_then_upgraded(writer, reader)
    finally:
        writer.close()
        reader.close()


def test_elasticsearch_schema_3_is_served_and_upgraded(v3_elasticsearch):
    from tests.es_support import es_url, open_backend

    reader = open_backend(es_url(), v3_elasticsearch.index)
    try:
        _v3_served_then_upgraded(v3_elasticsearch, reader)
    finally:
        reader.close()
