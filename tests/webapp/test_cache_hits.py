"""A cached answer is the same answer: headers, validator and 304 as on the miss that made it.

Hits of the page, its JSON twin and its feed are answered before the request is parsed (views_search.
kept_answer); these tests hold that path to what the full path sends.
"""
from __future__ import annotations

import gzip

import pytest
from newsfacet.webapp import create_app
from newsfacet.webapp.cache import CACHE_HEADER, HIT, MISS

from tests.articles import sample_articles
from tests.conftest_web import app_settings

PATHS = ["/search?q=harbour", "/search.json?q=harbour", "/search.atom?q=harbour"]
VARYING = {CACHE_HEADER, "Set-Cookie"}  # the cookie carries each visitor's own form token


@pytest.fixture
def client(backend, tmp_path):
    assert all(result.ok for result in backend.write(sample_articles(60)))
    app = create_app(app_settings(backend, tmp_path / "data"))
    yield app.test_client
    app.extensions["newsfacet"].close()


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("encoding", ["gzip", "identity"])
def test_a_hit_sends_the_headers_and_document_of_the_miss(client, path, encoding):
    made = client().get(path, headers={"Accept-Encoding": encoding})
    again = client().get(path, headers={"Accept-Encoding": encoding})
    assert (made.headers[CACHE_HEADER], again.headers[CACHE_HEADER]) == (MISS, HIT)
    assert {k: v for k, v in made.headers.items() if k not in VARYING} == \
        {k: v for k, v in again.headers.items() if k not in VARYING}
    assert "Content-Security-Policy" in again.headers and again.headers["ETag"].startswith('W/"')
    plain = [gzip.decompress(r.get_data()) if encoding == "gzip" else r.get_data() for r in (made, again)]
    if path.startswith("/search?"):  # the page: the same but for each visitor's token
        assert ("Set-Cookie" in made.headers) and ("Set-Cookie" in again.headers)
        assert len(plain[0]) == len(plain[1]) and plain[0] != plain[1]
    else:
        assert plain[0] == plain[1]


@pytest.mark.parametrize("path", PATHS)
def test_a_hit_revalidates_with_304_and_a_forged_validator_gets_the_body(client, path):
    etag = client().get(path).headers["ETag"]
    same = client().get(path, headers={"If-None-Match": etag})
    assert same.status_code == 304 and same.get_data() == b"" and same.headers["ETag"] == etag
    forged = client().get(path, headers={"If-None-Match": 'W/"0000", "../../etc/passwd", *x'})
    assert forged.status_code == 200 and forged.headers[CACHE_HEADER] == HIT


def test_a_bad_parameter_beside_a_cached_url_is_still_refused(client):
    assert client().get("/search.json?q=harbour").status_code == 200
    for path in ("/search.json?q=harbour&size=%D9%A1", "/search?q=harbour&page=-1", "/search.json?q=harbour&page=x"):
        answer = client().get(path)
        assert answer.status_code == 400 and CACHE_HEADER not in answer.headers
    assert client().get("/search?page=1&q=harbour").status_code == 302  # not canonical: redirected, not served
