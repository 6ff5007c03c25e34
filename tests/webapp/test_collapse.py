"""Search by story in the web app (issue 11): the page folds versions by default, the API when asked.

Real BBC politics stories (read in place) in a real index on each engine, story ids given by the
indexer's own `assign_stories`, real requests through Flask's test client. Story 1 runs in three
outlets and story 2 in two, each later version with another headline, its last paragraph dropped and
the outlet's own line added (the recipe of test_story_page.py); stories 3-7 run once: 10 articles,
7 stories.
"""
from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta
from html import unescape

import pytest
from newsfacet.engine.model import Article
from newsfacet.engine.stories import keys_of
from newsfacet.indexer.stories import assign_stories
from newsfacet.webapp import create_app

from tests.articles import bbc_politics_stories
from tests.conftest_web import app_settings

pytestmark = pytest.mark.corpus

OUTLETS = ("Wire Service", "Daily Courier", "Evening Post")
ARTICLES, STORIES = 10, 7
FIRST_DAY = datetime(2005, 2, 1, 8, tzinfo=UTC)


def version(story: tuple[str, str, str], number: int, day: int) -> Article:
    """The wire's text (number 0), or an outlet's rewrite of it."""
    title, body, url = story
    paragraphs = [p.strip() for p in body.split("\n") if p.strip()]
    if number:
        title = f"{OUTLETS[number]}: {title.lower()}"
        paragraphs = [*paragraphs[:-1], f"Sign up for the {OUTLETS[number]} politics newsletter."]
    return Article(title=title, body="\n\n".join(paragraphs), url=f"{url}?outlet={number}", language="en",
                   outlet=OUTLETS[number], published=FIRST_DAY + timedelta(days=day, hours=number))


def index_versions(backend) -> list[Article]:
    """Write the 10 articles into `backend` with story ids as the indexer gives them; return them."""
    stories = bbc_politics_stories(STORIES)
    articles = [version(stories[0], n, 0) for n in range(3)] + [version(stories[1], n, 1) for n in range(2)]
    articles += [version(story, 0, day) for day, story in enumerate(stories[2:], start=2)]
    return write_with_stories(backend, articles)


def write_with_stories(backend, articles: list[Article]) -> list[Article]:
    """Give the articles story ids as the indexer does, write them, and return them."""
    for article in articles:
        article.story_keys = keys_of(article)
    assign_stories(backend, articles)
    assert all(result.ok for result in backend.write(articles))
    return articles


@pytest.fixture
def served(backend, tmp_path):
    articles = index_versions(backend)
    app = create_app(app_settings(backend, tmp_path / "data"))
    yield articles, app.test_client()
    app.extensions["newsfacet"].close()


def html_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def hit_blocks(html: str) -> list[str]:
    return re.findall(r'<li class="hit">.*?</li>\s*(?=<li class="hit">|</ol>)', html, re.S)


def test_the_page_shows_one_hit_per_story_with_its_versions(served) -> None:
    articles, client = served
    html = html_of(client, "/search?sort=oldest")
    assert re.search(r"7 stories\s*<span class=\"article-count\">\(10 articles\)</span>", html)
    assert "the filter counts and the timeline count articles" in html
    blocks = hit_blocks(html)
    assert len(blocks) == STORIES
    first = blocks[0]  # the oldest hit of story 1 stands for it: the wire's text
    assert f'href="/article/{articles[0].id}?sort=oldest&amp;rank=1"' in first and "3 versions" in first
    for other in articles[1:3]:
        assert f'<a href="/article/{other.id}">{other.title}</a>' in first and other.outlet in first
    assert f'href="/story/{articles[0].story_id}"' in first and "See all versions" in first
    assert "2 versions" in blocks[1] and "versions" not in blocks[2]
    # The toggle is a plain link that keeps the rest of the state.
    assert 'href="/search?sort=oldest&amp;collapse=0"' in html and "One per story</strong>" in html


def test_every_article_view_and_its_toggle_back(served) -> None:
    _, client = served
    html = html_of(client, "/search?sort=oldest&collapse=0")
    assert len(hit_blocks(html)) == ARTICLES and "stories" not in html.split('id="result-count"')[1][:200]
    assert 'href="/search?sort=oldest">One per story</a>' in html
    assert '<input type="hidden" name="collapse" value="0">' in html  # a new query keeps the view
    # The redundant default is dropped by the canonical redirect.
    assert client.get("/search?collapse=1&sort=oldest").headers["Location"] == "/search?sort=oldest"


def test_the_api_lists_articles_unless_asked_and_then_counts_stories_as_the_page(served) -> None:
    articles, client = served
    plain = client.get("/search.json?sort=oldest").get_json()
    assert plain["total"] == ARTICLES and len(plain["hits"]) == ARTICLES and plain["stories_total"] is None
    assert plain["counts"]["hits"] == "articles" and plain["request"]["collapse"] is False
    assert plain["canonical_url"].endswith("/search?sort=oldest&collapse=0")
    folded = client.get("/search.json?sort=oldest&collapse=1").get_json()
    assert (folded["total"], folded["stories_total"], len(folded["hits"])) == (ARTICLES, STORIES, STORIES)
    assert folded["counts"]["hits"] == "stories" and folded["canonical_url"].endswith("/search?sort=oldest")
    assert [v["id"] for v in folded["hits"][0]["versions"]] == [a.id for a in articles[1:3]]
    assert folded["hits"][0]["version_count"] == 2
    # The page's twin links ask for the same collapsed search.
    html = html_of(client, "/search?sort=oldest")
    json_link = unescape(re.search(r'<a href="([^"]+)">JSON</a>', html).group(1))
    assert json_link == "/search.json?sort=oldest&collapse=1"
    assert client.get(json_link).get_json()["stories_total"] == STORIES


def test_collapsed_pages_go_by_number(served) -> None:
    _, client = served
    seen = []
    url = "/search?sort=oldest&size=3"
    for expected_page in (1, 2, 3):
        html = html_of(client, url)
        assert f'aria-current="page" class="current">{expected_page}<' in html
        seen += re.findall(r'<a id="hit-([0-9a-f]+)"', html)
        following = re.search(r'<a href="([^"]+)" rel="next"', html)
        if expected_page < 3:
            url = unescape(following.group(1))
            assert url == f"/search?sort=oldest&size=3&page={expected_page + 1}" and "cursor" not in url
        else:
            assert following is None
    assert len(seen) == len(set(seen)) == STORIES
    data = client.get("/search.json?sort=oldest&size=3&collapse=1").get_json()
    assert data["next_cursor"] is None
    assert data["links"]["next"].endswith("/search.json?sort=oldest&collapse=1&size=3&page=2")


@pytest.mark.parametrize("value", ["2", "yes", "true", "-1", "1 1", "１", "0x1", "\x00", "1" * 600])
def test_forged_collapse_values_are_refused(served, value: str) -> None:
    _, client = served
    response = client.get("/search.json", query_string={"collapse": value})
    assert response.status_code == 400
    assert "collapse" in response.get_json()["error"]["message"]
    page = client.get("/search", query_string={"collapse": value})
    assert page.status_code == 400 and "must be 1 (yes) or 0 (no)" in page.get_data(as_text=True)
    for export in ("/search.csv", "/search.atom", "/search.jsonl"):
        assert client.get(export, query_string={"collapse": value}).status_code == 400


def test_a_cursor_with_collapse_is_a_clean_400(served) -> None:
    _, client = served
    cursor = client.get("/search.json?size=2").get_json()["next_cursor"]
    response = client.get(f"/search.json?size=2&collapse=1&cursor={cursor}")
    assert response.status_code == 400 and "error" in response.get_json()


def test_exports_fold_stories_when_asked(served) -> None:
    articles, client = served
    every = client.get("/search.csv").get_data(as_text=True).strip().splitlines()
    folded = client.get("/search.csv?collapse=1").get_data(as_text=True).strip().splitlines()
    assert (len(every), len(folded)) == (ARTICLES + 1, STORIES + 1)
    newest_of_story_1 = articles[2].id  # newest first: the Evening Post's version stands for story 1
    assert any(row.startswith(newest_of_story_1 + ",") for row in folded)
    assert not any(row.startswith(articles[0].id + ",") for row in folded)
    assert len(client.get("/search.jsonl?collapse=1").get_data(as_text=True).strip().splitlines()) == STORIES
    atom = client.get("/search.atom?collapse=1").get_data(as_text=True)
    assert len(re.findall(r"<(?:\w+:)?entry>", atom)) == STORIES
    assert len(re.findall(r"<(?:\w+:)?entry>", client.get("/search.atom").get_data(as_text=True))) == ARTICLES


def test_the_collapsed_csv_says_how_many_versions_each_story_has(served) -> None:
    articles, client = served
    rows = list(csv.reader(io.StringIO(client.get("/search.csv?collapse=1").get_data(as_text=True))))
    header, body = rows[0], rows[1:]
    versions = {row[header.index("id")]: int(row[header.index("versions")]) for row in body}
    # Story 1 has three versions (its newest stands for it), story 2 two, the other five one each.
    assert versions[articles[2].id] == 3 and versions[articles[4].id] == 2
    assert sorted(versions.values()) == [1, 1, 1, 1, 1, 2, 3]
    assert all(row[header.index("story_url")].startswith("http://localhost/story/") for row in body)
    assert "versions" not in next(csv.reader(io.StringIO(client.get("/search.csv").get_data(as_text=True))))


def test_a_large_story_does_not_hide_the_versions_of_the_next(backend, tmp_path) -> None:
    """Story 1 in 25 outlets (earliest), story 2 in two: both hits of a two-story page list versions,
    and story 1 counts all 24 others (the versions lookup is shared by the page's stories)."""
    stories = bbc_politics_stories(2)
    wire = version(stories[0], 0, 0)
    articles = [wire] + [
        Article(title=f"{wire.title} ({number})", body=f"{wire.body}\n\nPrinted by Outlet {number:02d}.",
                url=f"{wire.url}&copy={number}", language="en", outlet=f"Outlet {number:02d}",
                published=wire.published + timedelta(minutes=number)) for number in range(1, 25)]
    articles += [version(stories[1], 0, 1), version(stories[1], 1, 1)]
    write_with_stories(backend, articles)
    assert len({a.story_id for a in articles}) == 2
    app = create_app(app_settings(backend, tmp_path / "data"))
    try:
        data = app.test_client().get("/search.json?collapse=1&sort=oldest&size=2").get_json()
    finally:
        app.extensions["newsfacet"].close()
    assert data["stories_total"] == 2
    assert [hit["version_count"] for hit in data["hits"]] == [24, 1]
    assert [len(hit["versions"]) for hit in data["hits"]] == [10, 1]
