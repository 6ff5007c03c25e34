"""Facet values typed as the labels pages show them: `language:English` is `language:en`, both engines."""
from __future__ import annotations

import pytest
from newsfacet.engine.search import SearchRequest

from tests.articles import sample_articles

pytestmark = pytest.mark.elasticsearch


def ids(backend, query: str) -> list[str]:
    result = backend.search(SearchRequest(query=query, page_size=100, histogram=False, facets=()))
    return sorted(hit.id for hit in result.hits)


def test_a_language_label_finds_what_its_code_finds(backend) -> None:
    articles = sample_articles(60)
    assert all(result.ok for result in backend.write(articles))
    languages = {article.language for article in articles}
    assert {"en", "de"} <= languages
    english = ids(backend, "language:en")
    assert english and ids(backend, "language:English") == english == ids(backend, "lang:english")
    assert ids(backend, 'language:"German"') == ids(backend, "language:de")
    assert ids(backend, "-language:English") == sorted(set(ids(backend, "")) - set(english))
