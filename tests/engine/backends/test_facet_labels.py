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


def test_facet_value_search_finds_any_word_whatever_the_case_and_accents(backend) -> None:
    from newsfacet.engine.model import Article

    people = ["Oleg Petrov", "José Núñez", "Anna-Maria Ødegaard", "Пётр Иванов", "Petra Olsen"]
    articles = [Article(title=f"About {name}", body=f"A story about {name}.", url=f"https://x.example/{n}",
                        language="en", entities={"person": [name], "organization": [], "location": []})
                for n, name in enumerate(people)]
    assert all(result.ok for result in backend.write(articles))
    request = SearchRequest(page_size=10, histogram=False, facets=("person",))

    def found(typed: str) -> set[str]:
        return {bucket.value for bucket in backend.facet_values(request, "person", prefix=typed, limit=20).buckets}

    assert found("Petrov") == {"Oleg Petrov"} == found("petr") - {"Petra Olsen"}
    assert found("nunez") == found("NÚÑ") == found("jose") == {"José Núñez"}
    assert found("maria") == {"Anna-Maria Ødegaard"}
    assert found("иванов") == found("ПЁТР") == {"Пётр Иванов"}
    assert found("leg") == set()  # a word's start, not any part of it
    assert found("") == set(people)
