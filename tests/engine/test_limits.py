"""The cases of the hardening issue, one by one, on the web app (pages and twins) and the CLI.

Real parts: the web tests' tantivy index (tests/conftest_web.py), Flask's test client, the click
command through CliRunner, and tantivy itself for the panic that a bounded request can no longer reach.
"""
from __future__ import annotations

from dataclasses import replace

import pytest
from click.testing import CliRunner
from newsfacet.cli import main
from newsfacet.engine.backends.base import BackendError
from newsfacet.engine.backends.es_query import compile_query, highlight_query
from newsfacet.engine.backends.tantivy_backend import TantivyBackend
from newsfacet.engine.limits import EARLIEST_DAY, LATEST_DAY, MAX_HISTOGRAM_BUCKETS, MAX_RESULT_WINDOW, RequestError
from newsfacet.engine.params import Limits, ParamError, parse_search
from newsfacet.engine.query import MAX_DEPTH, QuerySyntaxError, parse_query
from newsfacet.engine.search import SearchRequest

pytest_plugins = ["tests.conftest_web"]  # fixtures: app, client, web_data_dir

ROUTES = ("/search", "/search.json", "/search.atom", "/search.csv", "/search.jsonl", "/facet/outlet",
          "/facet/outlet.json")
DEEP_NOT = "-" * 490 + "oil"


def refused(client, route: str, query_string: dict) -> str:
    """The 400's message (page or JSON); fails on anything else, such as a half-sent stream."""
    response = client.get(route, query_string=query_string)
    text = response.get_data(as_text=True)
    assert response.status_code == 400, (route, response.status_code, text[:300])
    assert "Traceback" not in text and "/work/" not in text
    if route.endswith((".json", ".atom", ".csv", ".jsonl")):
        assert response.is_json, (route, response.mimetype)
        return response.get_json()["error"]["message"]
    return text


def cli(data_dir, *args: str):
    return CliRunner().invoke(main, ["--data-dir", str(data_dir), "search", *args])


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("digits", ["²", "٣", "１", "1²"])
def test_unicode_digits_are_refused_everywhere(client, route, digits) -> None:
    for name in ("size", "page"):
        assert "digits 0-9" in refused(client, route, {"q": "oil", name: digits})


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("name,day", [("from", "0001-01-01"), ("to", "9999-12-31"), ("from", "1678-01-01"),
                                      ("to", "2262-04-01")])
def test_dates_outside_the_supported_range_are_refused(client, route, name, day) -> None:
    message = refused(client, route, {"q": "oil", name: day})
    assert f"between {EARLIEST_DAY} and {LATEST_DAY}" in message


@pytest.mark.parametrize("route", ROUTES)
def test_490_leading_minus_signs_are_a_syntax_error(client, route) -> None:
    assert f"nest deeper than {MAX_DEPTH} levels" in refused(client, route, {"q": DEEP_NOT})


def test_the_deepest_allowed_query_compiles_and_highlights_everywhere(client) -> None:
    """At the bound, every recursive walk (parse, tantivy, Elasticsearch DSL, highlight) still works."""
    deepest = "-(" * (MAX_DEPTH // 2) + "oil" + ")" * (MAX_DEPTH // 2)
    node = parse_query(deepest)
    assert compile_query(node) and highlight_query(node) is None
    assert client.get("/search.json", query_string={"q": "-" * MAX_DEPTH + "oil"}).status_code == 200
    with pytest.raises(QuerySyntaxError):
        parse_query("-" * (MAX_DEPTH + 1) + "oil")


@pytest.mark.parametrize("route", ROUTES)
def test_a_nul_in_the_query_is_refused(client, route) -> None:
    assert "control character" in refused(client, route, {"q": "oil\x00"})


@pytest.mark.parametrize("route", ["/search.csv", "/search.jsonl"])
@pytest.mark.parametrize("query", ['port "strike', "title:", "colour:red", "(oil", DEEP_NOT])
def test_exports_refuse_bad_queries_before_the_first_byte(client, route, query) -> None:
    assert refused(client, route, {"q": query})


def test_pages_end_at_the_result_window(client) -> None:
    assert client.get("/search.json?page=500&size=100").status_code == 200
    window_page = MAX_RESULT_WINDOW // 100 + 1
    message = refused(client, "/search.json", {"page": str(window_page), "size": "100", "cursor": "abc"})
    assert "between 1 and 1000" in message
    with pytest.raises(RequestError, match="pages end at result"):
        SearchRequest(page=window_page, page_size=100)


@pytest.mark.parametrize("route", ["/search", "/search.json"])
def test_the_widest_range_at_the_finest_interval_is_coarsened_and_small(client, route) -> None:
    # Speed belongs to scripts/bench_web.py; here the shape that keeps it fast: few bars, a small page.
    query = {"from": EARLIEST_DAY.isoformat(), "to": LATEST_DAY.isoformat(), "interval": "day"}
    response = client.get(route, query_string=query)
    assert response.status_code == 200
    assert len(response.data) < 1_000_000, len(response.data)
    if route == "/search.json":
        histogram = response.get_json()["histogram"]
        assert histogram["interval"] == "year" and histogram["requested_interval"] == "day"
        assert histogram["coarsened"] and str(MAX_HISTOGRAM_BUCKETS) in histogram["note"]
        assert len(histogram["buckets"]) == LATEST_DAY.year - EARLIEST_DAY.year + 1 <= MAX_HISTOGRAM_BUCKETS
    else:
        assert f"more than {MAX_HISTOGRAM_BUCKETS} bars" in response.get_data(as_text=True)


def test_a_histogram_that_fits_is_not_coarsened(client) -> None:
    histogram = client.get("/search.json?from=2024-01-01&to=2024-03-31&interval=day").get_json()["histogram"]
    assert histogram["interval"] == "day" and not histogram["coarsened"] and histogram["note"] is None
    assert len(histogram["buckets"]) == 91


def test_facet_pages_are_bounded(client) -> None:
    assert "between 1 and 200" in refused(client, "/facet/outlet.json", {"limit": "201"})
    assert "digits 0-9" in refused(client, "/facet/outlet.json", {"limit": "٣"})
    assert "longer than 100" in refused(client, "/facet/outlet.json", {"prefix": "x" * 101})


def test_a_panic_inside_tantivy_is_a_backend_error(web_data_dir) -> None:
    """No request can reach it now (offsets are bounded), so we bypass the bound to prove the net:
    an offset near 2**63 really makes tantivy panic."""
    backend = TantivyBackend(web_data_dir)
    try:
        request = SearchRequest(page_size=20, facets=(), histogram=False)
        object.__setattr__(request, "page", 2**63 // 20 + 1)  # what validation would refuse
        with pytest.raises(BackendError, match="failed on this request"):
            backend.search(request)
        object.__setattr__(request, "page", 2**64)  # too big for tantivy's u64: its own OverflowError
        with pytest.raises(RequestError, match="cannot run this request"):
            backend.search(request)
        assert backend.search(replace(request, page=1)).total > 0  # the backend is still usable
    finally:
        backend.close()


# -- the CLI -----------------------------------------------------------------------------------
@pytest.mark.parametrize("args,message", [
    (["--page", "1000000000000"], "digits 0-9, between 1 and 500"),
    (["--page", "501"], "between 1 and 500"),
    (["--size", "²"], "digits 0-9"),
    (["--size", "٣"], "digits 0-9"),
    (["--page", "１"], "digits 0-9"),
    (["--from", "0001-01-01"], f"between {EARLIEST_DAY} and {LATEST_DAY}"),
    (["--to", "9999-12-31"], f"between {EARLIEST_DAY} and {LATEST_DAY}"),
    (["--from", "2024-02-30"], "must look like 2024-03-31"),
    (["--sort", "random"], "must be one of relevance, newest, oldest"),
    (["--", DEEP_NOT], "nest deeper"),
    (["oil\x00"], "control character"),
])
def test_cli_refuses_what_the_web_refuses(web_data_dir, args, message) -> None:
    result = cli(web_data_dir, *args)
    assert result.exit_code == 2, result.output
    assert result.output.startswith("Error: ") and message in result.output
    assert "Traceback" not in result.output and result.exception.__class__ is SystemExit


def test_cli_stats_top_is_bounded(web_data_dir) -> None:
    result = CliRunner().invoke(main, ["--data-dir", str(web_data_dir), "stats", "--top", "10000000000"])
    assert result.exit_code == 2 and "digits 0-9" in result.output


def test_web_and_cli_share_one_parser() -> None:
    """The same raw values give the same parsed search or the same message, whoever asks."""
    values = {"q": ["  oil   port "], "outlet": ["B", "A", "A"], "not_language": ["de"], "from": ["2024-01-01"],
              "size": ["7"], "page": ["3"]}
    parsed = parse_search(values, Limits())
    assert (parsed.query, parsed.include, parsed.exclude, parsed.size, parsed.page) == (
        "oil port", {"outlet": ("A", "B")}, {"language": ("de",)}, 7, 3)
    with pytest.raises(ParamError, match="digits 0-9"):
        parse_search({"size": ["²"]}, Limits())
