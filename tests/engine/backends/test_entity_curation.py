"""Entity choices and index-wide types on both engines: real BBC stories in a real index.

The stories' texts are real; their entity lists are set here so that one name is typed differently
across articles (as the extractors do: "Manchester" is a person in some BBC stories, a place in
others) and the expected counts can be written down.
"""
from __future__ import annotations

import pytest
from newsfacet.engine import reindex as reindexing
from newsfacet.engine.backends.base import BackendError
from newsfacet.engine.entity_choices import Curator, EntityChoices
from newsfacet.engine.limits import TYPE_COUNT_NAMES
from newsfacet.engine.search import FacetSelection, SearchRequest

from tests.articles import bbc_politics_article as article
from tests.articles import bbc_politics_stories as bbc_stories

pytestmark = pytest.mark.corpus


def facet_counts(backend, kind: str) -> dict[str, int]:
    request = SearchRequest(facets=(kind,), histogram=False, highlight=False)
    return {b.value: b.count for b in backend.facet_values(request, kind, limit=1000).buckets}


def total(backend, kind: str, value: str) -> int:
    request = SearchRequest(selections={kind: FacetSelection((value,))}, facets=(), histogram=False)
    return backend.search(request).total


@pytest.fixture
def typed_differently(backend):
    """Manchester: a place in 4 stories, a person in 2. Kim Howells: one person, one organization (a tie)."""
    stories = bbc_stories(7)
    articles = [article(s, location=["Manchester"]) for s in stories[:4]]
    articles += [article(s, person=["Manchester"]) for s in stories[4:6]]
    articles[0].entities["person"] = ["Kim Howells"]
    articles[1].entities["organization"] = ["Kim Howells"]
    assert all(result.ok for result in backend.write(articles))
    return backend, stories[6]


def test_type_counts_come_from_the_index(typed_differently):
    backend, _ = typed_differently
    counts = backend.entity_type_counts(["Manchester", "Kim Howells", "Nobody Here"])
    assert counts == {"Manchester": {"location": 4, "person": 2}, "Kim Howells": {"person": 1, "organization": 1}}
    # More names than one request takes (engine.limits.TYPE_COUNT_NAMES): asked in parts, none lost.
    many = [f"Nobody {number}" for number in range(TYPE_COUNT_NAMES + 500)] + ["Manchester", "Kim Howells"]
    assert backend.entity_type_counts(many) == counts


def test_reindex_gives_every_article_the_majority_type(typed_differently):
    backend, _ = typed_differently
    assert facet_counts(backend, "person").get("Manchester") == 2
    reindexing.reindex(backend)
    assert facet_counts(backend, "location")["Manchester"] == 6
    assert "Manchester" not in facet_counts(backend, "person")
    # A tie goes to the first of person, organization, location.
    assert facet_counts(backend, "person")["Kim Howells"] == 2
    assert "Kim Howells" not in facet_counts(backend, "organization")


def test_a_new_article_gets_the_majority_type_before_it_is_written(typed_differently):
    backend, story = typed_differently
    fresh = article(story, person=["Manchester"])
    Curator(backend.entity_choices(), backend.entity_type_counts, count_batch=True)([fresh])
    assert fresh.entities["location"] == ["Manchester"] and fresh.entities["person"] == []


def test_the_users_type_beats_the_majority(typed_differently):
    backend, _ = typed_differently
    backend.entity_choices().update(lambda choices: choices.retype("Manchester", "organization"))
    reindexing.reindex(backend)
    assert facet_counts(backend, "organization")["Manchester"] == 6
    assert "Manchester" not in facet_counts(backend, "location")


def test_merged_names_vote_for_their_canonical_type(backend):
    # "Mr Blair" is typed organization 3 times; "Tony Blair" person twice: merged, all 5 are one
    # name whose majority (3 organization) decides, counted over both spellings.
    stories = bbc_stories(5)
    articles = [article(s, organization=["Mr Blair"]) for s in stories[:3]]
    articles += [article(s, person=["Tony Blair"]) for s in stories[3:]]
    assert all(result.ok for result in backend.write(articles))
    backend.entity_choices().update(lambda choices: choices.merge("Mr Blair", "Tony Blair"))
    reindexing.reindex(backend)
    assert facet_counts(backend, "organization") == {"Tony Blair": 5}
    assert total(backend, "organization", "Tony Blair") == 5 and total(backend, "organization", "Mr Blair") == 0


def test_choices_survive_a_reopen_and_concurrent_editors_lose_nothing(backend_factory):
    first = backend_factory("curation")
    first.entity_choices().update(lambda choices: choices.block("Skills"))
    second = same_index(first)  # another process, with its own cached copy
    try:
        assert second.entity_choices().load().blocked == {"Skills"}
        second.entity_choices().update(lambda choices: choices.merge("Lib Dem", "Lib Dems"))
        first.entity_choices().update(lambda choices: choices.retype("Lib Dems", "organization"))
        for opened in (first, second):
            choices = opened.entity_choices().load()
            assert choices.blocked == {"Skills"} and choices.merges == {"Lib Dem": "Lib Dems"}
            assert choices.kinds == {"Lib Dems": "organization"}
            assert choices.aliases("organization", "Lib Dems") == ["Lib Dem"]
    finally:
        second.close()


def same_index(backend):
    """A second backend object on `backend`'s index."""
    if backend.name == "tantivy":
        return type(backend)(backend.store.data_dir, backend.store.name)
    from tests.es_support import es_url, open_backend

    return open_backend(es_url(), backend.index)


def test_damaged_choices_are_refused_with_a_clear_message(backend):
    backend.entity_choices().update(lambda choices: choices.block("Skills"))
    forged = '{"format": 1, "merges": {"A": "B", "B": "A"}, "renames": {}, "kinds": {}, "blocked": []}'
    if backend.name == "tantivy":
        (backend.store.root / "articles.entities.json").write_text(forged, encoding="utf-8")
    else:
        from newsfacet.engine.backends import es_lifecycle

        backend.client.index(index=es_lifecycle.entities_index(backend.index), id="choices",
                             document={"choices": forged}, refresh="wait_for")
    with pytest.raises(BackendError, match="entity choices .*damaged .*loop"):
        backend.entity_choices().load()


def test_an_empty_index_has_no_choices_and_no_counts(backend):
    assert backend.entity_choices().load() == EntityChoices()
    assert backend.entity_type_counts(["Manchester"]) == {}
