"""The web app against a real tantivy index, through Flask's test client: every view and twin."""
from __future__ import annotations

import re
from html import unescape

pytest_plugins = ["tests.conftest_web"]  # fixtures: app, client, web_data_dir

FORBIDDEN = ("<script>alert(1)", "<img src=x onerror", 'href="javascript:')


def assert_inert(text: str) -> None:
    for needle in FORBIDDEN:
        assert needle not in text, needle


def json_of(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200, response.data[:500]
    return response.get_json()


def hit_ids(data: dict) -> list[str]:
    return [hit["id"] for hit in data["hits"]]


def test_home_redirects_to_search(client) -> None:
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"] == "/search"
    assert client.get("/?outlet=B&q=oil").headers["Location"] == "/search?outlet=B&q=oil"


def test_search_page_shows_hits_facets_histogram_and_timing(client) -> None:
    response = client.get("/search?q=harbour")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "articles" in html and " ms" in html
    assert '<mark>harbour</mark>' in html or "<mark>Harbour</mark>" in html
    for facet in ("Outlet", "Language", "Person", "Organization", "Location", "Author"):
        assert f">{facet}</h3>" in html
    assert '<svg class="histogram-chart"' in html and 'class="bar-link"' in html
    assert 'href="/article/' in html and 'rel="noopener noreferrer nofollow"' in html
    assert 'id="share-url"' in html and 'value="http://localhost/search?q=harbour"' in html


def test_parameters_in_another_order_redirect_to_the_canonical_url(client) -> None:
    response = client.get("/search?not_language=de&outlet=Harbour+Times&q=oil&outlet=Daily+Ledger&page=1")
    assert response.status_code == 302
    target = response.headers["Location"]
    assert target == "/search?q=oil&outlet=Daily+Ledger&outlet=Harbour+Times&not_language=de"
    assert client.get(target).status_code == 200


def test_unknown_and_empty_parameters_are_dropped_by_redirect(client) -> None:
    response = client.get("/search?q=oil&utm_source=mail&from=&sort=relevance")
    assert response.headers["Location"] == "/search?q=oil"


def test_multi_select_is_or_with_counts_of_other_values_kept(client) -> None:
    everything = json_of(client, "/search.json")
    outlets = {b["value"]: b["count"] for b in everything["facets"]["outlet"]["buckets"]}
    data = json_of(client, "/search.json?outlet=Daily+Ledger&outlet=Harbour+Times")
    assert data["total"] == outlets["Daily Ledger"] + outlets["Harbour Times"]
    buckets = {b["value"]: b for b in data["facets"]["outlet"]["buckets"]}
    assert buckets["Harbour Times"]["selected"] and buckets["Daily Ledger"]["selected"]
    # The facet is counted without its own selection, so unselected outlets keep their counts.
    assert buckets["Nordlicht Zeitung"]["count"] == outlets["Nordlicht Zeitung"]
    assert not buckets["Nordlicht Zeitung"]["selected"]
    assert {hit["outlet"] for hit in data["hits"]} <= {"Daily Ledger", "Harbour Times"}
    assert data["request"]["include"] == {"outlet": ["Daily Ledger", "Harbour Times"]}


def test_exclusion_removes_hits_and_is_marked_in_json(client) -> None:
    data = json_of(client, "/search.json?not_language=de&size=100")
    assert data["total"] > 0 and all(hit["language"] != "de" for hit in data["hits"])
    buckets = {b["value"]: b for b in data["facets"]["language"]["buckets"]}
    assert buckets["de"]["excluded"] and buckets["de"]["count"] > 0
    # The API lists every article; the page it links to says so (its own default folds stories).
    assert data["canonical_url"] == "http://localhost/search?not_language=de&collapse=0&size=100"


def test_selected_value_shown_even_with_zero_count(client) -> None:
    html = client.get("/search?q=football&outlet=Nobody+Writes+This").get_data(as_text=True)
    assert "Nobody Writes This" in html and "No articles match" in html
    assert 'href="/search?q=football">Remove Outlet: Nobody Writes This' in html
    assert 'href="/search?outlet=Nobody+Writes+This">Remove the query' in html
    assert 'class="clear-all" href="/search?q=football"' in html


def test_date_range_and_histogram_bar_zoom(client) -> None:
    html = client.get("/search").get_data(as_text=True)
    bar_url = unescape(re.search(r'<a href="([^"]+)" class="bar-link"', html).group(1))
    assert "from=" in bar_url and "to=" in bar_url
    zoomed = json_of(client, bar_url.replace("/search", "/search.json", 1))
    request = zoomed["request"]
    for hit in zoomed["hits"]:
        assert request["from"] <= hit["published"][:10] <= request["to"]
    assert zoomed["total"] < json_of(client, "/search.json")["total"]


def test_sort_newest_orders_by_date(client) -> None:
    data = json_of(client, "/search.json?sort=newest&size=10")
    dates = [hit["published"] for hit in data["hits"]]
    assert dates == sorted(dates, reverse=True)


def test_pages_and_cursor_next_link(client) -> None:
    # Every article (collapse=0): deep pages follow the cursor; collapsed pages are tested in test_collapse.py.
    html = client.get("/search?collapse=0&size=2").get_data(as_text=True)  # no query: newest first
    assert 'aria-current="page"' in html and 'href="/search?collapse=0&amp;size=2&amp;page=10"' in html
    page10 = client.get("/search?collapse=0&size=2&page=10").get_data(as_text=True)
    next_url = unescape(re.search(r'<a href="([^"]+)" rel="next"', page10).group(1))
    assert "page=11" in next_url and "cursor=" in next_url
    deep = json_of(client, next_url.replace("/search", "/search.json", 1))
    plain = json_of(client, "/search.json?sort=newest&size=2&page=11")
    assert hit_ids(deep) == hit_ids(plain)


def test_query_syntax_error_shows_message_and_position(client) -> None:
    response = client.get('/search?q=oil+%22prices')
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "unbalanced quote" in html and "at character 5" in html
    assert '<mark class="error-at" title="here">&#34;</mark>' in html
    assert 'aria-invalid="true"' in html
    error = client.get('/search.json?q=oil+%22prices').get_json()["error"]
    assert error["position"] == 4 and "unbalanced quote" in error["message"]


def test_limits_give_400_with_clear_message(client) -> None:
    for url, words in (("/search?size=101", "between 1 and 100"), ("/search?page=501", "between 1 and 500"),
                       ("/search?q=" + "a" * 501, "longer than 500"), ("/search?from=yesterday", "must look like")):
        response = client.get(url)
        assert response.status_code == 400 and words in response.get_data(as_text=True), url
    damaged = client.get("/search.json?page=2&cursor=not-a-cursor")
    assert damaged.status_code == 400 and "cursor" in damaged.get_json()["error"]["message"]
    for twin in ("/search.csv", "/search.atom", "/search.jsonl"):
        response = client.get(twin + "?q=%22open")
        assert response.status_code == 400 and "unbalanced quote" in response.get_json()["error"]["message"]
    error = client.get("/search.json?size=101").get_json()["error"]
    assert error["status"] == 400 and "between 1 and 100" in error["message"]


def test_hostile_text_is_inert_in_html(client) -> None:
    for url in ("/search?q=harbour", "/search?q=alert", "/search?outlet=" + 'Evil+"><script>alert(1)</script>'):
        response = client.get(url if "Evil" not in url else client.get(url).headers.get("Location", url))
        html = response.get_data(as_text=True)
        assert_inert(html)
    html = client.get("/search?q=alert").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "javascript:alert" not in html


def test_hostile_article_page_is_inert(client, hostile_title) -> None:
    data = json_of(client, "/search.json?q=alert")
    hostile = next(hit for hit in data["hits"] if hit["title"] == hostile_title)
    html = client.get(f"/article/{hostile['id']}").get_data(as_text=True)
    assert_inert(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_json_carries_text_as_data_and_snippets_escaped(client, hostile_title) -> None:
    response = client.get("/search.json?q=alert")
    assert response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    hit = next(hit for hit in response.get_json()["hits"] if hit["title"] == hostile_title)
    assert "<script>" not in hit["snippet"] and "&lt;script&gt;" in hit["snippet"]


def test_article_page_shows_text_metadata_entities_and_original(client) -> None:
    data = json_of(client, "/search.json?q=terminal&outlet=Daily+Ledger&size=1")
    hit = data["hits"][0]
    html = client.get(f"/article/{hit['id']}").get_data(as_text=True)
    assert html.count("<p>") >= 2  # paragraphs kept
    assert f'href="{hit["url"]}"' in html
    person = hit["entities"]["person"][0]
    assert f'href="/search?person={person.replace(" ", "+")}"' in html
    assert 'href="/search?outlet=Daily+Ledger"' in html


def test_article_page_lists_folded_copies_escaped(client) -> None:
    hit = json_of(client, "/search.json?q=notes")["hits"][0]
    html = client.get(f"/article/{hit['id']}").get_data(as_text=True)
    assert "<code>harbour-notes.txt</code>" in html and "wire/" not in html  # file names, not paths
    assert "<code>b&gt;.html</code>" in html  # '<b>copy</b>.html' is a path: its file name 'b>.html', escaped


def test_missing_article_is_a_friendly_404(client) -> None:
    response = client.get("/article/doesnotexist")
    assert response.status_code == 404 and "no article" in response.get_data(as_text=True)
    assert client.get("/no/such/page").status_code == 404


def test_facet_page_and_value_search(client) -> None:
    html = client.get("/facet/person?q=harbour").get_data(as_text=True)
    assert "Person" in html and "Anna Berg" in html
    found = json_of(client, "/facet/person.json?prefix=an")
    assert [b["value"] for b in found["buckets"]] == ["Anna Berg"]
    assert client.get("/facet/nonsense").status_code == 400
    assert len(json_of(client, "/facet/person.json?limit=2")["buckets"]) == 2
    assert client.get("/facet/person.json?limit=201").status_code == 400


def test_export_formats_follow_the_whole_result(client) -> None:
    import csv
    import io
    import json

    total = json_of(client, "/search.json?q=harbour")["total"]
    response = client.get("/search.csv?q=harbour")
    assert response.is_streamed and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][0] == "id" and len(rows) == total + 1
    jsonl = client.get("/search.jsonl?q=harbour").get_data(as_text=True).splitlines()
    records = [json.loads(line) for line in jsonl]
    assert len(records) == total and len({r["id"] for r in records}) == total
    dates = [r["published"] for r in records if r["published"]]
    assert dates == sorted(dates, reverse=True)


def test_export_pages_with_the_cursor_and_respects_the_bound(client, app, monkeypatch) -> None:
    import json

    from newsfacet.webapp import views_export

    monkeypatch.setattr(views_export, "EXPORT_BATCH", 7)  # small pages so the cursor is followed
    total = json_of(client, "/search.json")["total"]
    records = [json.loads(line) for line in client.get("/search.jsonl").get_data(as_text=True).splitlines()]
    assert len(records) == total and len({r["id"] for r in records}) == total
    app.config["NEWSFACET"]["export_max_rows"] = 10
    assert len(client.get("/search.jsonl").get_data(as_text=True).splitlines()) == 10


def test_export_of_a_non_latin_query_downloads(client) -> None:
    response = client.get("/search.csv?q=%ED%95%AD%EA%B5%AC+harbour")  # "항구 harbour"
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="newsfacet-harbour.csv"'
    response.get_data()


def test_csv_is_inert_for_spreadsheets(client) -> None:
    response = client.get("/search.csv?q=alert")
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff" and response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert "<script>alert(1)</script>" in text  # kept as data in a download, never rendered
    assert "'=HYPERLINK" in text and ',=HYPERLINK' not in text and ',"=HYPERLINK' not in text


def test_atom_feed_is_valid_and_escaped(client, hostile_title) -> None:
    from xml.etree import ElementTree

    response = client.get("/search.atom?q=alert")
    assert response.mimetype == "application/atom+xml"
    body = response.get_data(as_text=True)
    assert_inert(body)
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.fromstring(body)
    assert feed.tag == f"{atom}feed" and feed.find(f"{atom}id").text == "http://localhost/search?q=alert&sort=newest"
    assert feed.find(f"{atom}updated").text and feed.find(f"{atom}author/{atom}name").text
    entries = feed.findall(f"{atom}entry")
    titles = [entry.find(f"{atom}title").text for entry in entries]
    assert hostile_title in titles  # the text survives as text
    for entry in entries:
        assert entry.find(f"{atom}id").text.startswith("http://localhost/article/")
        assert entry.find(f"{atom}updated").text
        summary = entry.find(f"{atom}summary")
        assert summary.get("type") == "html" and "<script" not in summary.text


def test_save_search_needs_csrf(client) -> None:
    assert client.post("/saved", data={"name": "x", "query_string": "q=oil"}).status_code == 400
    client.get("/search?q=oil")  # the session gets its token
    response = client.post("/saved", data={"name": "x", "query_string": "q=oil", "csrf_token": "forged"})
    assert response.status_code == 400 and "security token" in response.get_data(as_text=True)


def test_saved_search_short_link_restores_the_same_result(client) -> None:
    state_url = "/search?q=harbour&outlet=Harbour+Times&not_language=de&sort=newest"
    html = client.get(state_url).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    saved = client.post("/saved", data={"name": "Harbour <b>watch</b>", "csrf_token": token,
                                        "query_string": state_url.split("?", 1)[1]})
    assert saved.status_code == 303
    slug = saved.headers["Location"].split("#saved-", 1)[1]
    listing = client.get("/saved").get_data(as_text=True)
    assert f'href="/s/{slug}"' in listing and "Harbour &lt;b&gt;watch&lt;/b&gt;" in listing
    short = client.get(f"/s/{slug}")
    assert short.status_code == 302 and short.headers["Location"] == state_url
    restored = json_of(client, short.headers["Location"].replace("/search", "/search.json", 1))
    original = json_of(client, state_url.replace("/search", "/search.json", 1))
    assert restored["total"] == original["total"] and hit_ids(restored) == hit_ids(original)
    assert client.get("/s/unknown-slug").status_code == 404


def test_healthz_reports_backend_state(client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json()["status"] == "ok"
    assert response.get_json()["backend"]["documents"] == 42


def test_healthz_is_503_when_the_index_is_gone(tmp_path) -> None:
    import shutil

    from newsfacet.engine.backends.tantivy_backend import TantivyBackend
    from newsfacet.webapp import create_app

    from tests.conftest_web import make_articles  # plain function, imported after the plugin loaded

    backend = TantivyBackend(tmp_path)
    backend.write(make_articles()[:2])
    physical = backend.store.path_of(backend.store.current())
    backend.close()
    shutil.rmtree(physical)  # a real fault: the index folder the alias names has disappeared
    broken = create_app({"data_dir": str(tmp_path), "secret_key": "k"}).test_client()
    response = broken.get("/healthz")
    assert response.status_code == 503 and response.get_json()["status"] == "unavailable"
    page = broken.get("/search")
    assert page.status_code == 503 and "Traceback" not in page.get_data(as_text=True)


def test_security_headers_on_every_response(client) -> None:
    for url in ("/search", "/search.json", "/search.atom", "/nope", "/static/app.css", "/healthz"):
        headers = client.get(url).headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"


def test_no_inline_script_or_style(client) -> None:
    html = client.get("/search?q=harbour").get_data(as_text=True)
    assert re.search(r"<script(?![^>]*\bsrc=)", html) is None
    assert "<style" not in html and " style=" not in html and " onclick=" not in html


def test_errors_never_show_a_stack_trace(app) -> None:
    def boom() -> str:
        raise RuntimeError("secret internals")

    app.add_url_rule("/boom", "boom", boom)
    app.add_url_rule("/boom.json", "boom_json", boom)
    browser = app.test_client()
    page = browser.get("/boom")
    assert page.status_code == 500 and "secret internals" not in page.get_data(as_text=True)
    assert "Traceback" not in page.get_data(as_text=True)
    assert browser.get("/boom.json").get_json()["error"]["status"] == 500
    assert browser.put("/search").status_code == 405


def test_openapi_describes_existing_routes_and_parameters(client, app) -> None:
    from newsfacet.webapp.state import known_params

    document = json_of(client, "/api/openapi.json")
    assert document["openapi"].startswith("3.")
    # A documented path matches a route (`<path:name>` also takes the `.json` twins' names) ...
    patterns = [re.compile(".+".join(map(re.escape, re.split(r"<[^>]+>", rule.rule))) + "$")
                for rule in app.url_map.iter_rules()]
    for path in document["paths"]:
        concrete = re.sub(r"\{\w+\}", "x", path)
        assert any(pattern.match(concrete) for pattern in patterns), f"{path} is not a route"
    # ... and every machine-readable twin a route serves is documented.
    twins = {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule) for rule in app.url_map.iter_rules()
             if rule.rule.endswith((".json", ".atom", ".csv", ".jsonl")) and "GET" in rule.methods}
    assert twins - set(document["paths"]) == set()
    entity = document["paths"]["/entity/{type}/{name}.json"]["get"]
    assert entity["responses"]["200"]["content"]["application/json"]
    names = {param["name"] for param in document["paths"]["/search.json"]["get"]["parameters"]}
    assert names == set(known_params())
    data = json_of(client, "/search.json?q=oil")
    required = document["components"]["schemas"]["SearchResult"]["required"]
    assert all(key in data for key in required)


def test_long_facets_get_a_value_search_box_and_more_link(web_data_dir) -> None:
    from newsfacet.webapp import create_app

    small = create_app({"data_dir": str(web_data_dir), "secret_key": "k", "facet_size": 2}).test_client()
    html = small.get("/search?q=story&outlet=Daily+Ledger").get_data(as_text=True)
    assert 'action="/facet/location"' in html and 'name="prefix"' in html
    assert 'href="/facet/location?q=story&amp;outlet=Daily+Ledger"' in html
    # The value-search form carries the whole state, so the facet page counts under the same filters.
    assert '<input type="hidden" name="outlet" value="Daily Ledger">' in html
    page = small.get("/facet/location?q=story&outlet=Daily+Ledger&prefix=ham").get_data(as_text=True)
    assert "Hamburg" in page and "London" not in page
    assert 'href="/search?q=story&amp;location=Hamburg&amp;outlet=Daily+Ledger"' in page


def test_app_factory_opens_nothing_until_a_request(web_data_dir) -> None:
    from newsfacet.webapp import create_app

    created = create_app({"data_dir": str(web_data_dir), "secret_key": "k"})
    assert created.extensions["newsfacet"]._backend is None
    created.test_client().get("/healthz")
    assert created.extensions["newsfacet"]._backend is not None


def test_serve_command_is_registered() -> None:
    from click.testing import CliRunner
    from newsfacet.cli import main

    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0 and "gunicorn" in result.output and "--port" in result.output


def test_topic_in_the_sidebar_hits_twins_and_article_page(client) -> None:
    import csv
    import io
    import json

    html = client.get("/search").get_data(as_text=True)
    assert html.index(">Outlet</h3>") < html.index(">Topic</h3>") < html.index(">Language</h3>")
    everything = json_of(client, "/search.json?size=100")
    counts = {b["value"]: b["count"] for b in everything["facets"]["topic"]["buckets"]}
    assert counts == {"Markets": sum("Markets" in h["topics"] for h in everything["hits"]),
                      "Shipping news": sum("Shipping news" in h["topics"] for h in everything["hits"])}
    assert all(counts.values())
    chosen = json_of(client, "/search.json?topic=Markets&size=100")
    assert chosen["total"] == counts["Markets"] and all(h["topics"] == ["Markets"] for h in chosen["hits"])
    assert json_of(client, "/search.json?q=topic:shipping")["total"] == counts["Shipping news"]
    rows = list(csv.DictReader(io.StringIO(client.get("/search.csv?topic=Markets").get_data(as_text=True))))
    assert len(rows) == counts["Markets"] and {row["topics"] for row in rows} == {"Markets"}
    jsonl = client.get("/search.jsonl?topic=Markets").get_data(as_text=True)
    records = [json.loads(line) for line in jsonl.splitlines()]
    assert len(records) == counts["Markets"] and all(r["topics"] == ["Markets"] for r in records)
    assert '<a class="topic" href="/search?topic=Markets"' in html  # on the hit, a link that filters
    page = client.get(f"/article/{chosen['hits'][0]['id']}").get_data(as_text=True)
    assert "<dt>Topic</dt>" in page and 'href="/search?topic=Markets"' in page
