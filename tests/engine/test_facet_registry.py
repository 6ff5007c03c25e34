"""Adding a facet touches one file: a facet registered here through `engine.facets.register_facet`
alone (no backend, mapping, query or view edited) is indexed, counted, filtered, queried by
`name:value` and exported, on both engines and through the web app's JSON and CSV twins.

tests/engine/backends/test_contract.py registers one too, so its engine comparison covers a registered facet.
"""
from __future__ import annotations

import csv
import io
from collections import Counter

import pytest
from newsfacet.engine.facets import Facet, facet_names, register_facet, unregister_facet
from newsfacet.engine.model import Article
from newsfacet.engine.query import QuerySyntaxError, parse_query
from newsfacet.engine.search import FacetSelection, SearchRequest

from tests.articles import sample_articles

ARTICLES = sample_articles(60)


def length_band(article: Article) -> list[str]:
    """A derived facet: the Article has no such field, only a word count to bucket."""
    return ["short" if article.word_count < 14 else "long"]


@pytest.fixture
def length_facet():
    facet = register_facet(Facet("length", "Length", length_band, aliases=("size",)))
    yield facet
    unregister_facet("length")


@pytest.fixture
def loaded(length_facet, backend_factory):
    backend = backend_factory()  # opened after registration, as a restarted service would be
    assert all(result.ok for result in backend.write(ARTICLES))
    return backend


def expected_bands() -> Counter:
    bands = Counter(band for article in ARTICLES for band in length_band(article))
    assert set(bands) == {"short", "long"}  # both values occur, so every check below can fail
    return bands


def test_registered_facet_is_counted_filtered_and_queried(loaded):
    bands = expected_bands()
    result = loaded.search(SearchRequest())
    assert "length" in result.facets
    assert {b.value: b.count for b in result.facets["length"].buckets} == bands
    chosen = loaded.search(SearchRequest(selections={"length": FacetSelection(include=("short",))}, page_size=100))
    assert chosen.total == bands["short"]
    assert {hit.id for hit in chosen.hits} == {a.id for a in ARTICLES if length_band(a) == ["short"]}
    assert all(hit.facet_values["length"] == ["short"] for hit in chosen.hits)
    dropped = loaded.search(SearchRequest(selections={"length": FacetSelection(exclude=("short",))}))
    assert dropped.total == bands["long"]
    assert loaded.search(SearchRequest(query="length:long")).total == bands["long"]
    assert loaded.search(SearchRequest(query="size:short harbour")).total == sum(
        length_band(a) == ["short"] and "harbour" in a.body.lower() for a in ARTICLES)
    values = loaded.facet_values(SearchRequest(), "length", prefix="LO")
    assert [(b.value, b.count) for b in values.buckets] == [("long", bands["long"])]
    assert dict(loaded.stats(facet_size=5)["facets"]["length"]) == bands
    assert [check.name for check in loaded.check() if not check.ok] == []  # the derived values are no damage


def test_registered_facet_in_the_json_and_csv_twins(loaded, tmp_path):
    from newsfacet.webapp import create_app

    settings = {"data_dir": str(tmp_path / "data"), "secret_key": "test-secret", "TESTING": True}
    if loaded.name == "elasticsearch":
        import os

        settings |= {"backend": "elasticsearch", "es_url": os.environ["NEWSFACET_ES_URL"], "index": loaded.index}
    app = create_app(settings)
    client = app.test_client()
    try:
        bands = expected_bands()
        data = client.get("/search.json").get_json()
        assert {b["value"]: b["count"] for b in data["facets"]["length"]["buckets"]} == bands
        assert client.get("/search.json?length=long").get_json()["total"] == bands["long"]
        assert client.get("/facet/length.json").status_code == 200
        assert "Length" in client.get("/search").get_data(as_text=True)
        rows = list(csv.DictReader(io.StringIO(client.get("/search.csv?q=size:short").get_data(as_text=True))))
        assert len(rows) == bands["short"] and {row["length"] for row in rows} == {"short"}
        assert {row["id"] for row in rows} == {a.id for a in ARTICLES if length_band(a) == ["short"]}
    finally:
        app.extensions["newsfacet"].close()


def test_unregistered_facet_is_gone_everywhere(length_facet):
    assert "length" in facet_names()
    unregister_facet("length")
    try:
        assert "length" not in facet_names()
        with pytest.raises(QuerySyntaxError, match="unknown field 'length'"):
            parse_query("length:short")
    finally:
        register_facet(length_facet)


@pytest.mark.parametrize("facet", [
    Facet("outlet", "Again", length_band),
    Facet("title", "Title", length_band),
    Facet("band", "Band", length_band, aliases=("org",)),
    Facet("band", "Band", length_band, aliases=("title",)),
    Facet("_dates", "Dates", length_band),
    Facet("two words", "Two words", length_band),
])
def test_a_name_or_alias_is_owned_once(facet):
    with pytest.raises(ValueError, match="exists already|is taken|plain identifier"):
        register_facet(facet)
