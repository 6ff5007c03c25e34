"""Following saved searches on both engines, through Flask's test client over a real index: opening a
search's short link records the visit, and the list counts the matches indexed after it."""
from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime

import pytest
from newsfacet.engine.follow import newest_indexed
from newsfacet.engine.saved import SqliteSavedSearches
from newsfacet.engine.search import SearchRequest
from newsfacet.webapp import create_app

from tests.articles import sample_articles
from tests.conftest_web import app_settings


def halves() -> tuple[list, list]:
    """New objects for every test: writing stamps `indexed_at` on the very objects it is given."""
    articles = sample_articles(30)
    return articles[:15], articles[15:]


@pytest.fixture
def served(backend, tmp_path):
    first, later = halves()
    assert all(result.ok for result in backend.write(first))
    app = create_app(app_settings(backend, tmp_path / "data"))
    yield backend, app.test_client(), later
    app.extensions["newsfacet"].close()


def token(client) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/search").get_data(as_text=True))
    assert match
    return match.group(1)


def save(client, name: str, query_string: str) -> str:
    response = client.post("/saved", data={"name": name, "query_string": query_string, "csrf_token": token(client)})
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    return response.headers["Location"].split("#saved-", 1)[1]


def new_count(client, slug: str) -> str | None:
    """The "N new since" figure of one row of the list (None when it shows none)."""
    listing = client.get("/saved").get_data(as_text=True)
    row = re.search(rf'<li id="saved-{re.escape(slug)}".*?</li>', listing, re.S)
    assert row, f"{slug} is listed"
    found = re.search(r'class="saved-new">([\d,]+\+?) new since', row.group(0))
    return found.group(1) if found else None


def test_count_of_new_matches_goes_up_after_a_visit(served) -> None:
    backend, client, later = served
    harbour = save(client, "Harbour Gazette", "outlet=Harbour+Gazette")
    storms = save(client, "Storms", "q=storm")
    assert new_count(client, harbour) is None  # not followed until opened
    assert "not opened yet" in client.get("/saved").get_data(as_text=True)

    for slug in (harbour, storms):
        assert client.get(f"/s/{slug}").status_code == 302
    assert new_count(client, harbour) == "0" and new_count(client, storms) == "0"

    assert all(result.ok for result in backend.write(later))
    # Expected counts from the articles themselves, not from the engine.
    expected_harbour = sum(article.outlet == "Harbour Gazette" for article in later)
    expected_storms = sum("storm" in (article.title + article.body).lower() for article in later)
    assert expected_harbour == 5 and expected_storms == 3
    assert new_count(client, harbour) == str(expected_harbour)
    assert new_count(client, storms) == str(expected_storms)

    client.get(f"/s/{harbour}")  # a new visit starts the count again
    assert new_count(client, harbour) == "0" and new_count(client, storms) == str(expected_storms)


def test_past_the_bound_the_count_says_plus(backend) -> None:
    before = datetime.now(UTC)
    first, _ = halves()
    assert all(result.ok for result in backend.write(first))
    read = newest_indexed(backend, SearchRequest(), bound=10)
    assert len(read.matches) == 10 and read.more and read.label_since(before) == "10+"
    everything = newest_indexed(backend, SearchRequest())
    assert len(everything.matches) == len(first) and not everything.more
    assert everything.label_since(before) == str(len(first))
    assert everything.label_since(datetime.now(UTC)) == "0"
    stamps = [article.indexed_at for _, article in everything.matches]
    assert stamps == sorted(stamps, reverse=True)


def test_a_saved_file_from_before_following_gains_its_column(tmp_path) -> None:
    path = tmp_path / "articles.saved.sqlite3"
    with sqlite3.connect(path) as db:  # the table as it was written before `last_visited`
        db.execute("CREATE TABLE saved_search (slug TEXT PRIMARY KEY, name TEXT NOT NULL,"
                   " query_string TEXT NOT NULL, created TEXT NOT NULL)")
        db.execute("INSERT INTO saved_search VALUES ('old-1', 'Old', 'q=port', ?)", (datetime.now(UTC).isoformat(),))
    store = SqliteSavedSearches(path)
    assert store.get("old-1").last_visited is None
    when = datetime.now(UTC)
    assert store.visited("old-1", when) and store.get("old-1").last_visited == when
    assert not store.visited("nothing-here", when)


def test_store_records_visits_on_every_backend(backend) -> None:
    store = backend.saved_searches()
    store.add("ports", "Port news", "q=port", most=5)
    assert store.get("ports").last_visited is None
    when = datetime.now(UTC)
    assert store.visited("ports", when) and store.get("ports").last_visited == when
    assert [saved.last_visited for saved in store.all()] == [when]
    assert not store.visited("nothing-here", when)
