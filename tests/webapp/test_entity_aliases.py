"""The web app lists an entity's aliases (sidebar, facet pages, JSON) on both engines, and filtering by
the canonical value finds the articles merged into it after a reindex. Real BBC stories in a real
index, real requests through Flask's test client."""
from __future__ import annotations

import pytest
from newsfacet.engine import reindex as reindexing
from newsfacet.webapp import create_app

from tests.articles import bbc_politics_article as article
from tests.articles import bbc_politics_stories as bbc_stories
from tests.conftest_web import app_settings

pytestmark = pytest.mark.corpus


@pytest.fixture
def served(backend, tmp_path):
    """Six stories: 'Mr Blair' in three, 'Tony Blair' in two, merged and reindexed; the app on that index."""
    stories = bbc_stories(6)
    articles = [article(s, person=["Mr Blair"], location=["UK"]) for s in stories[:3]]
    articles += [article(s, person=["Tony Blair"]) for s in stories[3:5]]
    articles.append(article(stories[5], person=["Gordon Brown"]))
    assert all(result.ok for result in backend.write(articles))
    backend.entity_choices().update(lambda choices: choices.merge("Mr Blair", "Tony Blair"))
    reindexing.reindex(backend)
    app = create_app(app_settings(backend, tmp_path / "data"))
    yield backend, app.test_client()
    app.extensions["newsfacet"].close()


def person_buckets(data: dict) -> dict[str, dict]:
    return {bucket["value"]: bucket for bucket in data["facets"]["person"]["buckets"]}


def test_json_facet_values_carry_aliases_and_the_canonical_filter_finds_merged_articles(served):
    _, client = served
    data = client.get("/search.json").get_json()
    people = person_buckets(data)
    assert people["Tony Blair"] == {"value": "Tony Blair", "count": 5, "selected": False, "excluded": False,
                                    "aliases": ["Mr Blair"]}
    assert people["Gordon Brown"]["aliases"] == [] and "Mr Blair" not in people
    assert all("aliases" not in bucket for bucket in data["facets"]["outlet"]["buckets"])
    assert data["facets"]["location"]["buckets"][0]["aliases"] == []
    assert client.get("/search.json?person=Tony+Blair").get_json()["total"] == 5
    assert client.get("/search.json?person=Mr+Blair").get_json()["total"] == 0
    facet_page = client.get("/facet/person.json").get_json()
    assert {b["value"]: b["aliases"] for b in facet_page["buckets"]}["Tony Blair"] == ["Mr Blair"]


def test_the_sidebar_and_facet_page_show_also(served):
    _, client = served
    html = client.get("/search").get_data(as_text=True)
    assert 'title="also: Mr Blair"' in html and '<span class="facet-aliases">also: Mr Blair</span>' in html
    assert html.count("facet-aliases") == 1
    assert '<span class="facet-aliases">also: Mr Blair</span>' in client.get("/facet/person").get_data(as_text=True)


def test_a_new_choice_shows_on_the_next_request(served):
    backend, client = served
    assert person_buckets(client.get("/search.json").get_json())["Gordon Brown"]["aliases"] == []
    backend.entity_choices().update(lambda choices: choices.merge("Brown", "Gordon Brown"))
    assert person_buckets(client.get("/search.json").get_json())["Gordon Brown"]["aliases"] == ["Brown"]


def test_hostile_aliases_are_escaped(served):
    backend, client = served
    backend.entity_choices().update(lambda choices: choices.merge('"><script>alert(1)</script>', "Gordon Brown"))
    html = client.get("/search").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html
