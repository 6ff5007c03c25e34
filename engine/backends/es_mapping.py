"""The Elasticsearch body of a new articles index: mappings/articles.json plus the registered facets.

The JSON file keeps the settings and the properties that are not facets; every facet in the
registry (engine.facets) adds a keyword property at its path, with a word-analysed `.text` twin
for `field:value` queries. A facet registered before the index is created is therefore mapped.
"""
from __future__ import annotations

from typing import Any

from newsfacet.engine.facets import FACETS
from newsfacet.mappings import ARTICLES, load_mapping

WORDS_ANALYZER = "newsfacet_words"


def facet_property() -> dict[str, Any]:
    """The mapping of one facet: exact values to count and filter, words to query."""
    return {"type": "keyword", "fields": {"text": {"type": "text", "analyzer": WORDS_ANALYZER}}}


def articles_mapping() -> dict[str, Any]:
    """A fresh {"settings", "mappings"} body with a property for every registered facet."""
    body = load_mapping(ARTICLES)
    properties = body["mappings"]["properties"]
    for facet in FACETS.values():
        _place(properties, facet.elasticsearch_path, facet_property())
    return body


def _place(properties: dict[str, Any], path: str, definition: dict[str, Any]) -> None:
    """Put `definition` at a dotted path, creating the object properties on the way."""
    *parents, leaf = path.split(".")
    for name in parents:
        properties = properties.setdefault(name, {"properties": {}})["properties"]
    if leaf in properties:
        raise ValueError(f"mappings/{ARTICLES}.json already maps {path!r}, which the facet registry owns")
    properties[leaf] = definition

