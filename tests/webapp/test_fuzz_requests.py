"""Fuzzing every GET route of the app and `newsfacet search` with one generator of hostile input.

Real parts: the small tantivy index of tests/conftest_web.py, Flask's test client, click's
CliRunner. The contract: no 5xx, every 4xx says what is wrong (no traceback, no server path);
the CLI exits 0, or 2 with a one-line "Error:" message.
"""
from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from newsfacet.cli import main
from newsfacet.cli.search import CURSOR_KEY_FILE
from newsfacet.engine.backends.tantivy_backend import TantivyBackend
from newsfacet.engine.cursor import derive_key, read_or_create_key
from newsfacet.engine.facets import facet_names
from newsfacet.engine.params import EXCLUDE_PREFIX, Limits

from tests.conftest_web import make_articles
from tests.request_inputs import PARAMS, CursorPlan, cursor_text

SECRET = "fuzz-secret"
ERROR_MESSAGE = re.compile(r'<p class="error-message">\s*\S')
LEAKS = ("Traceback", "/work/", "site-packages", "PanicException")
ROUTE_TEXT = st.one_of(st.sampled_from(["outlet.json", "x", "a" * 90, "..", "%00"]),
                       st.text(min_size=1, max_size=30).filter(lambda s: "/" not in s))
# Saved searches the /s/<slug> route must answer for: one ordinary, one stored with hostile parameters.
SAVED = {"ordinary-1": "q=oil&outlet=Harbour+Times", "hostile-1": "size=%C2%B2&from=0001-01-01&q=" + "-" * 490 + "x"}


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The web tests' small index, in a folder of our own (saved searches are added to it)."""
    data_dir = tmp_path_factory.mktemp("fuzzdata")
    backend = TantivyBackend(data_dir)
    assert all(result.ok for result in backend.write(make_articles()))
    backend.close()
    return data_dir


@pytest.fixture(scope="module")
def fuzz_app(fuzz_dir: Path):
    from newsfacet.webapp import create_app

    app = create_app({"data_dir": str(fuzz_dir), "secret_key": SECRET, "TESTING": True})
    with app.app_context():
        store = app.extensions["newsfacet"].backend.saved_searches()
        for slug, query_string in SAVED.items():
            store.save(slug, slug, query_string)
    yield app
    app.extensions["newsfacet"].close()


@pytest.fixture(scope="module")
def route_values(fuzz_app) -> dict[str, Any]:
    """Values for each route argument: real ones (facet names, article ids, slugs) and junk."""
    hits = fuzz_app.test_client().get("/search.json?size=5").get_json()["hits"]
    return {"name": st.one_of(st.sampled_from(facet_names()), ROUTE_TEXT),
            "article_id": st.one_of(st.sampled_from([hit["id"] for hit in hits]), ROUTE_TEXT),
            "slug": st.one_of(st.sampled_from(sorted(SAVED)), ROUTE_TEXT)}


@pytest.fixture(scope="module")
def real_cursor(fuzz_app) -> str:
    data = fuzz_app.test_client().get("/search.json?q=harbour&size=1").get_json()
    assert data["next_cursor"], data
    return data["next_cursor"]


def get_routes(app) -> list[Any]:
    """Every GET route the app has: a new route is fuzzed without touching this file."""
    return sorted((rule for rule in app.url_map.iter_rules() if "GET" in rule.methods), key=str)


@contextmanager
def production_recursion_limit() -> Iterator[None]:
    """Python's default limit, as a server process has it: Hypothesis raises the limit while it runs
    a test, which would hide a RecursionError."""
    raised = sys.getrecursionlimit()
    sys.setrecursionlimit(1000)
    try:
        yield
    finally:
        sys.setrecursionlimit(raised)


def concrete(pairs: list, key: bytes, real: str, limits: Limits) -> list[tuple[str, str]]:
    return [(name, cursor_text(value, pairs, key, real, limits) if isinstance(value, CursorPlan) else value)
            for name, value in pairs]


def assert_clean_answer(response, where: str) -> None:
    status = response.status_code
    body = response.get_data(as_text=True)
    assert status < 500, f"{where} -> {status}: {body[:300]}"
    assert not any(leak in body for leak in LEAKS), f"{where} leaks: {body[:300]}"
    if 400 <= status < 500:
        if response.is_json:
            assert response.get_json()["error"]["message"].strip(), where
        else:
            assert ERROR_MESSAGE.search(body) or 'id="query-error"' in body, f"{where}: {body[:300]}"


def test_every_get_route_is_in_the_fuzz(fuzz_app) -> None:
    paths = {str(rule) for rule in get_routes(fuzz_app)}
    for expected in ("/search", "/search.json", "/search.atom", "/search.csv", "/search.jsonl",
                     "/facet/<name>", "/facet/<name>.json", "/article/<article_id>", "/s/<slug>",
                     "/api/openapi.json"):
        assert expected in paths


@settings(derandomize=True, max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data(), pairs=PARAMS)
def test_no_get_route_fails_on_hostile_parameters(fuzz_app, route_values, real_cursor, data, pairs) -> None:
    """Each drawn case goes to every GET route (a drawn route would favour the first ones)."""
    key = derive_key(fuzz_app.config["SECRET_KEY"])
    query = concrete(pairs, key, real_cursor, fuzz_app.config["NEWSFACET_LIMITS"])
    client = fuzz_app.test_client()
    for rule in get_routes(fuzz_app):
        arguments = {name: data.draw(route_values.get(name, ROUTE_TEXT), label=name) for name in rule.arguments}
        path = fuzz_app.url_map.bind("localhost").build(rule.endpoint, arguments)
        with production_recursion_limit():
            response = client.get(path, query_string=query, follow_redirects=True)
        assert_clean_answer(response, f"{path} {query!r}")


# -- the same generator through the CLI ---------------------------------------------------------
@pytest.fixture(scope="module")
def cli_cursor(fuzz_dir: Path) -> str:
    result = CliRunner().invoke(main, ["--data-dir", str(fuzz_dir), "search", "harbour", "--size", "1"])
    assert result.exit_code == 0, result.output
    return result.output.rsplit("--cursor ", 1)[1].strip()


def cli_arguments(pairs: list[tuple[str, str]]) -> list[str]:
    """The CLI spelling of web parameters: facets are --facet/--exclude NAME=VALUE, the first q is
    the argument (after `--`, so a query starting with '-' stays a query)."""
    options: list[str] = []
    for name, value in pairs:
        if name in facet_names():
            options += ["--facet", f"{name}={value}"]
        elif name.startswith(EXCLUDE_PREFIX) and name[len(EXCLUDE_PREFIX):] in facet_names():
            options += ["--exclude", f"{name[len(EXCLUDE_PREFIX):]}={value}"]
        elif name in ("from", "to", "sort", "size", "page", "cursor"):
            options += [f"--{name}", value]
    queries = [value for name, value in pairs if name == "q"]
    return [*options, "--", queries[0]] if queries else options


@settings(derandomize=True, max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(pairs=PARAMS)
def test_cli_search_never_prints_a_traceback(fuzz_dir, cli_cursor, pairs) -> None:
    key = read_or_create_key(fuzz_dir / CURSOR_KEY_FILE)
    query = concrete(pairs, key, cli_cursor, Limits(default_size=10))
    arguments = cli_arguments(query)
    with production_recursion_limit():
        result = CliRunner().invoke(main, ["--data-dir", str(fuzz_dir), "search", *arguments])
    where = f"newsfacet search {arguments!r}"
    assert result.exit_code in (0, 2), f"{where} -> {result.exit_code}: {result.output[:300]} {result.exception!r}"
    assert not any(leak in result.output for leak in LEAKS), where
    if result.exit_code == 2:
        assert result.output.startswith("Error: ") and len(result.output.strip()) > len("Error:"), where


# -- hostile cache headers on the cached routes ---------------------------------------------------
CACHED_PATHS = ("/search?q=harbour", "/search.json?q=harbour", "/search.atom?q=harbour")
HEADER_TEXT = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=300)  # latin-1, as HTTP
ENCODINGS = st.one_of(HEADER_TEXT, st.lists(st.sampled_from(["gzip", "br", "*", "identity", "deflate", "gzip;q=0",
                                                             "gzip;q=nan", "gzip;q=-1", "x-gzip", ";;", ","]),
                                            max_size=6).map(", ".join), st.just("gzip, " + "x" * 8000))


@settings(derandomize=True, max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(CACHED_PATHS), encoding=ENCODINGS, tag=HEADER_TEXT, real_tag=st.booleans())
def test_cache_headers_are_harmless(fuzz_app, path, encoding, tag, real_tag) -> None:
    """Forged If-None-Match and Accept-Encoding: a 304 only for the real validator, else the same document
    (gzipped only when gzip is accepted), never a 5xx."""
    import gzip

    client = fuzz_app.test_client()
    plain = client.get(path)
    assert plain.status_code == 200 and "Content-Encoding" not in plain.headers
    validator = plain.headers["ETag"] + ", " + tag if real_tag else tag
    response = client.get(path, headers={"Accept-Encoding": encoding, "If-None-Match": validator})
    assert response.status_code in (200, 304), f"{path} {encoding!r} {validator!r} -> {response.status_code}"
    if response.status_code == 304:
        assert response.get_data() == b"" and (real_tag or tag.strip() == "*" or plain.headers["ETag"] in tag)
        return
    body = response.get_data()
    if response.headers.get("Content-Encoding") == "gzip":
        assert "gzip" in encoding.lower() or "*" in encoding  # '*' accepts any coding
        body = gzip.decompress(body)
    if path.startswith("/search?"):  # the page differs from the first only in the visitor's form token
        assert body.rstrip().endswith(b"</html>")
    else:
        assert body == plain.get_data()
