"""bench_web's load-generating client against real gunicorn: it must read what http.client reads.

The client parses responses itself to cost little CPU, so each way an answer can end is checked
against http.client on the same server: a body with a length (plain and gzip), no body (304), a
chunked stream (the CSV export), and gunicorn closing the connection after refusing a request head.
"""
from __future__ import annotations

import gzip
import json
import sys

from tests.indexing import REPO
from tests.webapp.test_gunicorn import Server, sample_data, server  # noqa: F401 - pytest fixtures

sys.path.insert(0, str(REPO / "scripts"))
from bench_web import ACCEPT_GZIP, CACHE_HEADER, Connection, latency_figures, run_load  # noqa: E402


def base(server: Server) -> str:  # noqa: F811 - the fixture's value
    return f"http://{server.host}:{server.port}"


def without_time(gzipped: bytes) -> dict:
    document = json.loads(gzip.decompress(gzipped))
    document.pop("took_ms")
    return document


def test_keep_alive_answers_match_http_client(server: Server) -> None:  # noqa: F811
    connection = Connection(base(server), ACCEPT_GZIP)
    try:
        for path in ("/search.json?q=storm", "/search?q=storm", "/search.atom?q=storm", "/search.json?q=storm"):
            status, body, headers = connection.get(path)
            expected_status, expected_headers, expected_body = server.request("GET", path, headers=ACCEPT_GZIP)
            assert status == expected_status == 200
            assert headers[b"content-encoding"] == b"gzip" and len(body) == int(headers[b"content-length"])
            # Each worker makes its own answer: the JSON's search time and the page's form token differ.
            if path.startswith("/search.json"):
                assert without_time(body) == without_time(expected_body)
            elif path.startswith("/search.atom"):
                assert gzip.decompress(body) == gzip.decompress(expected_body)
            else:
                hits = gzip.decompress(body).count(b'<li class="hit">')
                assert hits > 0 and hits == gzip.decompress(expected_body).count(b'<li class="hit">')
            assert headers[CACHE_HEADER] in (b"hit", b"miss", b"wait")
        socket_before = connection.sock
        assert connection.get("/search.json?q=storm")[2][CACHE_HEADER] == b"hit"
        assert connection.sock is socket_before  # one connection for all of them
    finally:
        connection.close()


def test_no_body_chunked_and_errors(server: Server) -> None:  # noqa: F811
    connection = Connection(base(server))
    try:
        _, _, headers = connection.get("/search.json?q=storm")
        etag = headers[b"etag"].decode()
        revalidating = Connection(base(server), {"If-None-Match": etag})
        assert revalidating.get("/search.json?q=storm")[:2] == (304, b"")
        assert revalidating.get("/search.json?q=storm")[0] == 304  # the connection survived the bodiless answer
        revalidating.close()
        status, body, headers = connection.get("/search.csv?q=storm")
        assert status == 200 and headers.get(b"transfer-encoding") == b"chunked"
        assert body == server.request("GET", "/search.csv?q=storm")[2] and body.count(b"\n") > 1
        status, body, _ = connection.get("/search.json?size=%D9%A1")
        assert status == 400 and b"size" in body
        assert connection.get("/healthz")[0] == 200  # the same connection after the app's 400
        status, _, _ = connection.get("/search?q=" + "a" * 9000)  # gunicorn refuses the head and closes
        assert status == 400 and connection.sock is None
        assert connection.get("/healthz")[0] == 200  # a new connection
    finally:
        connection.close()


def test_latencies_are_split_by_where_the_answer_came_from(server: Server) -> None:  # noqa: F811
    paths = ["/search.json?q=storm", "/search.json?q=harbour", "/search?q=storm"]
    recorder, seconds = run_load(base(server), paths, connections=2, seconds=1.5, headers=ACCEPT_GZIP)
    figures = latency_figures(recorder, seconds)
    by_cache = figures["p50_p99_ms_by_cache"]
    # Which sources occur depends on the machine's speed (a loaded one may answer only misses in 1.5 s);
    # each latency is filed under the header its answer carried, and all of them are filed.
    assert by_cache and set(by_cache) <= {"hit", "miss", "wait"}
    assert {source: len(values) for source, values in recorder.by_cache.items()} == \
        {source: recorder.cache[source] for source in by_cache}
    assert sum(len(values) for values in recorder.by_cache.values()) == len(recorder.latencies) > 0
    assert all(p50 <= p99 for p50, p99 in by_cache.values())
