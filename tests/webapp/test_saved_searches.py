"""Saved searches against a real tantivy index and the real SQLite store, through Flask's test client:
validated before storing, rate-limited per client, capped, deletable only by the browser that saved
them, listed in words, and short links of broken stored rows answer 4xx with a message."""
from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from newsfacet.engine.backends.tantivy_backend import TantivyBackend
from newsfacet.engine.saved import SavedListFull

from tests.articles import sample_articles

STORM = "q=storm&outlet=BBC&language=en&from=2024-01-01"


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("saved-index")
    backend = TantivyBackend(data_dir)
    assert all(result.ok for result in backend.write(sample_articles(12)))
    backend.close()
    return data_dir


@pytest.fixture
def make_app(index_dir: Path):
    """Apps over the shared index; the saved-search file is removed after each test."""
    from newsfacet.webapp import create_app

    apps = []

    def make(**settings):
        app = create_app({"data_dir": str(index_dir), "secret_key": "test-secret", "TESTING": True, **settings})
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.extensions["newsfacet"].close()
    (index_dir / "tantivy" / "articles.saved.sqlite3").unlink(missing_ok=True)


def saved_file(app) -> Path:
    return Path(app.config["NEWSFACET"]["data_dir"]) / "tantivy" / "articles.saved.sqlite3"


def stored_slugs(app) -> list[str]:
    path = saved_file(app)
    if not path.exists():
        return []
    with sqlite3.connect(path) as db:
        return sorted(row[0] for row in db.execute("SELECT slug FROM saved_search"))


def token(client) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/search").get_data(as_text=True))
    assert match, "the search page carries the session's CSRF token"
    return match.group(1)


def save(client, name: str, query_string: str, address: str = "127.0.0.1"):
    return client.post("/saved", data={"name": name, "query_string": query_string, "csrf_token": token(client)},
                       environ_base={"REMOTE_ADDR": address})


def slug_of(response) -> str:
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    return response.headers["Location"].split("#saved-", 1)[1]


def test_list_shows_each_search_in_words(make_app) -> None:
    client = make_app().test_client()
    slug_of(save(client, "Storm watch", STORM))
    slug_of(save(client, "Everything, newest", "sort=newest&not_language=de&to=2024-06-30"))
    listing = client.get("/saved").get_data(as_text=True)
    assert "“storm” in language en, outlet BBC, from 2024-01-01" in listing
    assert "all articles in not language de, to 2024-06-30, newest first" in listing
    assert "no longer valid" not in listing


@pytest.mark.parametrize(("query_string", "message"), [
    ('q="port strike', "quote"),
    ("q=port+AND", "at character"),
    ("q=colour:blue", "colour"),
    ("q=" + "x" * 501, "longer than 500"),
    ("q=port&size=0", "between 1 and 100"),
    ("q=port&from=2024-13-01", "2024-03-31"),
    ("q=port&from=2024-05-01&to=2024-01-01", "after"),
    ("q=port&interval=fortnight", "interval"),
    ("q=port&" + "&".join(f"outlet=o{n}" for n in range(51)), "at most 50"),
])
def test_invalid_search_is_refused_before_storing(make_app, query_string: str, message: str) -> None:
    app = make_app()
    client = app.test_client()
    response = save(client, "Broken", query_string)
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and "cannot be saved" in body and message in body
    assert "Traceback" not in body and str(saved_file(app).parent) not in body
    assert stored_slugs(app) == []


def test_rate_limit_gives_429_with_message_and_headers_per_client(make_app) -> None:
    app = make_app(save_rate_limit="3 per minute")
    client = app.test_client()
    for number in range(3):
        slug_of(save(client, f"Search {number}", f"q=port{number}"))
    refused = save(client, "One too many", "q=harbour")
    body = refused.get_data(as_text=True)
    assert refused.status_code == 429 and "saving searches too quickly" in body and "3 per minute" in body
    assert int(refused.headers["Retry-After"]) > 0 and refused.headers["X-RateLimit-Limit"] == "3"
    assert refused.headers["X-RateLimit-Remaining"] == "0"
    assert "frame-ancestors 'none'" in refused.headers["Content-Security-Policy"]
    assert len(stored_slugs(app)) == 3
    # Another client (another address) still has its own allowance.
    slug_of(save(app.test_client(), "From elsewhere", "q=harbour", address="10.0.0.7"))
    assert len(stored_slugs(app)) == 4


def test_full_list_refuses_with_a_clear_message(make_app) -> None:
    app = make_app(max_saved_searches=2)
    client = app.test_client()
    slug_of(save(client, "One", "q=oil"))
    slug_of(save(client, "Two", "q=bank"))
    refused = save(client, "Three", "q=harbour")
    body = refused.get_data(as_text=True)
    assert refused.status_code == 409 and "list of saved searches is full (2 searches)" in body
    assert "nothing was saved" in body and len(stored_slugs(app)) == 2
    # Saving one that is already there is not a new entry, so it is not refused.
    assert save(client, "One", "q=oil").status_code == 303
    assert "2 of at most 2" in client.get("/saved").get_data(as_text=True)


def test_only_the_browser_that_saved_may_delete(make_app) -> None:
    app = make_app()
    owner, other = app.test_client(), app.test_client()
    slug = slug_of(save(owner, "Harbour", "q=harbour&outlet=Harbour+Times"))
    assert f'action="/saved/{slug}/delete"' in owner.get("/saved").get_data(as_text=True)
    assert f'action="/saved/{slug}/delete"' not in other.get("/saved").get_data(as_text=True)

    forbidden = other.post(f"/saved/{slug}/delete", data={"csrf_token": token(other)})
    assert forbidden.status_code == 403 and "Only the browser that saved" in forbidden.get_data(as_text=True)
    # Saving the very same search under the same name gives no ownership of the existing one.
    assert slug_of(save(other, "Harbour", "q=harbour&outlet=Harbour+Times")) == slug
    assert other.post(f"/saved/{slug}/delete", data={"csrf_token": token(other)}).status_code == 403
    assert owner.post(f"/saved/{slug}/delete").status_code == 400  # no CSRF token
    assert stored_slugs(app) == [slug]

    deleted = owner.post(f"/saved/{slug}/delete", data={"csrf_token": token(owner)})
    assert deleted.status_code == 303 and stored_slugs(app) == []
    assert owner.get(f"/s/{slug}").status_code == 404
    assert owner.post(f"/saved/{slug}/delete", data={"csrf_token": token(owner)}).status_code == 403


@pytest.mark.parametrize("stored", [
    'q="unbalanced', "q=colour:blue", "size=100000", "from=2024-13-01", "q=" + "y" * 900,
    "from=2024-05-01&to=2024-01-01", "interval=fortnight",
])
def test_short_link_of_a_broken_stored_row_is_4xx_with_message(make_app, stored: str) -> None:
    app = make_app()
    client = app.test_client()
    client.get("/saved")  # creates the table
    with sqlite3.connect(saved_file(app)) as db:
        db.execute("INSERT INTO saved_search (slug, name, query_string, created) VALUES (?, ?, ?, ?)",
                   ("broken-1", "Broken by hand", stored, datetime.now(UTC).isoformat()))
    response = client.get("/s/broken-1")
    body = response.get_data(as_text=True)
    assert response.status_code == 410 and "“Broken by hand” is no longer valid" in body
    assert "Traceback" not in body and "Content-Security-Policy" in response.headers
    listing = client.get("/saved")
    assert listing.status_code == 200 and "no longer valid" in listing.get_data(as_text=True)
    assert 'href="/s/broken-1"' not in listing.get_data(as_text=True)


def test_short_link_of_a_valid_search_redirects_to_its_canonical_url(make_app) -> None:
    client = make_app().test_client()
    slug = slug_of(save(client, "Oil", "outlet=Daily+Ledger&q=oil&page=3"))
    response = client.get(f"/s/{slug}")
    assert response.status_code == 302 and response.headers["Location"] == "/search?q=oil&outlet=Daily+Ledger"
    assert client.get("/s/" + "x" * 200).status_code == 404


def test_store_adds_once_caps_and_deletes_on_every_backend(backend) -> None:
    store = backend.saved_searches()
    assert store.add("ports", "Port news", "q=port", most=2).query_string == "q=port"
    assert store.add("ports", "Port news", "q=port", most=2) is None  # exists: not stored twice
    store.add("storms", "Storms", "q=storm", most=2)
    with pytest.raises(SavedListFull, match="full"):
        store.add("oil", "Oil", "q=oil", most=2)
    assert store.get("oil") is None and [saved.slug for saved in store.all()] == ["storms", "ports"]
    assert store.delete("ports") and not store.delete("ports")
    assert [saved.slug for saved in store.all()] == ["storms"]


def rename(client, slug: str, name: str):
    return client.post(f"/saved/{slug}/rename", data={"name": name, "csrf_token": token(client)})


def stored_name(app, slug: str) -> str:
    with sqlite3.connect(saved_file(app)) as db:
        return db.execute("SELECT name FROM saved_search WHERE slug = ?", (slug,)).fetchone()[0]


def test_only_the_browser_that_saved_may_rename_and_the_link_stays(make_app) -> None:
    app = make_app()
    owner, other = app.test_client(), app.test_client()
    slug = slug_of(save(owner, "Harbour", "q=harbour"))
    assert f'action="/saved/{slug}/rename"' in owner.get("/saved").get_data(as_text=True)
    assert f'action="/saved/{slug}/rename"' not in other.get("/saved").get_data(as_text=True)

    forbidden = rename(other, slug, "Taken over")
    assert forbidden.status_code == 403 and "can rename it" in forbidden.get_data(as_text=True)
    assert owner.post(f"/saved/{slug}/rename", data={"name": "No token"}).status_code == 400
    assert stored_name(app, slug) == "Harbour"

    renamed = rename(owner, slug, "  Harbour\u2003and\tports  ")
    assert renamed.status_code == 303 and renamed.headers["Location"] == f"/saved#saved-{slug}"
    assert stored_name(app, slug) == "Harbour and ports"
    listing = owner.get("/saved").get_data(as_text=True)
    assert f'href="/s/{slug}">Harbour and ports</a>' in listing
    assert owner.get(f"/s/{slug}").headers["Location"] == "/search?q=harbour"


@pytest.mark.parametrize(("name", "status", "stored"), [
    ("", 400, "Harbour"),
    (" \t\u00a0\u3000 ", 400, "Harbour"),
    ("x" * 101, 400, "Harbour"),
    ("<script>alert(1)</script>", 303, "<script>alert(1)</script>"),
    ("부산 항구 \u0416\u0443\u0440\u043d\u0430\u043b", 303, "부산 항구 Журнал"),
])
def test_rename_handles_hostile_names_as_save_does(make_app, name: str, status: int, stored: str) -> None:
    app = make_app()
    client = app.test_client()
    slug = slug_of(save(client, "Harbour", "q=harbour"))
    response = rename(client, slug, name)
    body = response.get_data(as_text=True)
    assert response.status_code == status, body[:300]
    if status == 400:
        assert "name of 1 to 100 characters" in body and "Traceback" not in body
    assert stored_name(app, slug) == stored
    listing = client.get("/saved").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in listing


def test_rename_of_a_search_deleted_elsewhere_is_404(make_app) -> None:
    app = make_app()
    client = app.test_client()
    slug = slug_of(save(client, "Harbour", "q=harbour"))
    with sqlite3.connect(saved_file(app)) as db:  # gone while this browser still owns the slug
        db.execute("DELETE FROM saved_search WHERE slug = ?", (slug,))
    response = rename(client, slug, "Gone")
    assert response.status_code == 404 and "may have been deleted" in response.get_data(as_text=True)


def test_store_renames_on_every_backend(backend) -> None:
    store = backend.saved_searches()
    store.add("ports", "Port news", "q=port", most=5)
    assert store.rename("ports", "Ports and harbours")
    assert store.get("ports").name == "Ports and harbours" and store.get("ports").query_string == "q=port"
    assert not store.rename("nothing-here", "Name")
