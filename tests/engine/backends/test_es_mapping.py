"""The Elasticsearch mapping against the facet registry: every registered facet, and only the
registry, maps a keyword property at its path with a word-analysed `.text` twin."""
from __future__ import annotations

from typing import Any

import pytest
from newsfacet.engine.backends.es_mapping import WORDS_ANALYZER, articles_mapping
from newsfacet.engine.facets import FACETS, Facet, register_facet, unregister_facet
from newsfacet.mappings import ARTICLES, load_mapping

from tests.articles import sample_articles


def property_at(properties: dict[str, Any], path: str) -> dict[str, Any] | None:
    """The mapping property at a dotted path, or None."""
    *parents, leaf = path.split(".")
    for name in parents:
        properties = (properties.get(name) or {}).get("properties") or {}
    return properties.get(leaf)


def assert_facets_mapped(properties: dict[str, Any]) -> None:
    for facet in FACETS.values():
        mapped = property_at(properties, facet.elasticsearch_path)
        assert mapped is not None, f"facet {facet.name!r} has no property at {facet.elasticsearch_path!r}"
        assert mapped["type"] == "keyword", facet.name
        twin = mapped["fields"]["text"]
        assert (twin["type"], twin["analyzer"]) == ("text", WORDS_ANALYZER), facet.name


@pytest.fixture
def word_facet():
    facet = register_facet(Facet("first_word", "First word", lambda a: a.title.split()[:1]))
    yield facet
    unregister_facet(facet.name)


def test_the_json_file_maps_no_facet_and_the_generated_mapping_maps_every_one(word_facet):
    plain = load_mapping(ARTICLES)["mappings"]["properties"]
    assert [f.name for f in FACETS.values() if property_at(plain, f.elasticsearch_path)] == []
    generated = articles_mapping()["mappings"]["properties"]
    assert_facets_mapped(generated)
    assert property_at(generated, "facets.first_word") is not None  # a derived facet lives under `facets`
    assert generated["entities"]["properties"].keys() == {"person", "organization", "location"}


def test_the_check_fails_for_an_unmapped_facet():
    properties = articles_mapping()["mappings"]["properties"]
    del properties["topics"]
    with pytest.raises(AssertionError, match="'topic' has no property"):
        assert_facets_mapped(properties)
    properties = articles_mapping()["mappings"]["properties"]
    properties["topics"]["fields"].pop("text")
    with pytest.raises(KeyError):
        assert_facets_mapped(properties)


def test_a_facet_on_a_path_the_file_owns_is_refused():
    facet = register_facet(Facet("words", "Words", lambda a: [str(a.word_count)], es_path="word_count"))
    try:
        with pytest.raises(ValueError, match="already maps 'word_count'"):
            articles_mapping()
    finally:
        unregister_facet(facet.name)


@pytest.mark.elasticsearch
def test_the_live_index_maps_every_registered_facet(request, word_facet):
    from tests.es_support import elasticsearch_backend

    es = elasticsearch_backend(request, "mapping")
    try:
        assert all(result.ok for result in es.write(sample_articles(5)))
        physical = es.current_physical()
        mapping = es.client.indices.get_mapping(index=physical)[physical]["mappings"]
        assert mapping["dynamic"] == "strict"
        assert_facets_mapped(mapping["properties"])
        stored = es.client.get(index=physical, id=sample_articles(5)[0].id)["_source"]
        assert stored["facets"]["first_word"] == sample_articles(5)[0].title.split()[:1]
    finally:
        es.close()
