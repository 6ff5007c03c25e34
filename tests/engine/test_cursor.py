"""Signed cursors: forged, stale, foreign or out-of-bounds ones are a 400 (CLI: exit 2), and the
position inside a validly signed cursor is still bounded before tantivy sees it.

Real parts: the web tests' tantivy index (tests/conftest_web.py), Flask's test client, the click
command through CliRunner.
"""
from __future__ import annotations

import base64
import json
import time
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from newsfacet.cli import main
from newsfacet.cli.search import CURSOR_KEY_FILE
from newsfacet.engine.cursor import derive_key, open_cursor, read_or_create_key, sign_cursor
from newsfacet.engine.limits import MAX_CURSOR_AGE_SECONDS, RequestError
from newsfacet.engine.params import Limits, parse_search, search_request
from newsfacet.engine.search import SearchRequest

pytest_plugins = ["tests.conftest_web"]  # fixtures: app (secret "test-secret"), client, web_data_dir

APP_KEY = derive_key("test-secret")
HOSTILE_OFFSETS = (2**40, 2**63, 2**64, -1, 100_000, "5", 1.5, True, None, [1])


def payload(cursor: str) -> list:
    body = cursor.split(".")[0]
    return json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def fingerprint(**params: str) -> str:
    """The fingerprint of the search these URL parameters describe (as the web app builds it)."""
    values = {name: [value] for name, value in params.items()}
    return search_request(parse_search(values, Limits())).fingerprint()


def first_cursor(client, query: str = "q=harbour&size=2") -> str:
    data = client.get(f"/search.json?{query}").get_json()
    assert data["next_cursor"], data
    return data["next_cursor"]


def error_of(response) -> str:
    assert response.status_code == 400, response.data[:300]
    return response.get_json()["error"]["message"]


def test_a_signed_cursor_pages_and_stays_short(client) -> None:
    cursor = first_cursor(client)
    assert len(cursor) < 120 and payload(cursor)[1] == {"o": 2}
    second = client.get(f"/search.json?q=harbour&size=2&page=2&cursor={cursor}")
    assert second.status_code == 200
    first_ids = [hit["id"] for hit in client.get("/search.json?q=harbour&size=4").get_json()["hits"]]
    assert [hit["id"] for hit in second.get_json()["hits"]] == first_ids[2:4]


@pytest.mark.parametrize("where", ["body", "mac"])
def test_a_cursor_edited_anywhere_is_refused(client, where) -> None:
    cursor = first_cursor(client)
    body, mac = cursor.split(".")
    if where == "body":  # the offset 2 becomes 3, in a well-formed payload
        edited = base64.urlsafe_b64encode(json.dumps(payload(cursor)).replace('"o": 2', '"o": 3')
                                          .encode()).decode().rstrip("=") + "." + mac
    else:
        edited = body + "." + ("A" if mac[0] != "A" else "B") + mac[1:]
    message = error_of(client.get(f"/search.json?q=harbour&size=2&page=2&cursor={edited}"))
    assert "does not belong to this search or was altered" in message


def test_another_searchs_cursor_is_refused(client) -> None:
    cursor = first_cursor(client, "q=oil&size=2")
    message = error_of(client.get(f"/search.json?q=harbour&size=2&page=2&cursor={cursor}"))
    assert "does not belong to this search" in message


def test_a_cursor_signed_without_the_key_is_refused(client) -> None:
    forged = sign_cursor(b"a guess at the key", fingerprint(q="harbour", size="2"), {"o": 2})
    assert "does not belong" in error_of(client.get(f"/search.json?q=harbour&size=2&page=2&cursor={forged}"))


def test_a_stale_cursor_is_refused(client) -> None:
    old = sign_cursor(APP_KEY, fingerprint(q="harbour", size="2"), {"o": 2},
                      now=time.time() - MAX_CURSOR_AGE_SECONDS - 60)
    assert "expired" in error_of(client.get(f"/search.json?q=harbour&size=2&page=2&cursor={old}"))


@pytest.mark.parametrize("junk", ["not-a-cursor", "e30", "e30.AAAAAAAAAAAAAAAAAAAAAA", "%%%", "a" * 3000,
                                  base64.urlsafe_b64encode(b'{"r":"x","p":{"o":1099511627776}}').decode()])
def test_a_cursor_that_is_not_base64_json_of_ours_is_refused(client, junk) -> None:
    assert "cursor" in error_of(client.get("/search.json", query_string={"q": "harbour", "cursor": junk,
                                                                         "page": "2"}))


@pytest.mark.parametrize("offset", HOSTILE_OFFSETS)
@pytest.mark.parametrize("route", ["/search", "/search.json"])
def test_a_validly_signed_cursor_is_still_bounded(client, route, offset) -> None:
    """Re-signed with the app's own key: only the bound on the position stands between it and tantivy."""
    cursor = sign_cursor(APP_KEY, fingerprint(q="harbour", size="2"), {"o": offset})
    # collapse=0: the page folds stories by default, and folded results page by number, never by cursor.
    response = client.get(f"{route}?q=harbour&collapse=0&size=2&page=2&cursor={cursor}")
    assert response.status_code == 400
    assert "cursor points outside the results; start again" in response.get_data(as_text=True)


@pytest.mark.parametrize("position", [{"k": 2**64, "ids": []}, {"k": -1, "ids": []}, {"k": 5, "ids": "x"},
                                      {"k": 5, "ids": [1]}, {"k": 1.5, "ids": []}, {"o": 3}, {}])
def test_a_validly_signed_keyset_position_is_still_checked(client, position) -> None:
    cursor = sign_cursor(APP_KEY, fingerprint(q="harbour", size="2", sort="newest"), position)
    message = error_of(client.get(f"/search.json?q=harbour&size=2&sort=newest&page=2&cursor={cursor}"))
    assert "cursor" in message


@pytest.mark.parametrize("route", ["/search.csv", "/search.jsonl", "/search.atom", "/facet/outlet.json"])
def test_twins_refuse_a_forged_cursor_before_streaming(client, route) -> None:
    """Exports and feeds start afresh, but a cursor in their URL is still checked, before any byte."""
    forged = sign_cursor(b"a guess at the key", fingerprint(q="harbour", size="2"), {"o": 2**63})
    response = client.get(f"{route}?q=harbour&size=2&page=2&cursor={forged}")
    assert response.status_code == 400 and response.is_json
    assert "cursor" in response.get_json()["error"]["message"]


def test_open_cursor_round_trip_and_refusals() -> None:
    token = sign_cursor(b"k", "scope", {"o": 20})
    assert open_cursor(b"k", "scope", token) == {"o": 20}
    for key, scope in ((b"other", "scope"), (b"k", "other scope")):
        with pytest.raises(RequestError, match="does not belong"):
            open_cursor(key, scope, token)
    with pytest.raises(RequestError, match="expired"):
        open_cursor(b"k", "scope", token, now=time.time() + MAX_CURSOR_AGE_SECONDS + 5)


# -- the CLI -----------------------------------------------------------------------------------
def cli(data_dir: Path, *args: str):
    return CliRunner().invoke(main, ["--data-dir", str(data_dir), "search", *args])


def test_cli_cursor_works_across_runs_and_is_signed_with_the_data_dir_key(web_data_dir) -> None:
    first = cli(web_data_dir, "harbour", "--size", "2")
    cursor = first.output.rsplit("--cursor ", 1)[1].strip()
    second = cli(web_data_dir, "harbour", "--size", "2", "--cursor", cursor, "--json")
    assert second.exit_code == 0, second.output
    assert (web_data_dir / CURSOR_KEY_FILE).stat().st_mode & 0o777 == 0o600
    key = read_or_create_key(web_data_dir / CURSOR_KEY_FILE)
    assert open_cursor(key, fingerprint(q="harbour", size="2"), cursor) == {"o": 2}


@pytest.mark.parametrize("offset", [2**40, 2**63, -1])
def test_cli_refuses_a_re_signed_huge_offset_in_one_line(web_data_dir, offset) -> None:
    key = read_or_create_key(web_data_dir / CURSOR_KEY_FILE)
    cursor = sign_cursor(key, fingerprint(q="harbour", size="2"), {"o": offset})
    result = cli(web_data_dir, "harbour", "--size", "2", "--cursor", cursor)
    assert result.exit_code == 2
    assert result.output == "Error: the cursor points outside the results; start again from the first page\n"


def test_cli_refuses_a_web_cursor(client, web_data_dir) -> None:
    result = cli(web_data_dir, "harbour", "--size", "2", "--cursor", first_cursor(client))
    assert result.exit_code == 2 and "does not belong to this search" in result.output
    assert len(result.output.strip().splitlines()) == 1


# -- Elasticsearch (skips without NEWSFACET_ES_URL) -----------------------------------------------
@pytest.mark.parametrize("change", [{"n": 2**63}, {"n": -1}, {"n": "5"}, {"after": []}, {"after": [1, 2, 3, 4]},
                                    {"after": [{"x": 1}, "id"]}, {"pit": ""}, {"pit": 5}, {"pit": "x" * 3000}])
def test_a_validly_signed_elasticsearch_position_is_still_checked(request, change) -> None:
    from newsfacet.engine.search import decode_cursor

    from tests.articles import sample_articles
    from tests.es_support import elasticsearch_backend

    es = elasticsearch_backend(request, "cursor")
    try:
        es.write(sample_articles(12))
        asked = SearchRequest(page_size=5, sort="newest", facets=())
        first = es.search(asked)
        position = decode_cursor(replace(asked, cursor=first.next_cursor))
        assert es.search(replace(asked, cursor=first.next_cursor)).hits  # the real cursor pages
        edited = sign_cursor(asked.cursor_key, asked.fingerprint(), {**position, **change})
        with pytest.raises(RequestError, match="cursor"):
            es.search(replace(asked, cursor=edited))
    finally:
        es.close()


def test_racing_processes_create_one_cli_key(tmp_path) -> None:
    """Real processes started together: O_EXCL lets one write the key and every one reads the same."""
    import subprocess
    import sys

    path = tmp_path / "fresh" / CURSOR_KEY_FILE
    code = "import sys; from pathlib import Path; from newsfacet.engine.cursor import read_or_create_key; " \
           "print(read_or_create_key(Path(sys.argv[1])).hex())"
    runs = [subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE, text=True)
            for _ in range(4)]
    keys = {run.communicate(timeout=60)[0].strip() for run in runs}
    assert len(keys) == 1 and len(keys.pop()) == 64
    assert path.stat().st_mode & 0o777 == 0o600
