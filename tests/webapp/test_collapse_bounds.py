"""Collapsed results and story pages at their bounds (issue 11): nothing is cut silently.

The 10 real BBC articles (7 stories) of test_collapse.py, in a real index on each engine, through
Flask's test client. The bounds (hits scanned for a collapsed page, versions listed) are lowered
for the test so that a story of three versions and a result of ten articles reach them; the code
paths are those a 2,000-hit scan or a 500-version story takes (test_contract.py reaches the real
scan bound on the BBC and Reuters corpora).
"""
from __future__ import annotations

import pytest
from newsfacet.engine import collapse, story_page
from newsfacet.webapp import create_app

from tests.conftest_web import app_settings
from tests.webapp.test_collapse import ARTICLES, STORIES, hit_blocks, html_of, index_versions

pytestmark = pytest.mark.corpus


@pytest.fixture
def served(backend, tmp_path):
    articles = index_versions(backend)
    app = create_app(app_settings(backend, tmp_path / "data"))
    yield articles, app.test_client()
    app.extensions["newsfacet"].close()


def pages_of(client, size: int) -> list[dict]:
    """Every collapsed JSON page, oldest first, following `links.next` then one page further."""
    pages, page = [], 1
    while page <= STORIES + 1:
        pages.append(client.get(f"/search.json?sort=oldest&collapse=1&size={size}&page={page}").get_json())
        page += 1
    return pages


def test_collapsed_paging_past_the_scan_bound_says_how_far_it_reaches(served, monkeypatch) -> None:
    articles, client = served
    unbounded = [hit["id"] for page in pages_of(client, 2) for hit in page["hits"]]
    assert len(unbounded) == len(set(unbounded)) == STORIES  # every story, once, with the real bound
    # Oldest first the articles run s1 s1 s1 s2 s2 s3 s4...: 6 scanned hits reach 3 stories.
    monkeypatch.setattr(collapse, "SCAN_PAGE", 2)
    monkeypatch.setattr(collapse, "MAX_SCANNED", 6)
    client.application.extensions["newsfacet_cache"].clear()  # the bound is code: cached answers predate it
    pages = pages_of(client, 2)
    assert [len(page["hits"]) for page in pages[:4]] == [2, 1, 0, 0]
    assert [hit["id"] for page in pages for hit in page["hits"]] == unbounded[:3]
    assert [page["stories_reachable"] for page in pages[:3]] == [None, 3, 3]
    assert all(page["stories_total"] == STORIES and page["total"] == ARTICLES for page in pages)
    assert pages[0]["stories_note"] is None
    note = pages[1]["stories_note"]
    assert "only the 3 stories among the first 6 matching articles, of 7 stories in all" in note
    assert pages[1]["links"]["next"] is None
    html = html_of(client, "/search?sort=oldest&size=2&page=3")
    assert not hit_blocks(html) and note in html and "No articles match" not in html
    assert '<a href="/search?sort=oldest&amp;collapse=0&amp;size=2">Show every article</a>' in html


def test_a_story_page_past_its_bound_says_how_many_it_leaves_out(served, monkeypatch) -> None:
    articles, client = served
    story = articles[0].story_id  # three versions
    whole = client.get(f"/story/{story}.json").get_json()
    assert (whole["versions_shown"], whole["versions_total"], whole["complete"], whole["note"]) == (3, 3, True, None)
    monkeypatch.setattr(story_page, "MAX_VERSIONS", 2)
    cut = client.get(f"/story/{story}.json").get_json()
    assert (cut["versions_shown"], cut["versions_total"], cut["complete"]) == (2, 3, False)
    assert [v["id"] for v in cut["versions"]] == [a.id for a in articles[:2]]  # the earliest two
    assert cut["note"] == "showing the earliest 2 of 3 versions; 1 later one is left out"
    html = html_of(client, f"/story/{story}")
    assert "3 versions, run by" in html and "This page is showing the earliest 2 of 3 versions" in html


def test_a_hit_counts_every_version_beyond_those_it_lists(served, monkeypatch) -> None:
    articles, client = served
    monkeypatch.setattr(collapse, "VERSIONS_LISTED", 1)
    first = client.get("/search.json?sort=oldest&collapse=1&size=2").get_json()["hits"][0]
    assert first["id"] == articles[0].id and first["version_count"] == 2
    assert [v["id"] for v in first["versions"]] == [articles[1].id]
    block = hit_blocks(html_of(client, "/search?sort=oldest&size=2"))[0]
    assert "3 versions" in block and "and 1 more" in block
