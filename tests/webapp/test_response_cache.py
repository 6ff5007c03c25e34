"""The response cache, ETag/304 and gzip (webapp.cache), on each engine through Flask's test client.

A second backend object writes into the same index, as `newsfacet index` would from another
process: a commit must reach the next request, whatever is cached.
"""
from __future__ import annotations

import gzip
import json
import re
import time
import zlib

import pytest
from newsfacet.engine.search import SearchRequest
from newsfacet.webapp import create_app
from newsfacet.webapp.cache import CACHE_HEADER, CSRF_MARKER, MEGABYTE, Body, ResponseCache

from tests.articles import sample_articles
from tests.conftest_web import app_settings

ARTICLES = sample_articles(60)


@pytest.fixture
def served(backend, tmp_path):
    """(client, the writer, the writer again): the app reads the index through a backend of its own."""
    assert all(result.ok for result in backend.write(ARTICLES[:40]))
    app = create_app({**app_settings(backend, tmp_path / "data"), "TESTING": True})
    yield app.test_client(), backend, backend
    app.extensions["newsfacet"].close()


def total(response) -> int:
    return json.loads(response.get_data())["total"]


def wait_for_generation(backend) -> None:
    """Elasticsearch's generation is read at most once a second: let it be read again."""
    if backend.name == "elasticsearch":
        time.sleep(1.1)


def test_a_repeated_search_is_a_hit_with_the_same_bytes(served):
    client, _, _ = served
    first, second = client.get("/search.json?q=harbour"), client.get("/search.json?q=harbour")
    assert first.headers[CACHE_HEADER] == "miss" and second.headers[CACHE_HEADER] == "hit"
    assert first.get_data() == second.get_data() and total(first) > 0
    assert client.get("/search.json?q=storm").headers[CACHE_HEADER] == "miss"  # another search, another key


def test_etag_gives_304_without_a_body_and_only_for_the_same_answer(served):
    client, _, _ = served
    first = client.get("/search.json?q=harbour")
    etag = first.headers["ETag"]
    assert etag.startswith('W/"') and "no-cache" in first.headers["Cache-Control"]
    again = client.get("/search.json?q=harbour", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    other = client.get("/search.json?q=storm", headers={"If-None-Match": etag})
    assert other.status_code == 200 and total(other) > 0
    page = client.get("/search?q=harbour")
    assert page.status_code == 200 and "private" in page.headers["Cache-Control"]
    assert client.get("/search?q=harbour", headers={"If-None-Match": page.headers["ETag"]}).status_code == 304


def test_a_commit_reaches_the_next_request(served):
    client, writer, backend = served
    before = client.get("/search.json")
    assert total(before) == 40
    assert all(result.ok for result in writer.write(ARTICLES[40:]))
    writer.commit()  # what `newsfacet index` does at the end of a run
    wait_for_generation(backend)
    after = client.get("/search.json", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and total(after) == 60 and after.headers[CACHE_HEADER] == "miss"
    assert after.headers["ETag"] != before.headers["ETag"]
    writer.delete([ARTICLES[0].id])
    writer.commit()
    wait_for_generation(backend)
    assert total(client.get("/search.json")) == 59


def test_the_next_page_shows_the_first_pages_counts_until_a_commit(served):
    """Page 2 reuses page 1's facet counts (engine.counts_memo): the same numbers, and new ones
    after a commit, as the total."""
    client, writer, backend = served

    def facets(url: str) -> dict:
        data = json.loads(client.get(url).get_data())
        return {name: [(b["value"], b["count"]) for b in facet["buckets"]] for name, facet in data["facets"].items()}

    first = facets("/search.json?size=5")
    assert facets("/search.json?size=5&page=2") == first and sum(n for _, n in first["outlet"]) == 40
    assert all(result.ok for result in writer.write(ARTICLES[40:]))
    writer.commit()
    wait_for_generation(backend)
    assert sum(n for _, n in facets("/search.json?size=5&page=3")["outlet"]) == 60


def test_an_alias_switch_reaches_the_next_request(served):
    """A reindex by the other writer (a new physical index, then the alias switch) is a new generation,
    even though it holds the same articles."""
    from newsfacet.engine.reindex import reindex

    client, writer, backend = served
    before = client.get("/search.json?q=harbour")
    assert client.get("/search.json?q=harbour").headers[CACHE_HEADER] == "hit"
    outcome = reindex(writer, keep=1)
    assert outcome.previous != outcome.current
    wait_for_generation(backend)
    after = client.get("/search.json?q=harbour", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and after.headers[CACHE_HEADER] == "miss"
    assert after.headers["ETag"] != before.headers["ETag"] and total(after) == total(before) > 0


def test_gzip_when_accepted_and_the_same_document(served):
    client, _, _ = served
    plain = client.get("/search.json")
    packed = client.get("/search.json", headers={"Accept-Encoding": "br, gzip;q=0.8"})
    assert "Content-Encoding" not in plain.headers and packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.get_data()) == plain.get_data()
    assert "Accept-Encoding" in packed.headers["Vary"]
    page = client.get("/search", headers={"Accept-Encoding": "gzip"})
    assert page.headers["Content-Encoding"] == "gzip" and b"</html>" in gzip.decompress(page.get_data())
    refused = client.get("/search.json", headers={"Accept-Encoding": "gzip;q=0"})
    assert "Content-Encoding" not in refused.headers
    export = client.get("/search.csv", headers={"Accept-Encoding": "gzip"})  # streamed: left as it is
    assert export.status_code == 200 and "Content-Encoding" not in export.headers


def test_each_visitor_gets_their_own_form_token_from_a_cached_page(served, tmp_path):
    client, _, backend = served
    other = client.application.test_client()  # another browser: another session
    mine = client.get("/search?q=harbour").get_data(as_text=True)
    theirs = other.get("/search?q=harbour")
    assert theirs.headers[CACHE_HEADER] == "hit"
    tokens = [re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
              for html in (mine, theirs.get_data(as_text=True))]
    assert tokens[0] != tokens[1] and CSRF_MARKER not in mine + theirs.get_data(as_text=True)
    saved = other.post("/saved", data={"csrf_token": tokens[1], "name": "Harbour watch", "query_string": "q=harbour"})
    assert saved.status_code in (302, 303), saved.status_code  # the token from the cached page is accepted


def test_a_cached_page_is_spliced_into_valid_gzip_for_each_visitor(served):
    client, _, _ = served
    other = client.application.test_client()
    for visitor in (client, other, client):
        packed = visitor.get("/search?q=harbour", headers={"Accept-Encoding": "gzip"})
        plain = visitor.get("/search?q=harbour")  # the same visitor, so the same token, uncompressed
        assert packed.headers["Content-Encoding"] == "gzip" and plain.headers[CACHE_HEADER] == "hit"
        reader = zlib.decompressobj(wbits=31)  # strict: one whole gzip member, its CRC and length checked
        html = reader.decompress(packed.get_data()) + reader.flush()
        assert reader.eof and reader.unused_data == b""
        assert html == plain.get_data() == gzip.decompress(packed.get_data())
        assert b'name="csrf_token" value="' in html and CSRF_MARKER.encode() not in html


def test_spliced_bodies_round_trip_any_blanks_and_values():
    pieces = ["<p>", "x" * 5000, "\u00e9t\u00e9 \u8a18\u4e8b", ""]
    for text in ("@@" + "@@".join(pieces) + "@@", "no blank at all", "@@", "a@@b@@@@c"):
        body = Body.of(text, "text/html", blank="@@")
        for value in (b"", b"token-123", b"y" * 70_000):
            plain, packed = body.filled(value, compressed=False), body.filled(value, compressed=True)
            assert plain == text.encode().replace(b"@@", value)
            reader = zlib.decompressobj(wbits=31)  # strict: one whole gzip member, its CRC and length checked
            assert reader.decompress(packed) + reader.flush() == plain and reader.eof and not reader.unused_data


@pytest.mark.parametrize("headers", [{"If-None-Match": "x" * 4000}, {"If-None-Match": 'W/"", "\\x00", ,,,'},
                                     {"Accept-Encoding": "gzip;q=nan"}, {"Accept-Encoding": "x" * 4000},
                                     {"If-None-Match": "*"}])
def test_forged_validators_and_encodings_are_harmless(served, headers):
    client, _, _ = served
    response = client.get("/search.json?q=harbour", headers=headers)
    assert response.status_code in (200, 304)
    if response.status_code == 200:
        body = response.get_data()
        data = json.loads(gzip.decompress(body) if response.headers.get("Content-Encoding") == "gzip" else body)
        assert data["total"] > 0


def test_the_result_cache_runs_a_search_once_per_generation(backend):
    assert all(result.ok for result in backend.write(ARTICLES[:10]))
    cache, runs = ResponseCache(MEGABYTE), []
    request = SearchRequest(query="harbour")

    def run():
        runs.append(1)
        return backend.search(request)

    first, second = cache.result(backend, request, run), cache.result(backend, SearchRequest(query="harbour"), run)
    assert second is first and len(runs) == 1
    cache.result(backend, SearchRequest(query="harbour", page_size=5), run)  # another request: another key
    assert len(runs) == 2


def test_a_zero_budget_keeps_nothing_but_validators_still_work(backend, tmp_path):
    assert all(result.ok for result in backend.write(ARTICLES[:20]))
    app = create_app({**app_settings(backend, tmp_path / "data"), "response_cache_mb": 0})
    client = app.test_client()
    try:
        first, second = client.get("/search.json?q=harbour"), client.get("/search.json?q=harbour")
        assert first.headers[CACHE_HEADER] == second.headers[CACHE_HEADER] == "miss"
        assert total(first) == total(second) > 0  # searched twice (bodies differ in the time taken)
        again = client.get("/search.json?q=harbour", headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304
    finally:
        app.extensions["newsfacet"].close()


def test_an_answer_cut_by_the_time_budget_is_not_kept_and_has_no_validator(backend, tmp_path):
    """The page says "try again": the next request must count again, not serve the cut answer."""
    assert all(result.ok for result in backend.write(ARTICLES[:20]))
    app = create_app({**app_settings(backend, tmp_path / "data"), "facet_time_limit_ms": 0})
    client = app.test_client()
    try:
        for path in ("/search.json?q=harbour", "/search?q=harbour"):
            first, second = client.get(path), client.get(path)
            assert first.status_code == second.status_code == 200
            assert first.headers[CACHE_HEADER] == second.headers[CACHE_HEADER] == "miss"
            assert "ETag" not in first.headers and "ETag" not in second.headers
        cut = json.loads(client.get("/search.json?q=harbour").get_data())
        assert any(facet["timed_out"] for facet in cut["facets"].values())
    finally:
        app.extensions["newsfacet"].close()


def test_the_cache_holds_bodies_compressed_only(served):
    """The page, JSON and feed bodies count in the memory budget at their gzip size, not plain + gzip."""
    client, _, _ = served
    cache = client.application.extensions["newsfacet_cache"]
    plain = sum(len(client.get(url).get_data()) for url in ("/search?q=harbour", "/search.json?q=harbour",
                                                            "/search.atom?q=harbour"))
    held = cache.held_bytes
    assert 0 < held < plain / 3, (held, plain)
    assert client.get("/search?q=harbour").headers[CACHE_HEADER] == "hit"  # served plain from the gzip it holds
