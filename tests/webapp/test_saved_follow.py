"""Following saved searches on both engines, through Flask's test client over a real index: opening a
search's short link records the visit, and the list counts the matches indexed after it."""
from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime
from xml.etree import ElementTree

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
    found = re.search(r'class="saved-new">([\d,]+\+?) new since last opened', row.group(0))
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


ATOM = "{http://www.w3.org/2005/Atom}"


def feed_of(client, slug: str) -> ElementTree.Element:
    response = client.get(f"/saved/{slug}.atom")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    root = ElementTree.fromstring(response.get_data())
    assert root.tag == f"{ATOM}feed"
    return root


def test_feed_lists_new_articles_first_by_indexing_time(served) -> None:
    backend, client, later = served
    slug = save(client, "Harbour <Gazette>", "outlet=Harbour+Gazette")
    root = feed_of(client, slug)
    assert root.findtext(f"{ATOM}title") == "newsfacet: Harbour <Gazette>"
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == f"http://localhost/saved/{slug}.atom"
    before = [entry.findtext(f"{ATOM}title") for entry in root.findall(f"{ATOM}entry")]
    assert len(before) == 5  # articles 0, 3, ..., 12 of the first half

    assert all(result.ok for result in backend.write(later))
    root = feed_of(client, slug)
    entries = root.findall(f"{ATOM}entry")
    titles = [entry.findtext(f"{ATOM}title") for entry in entries]
    new_titles = {article.title for article in later if article.outlet == "Harbour Gazette"}
    # The later batch leads the feed, whatever its publication dates, then the earlier one.
    assert set(titles[:len(new_titles)]) == new_titles and set(titles[len(new_titles):]) == set(before)
    stamps = [datetime.fromisoformat(entry.findtext(f"{ATOM}updated")) for entry in entries]
    assert stamps == sorted(stamps, reverse=True)
    assert root.findtext(f"{ATOM}updated") == entries[0].findtext(f"{ATOM}updated")
    for entry in entries:
        assert entry.findtext(f"{ATOM}id").startswith("http://localhost/article/")


def test_feed_of_an_unknown_or_broken_search_is_4xx_json(served) -> None:
    backend, client, _ = served
    missing = client.get("/saved/nothing-here.atom")
    assert missing.status_code == 404 and missing.is_json
    assert client.get("/saved/" + "x" * 200 + ".atom").status_code == 404
    backend.saved_searches().save("broken-1", "Broken", 'q="unbalanced')  # the app's own store
    broken = client.get("/saved/broken-1.atom")
    assert broken.status_code == 410 and "no longer valid" in broken.get_json()["error"]["message"]


def test_one_view_counts_a_bounded_number_of_searches_own_first(served, monkeypatch) -> None:
    from newsfacet.webapp import views_saved

    _, owner, _ = served
    other = owner.application.test_client()
    theirs = save(other, "Theirs", "q=storm")
    mine = save(owner, "Mine", "q=harbour")
    theirs_again = save(other, "Theirs too", "q=bank")
    for slug in (mine, theirs, theirs_again):
        owner.get(f"/s/{slug}")
    monkeypatch.setattr(views_saved, "MAX_COUNTED_PER_VIEW", 1)  # the bound itself, made small
    assert new_count(owner, mine) == "0" and new_count(owner, theirs) is None
    assert "at most 1 searches are counted per view" in owner.get("/saved").get_data(as_text=True)
    assert new_count(other, theirs_again) == "0" and new_count(other, mine) is None
