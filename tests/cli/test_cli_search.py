"""`newsfacet search` and `stats` through the real click command, on a real index."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from newsfacet.cli import main
from newsfacet.engine.backends.tantivy_backend import TantivyBackend

from tests.articles import sample_articles

ARTICLES = sample_articles(60)


@pytest.fixture
def data_dir(tmp_path):
    backend = TantivyBackend(tmp_path)
    backend.write(ARTICLES)
    backend.close()
    return str(tmp_path)


def run(data_dir, *args):
    return CliRunner().invoke(main, ["--data-dir", data_dir, *args], catch_exceptions=False)


def test_search_json_with_facets_and_exclusion(data_dir):
    result = run(data_dir, "search", "harbour", "--facet", "outlet=Harbour Gazette", "--facet",
                 "outlet=Capital Ledger", "--exclude", "language=de", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    expected = [a for a in ARTICLES if "harbour" in f"{a.title} {a.body}".lower()
                and a.outlet in ("Harbour Gazette", "Capital Ledger") and a.language != "de"]
    assert data["total"] == len(expected) > 0
    outlets = {b["value"]: b for b in data["facets"]["outlet"]["buckets"]}
    assert outlets["Harbour Gazette"]["selected"] and not outlets["Nordlicht Zeitung"]["selected"]


def test_search_dates_and_sort(data_dir):
    result = run(data_dir, "search", "--from", "2023-03-01", "--to", "2023-12-31", "--sort", "oldest",
                 "--size", "100", "--json")
    data = json.loads(result.output)
    days = [hit["published"][:10] for hit in data["hits"]]
    assert days == sorted(days) and all("2023-03-01" <= d <= "2023-12-31" for d in days)
    assert data["total"] == sum(1 for a in ARTICLES if a.published and
                                "2023-03-01" <= a.published.date().isoformat() <= "2023-12-31")


def test_syntax_error_points_at_the_problem(data_dir):
    result = CliRunner().invoke(main, ["--data-dir", data_dir, "search", 'port "strike'])
    assert result.exit_code != 0
    assert "unbalanced quote" in result.output and "^" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("args,message", [
    (["--facet", "colour=red"], "expected NAME=VALUE"),
    (["--size", "1000"], "Results per page ('size') must be between 1 and 100"),
])
def test_bad_options_are_clear(data_dir, args, message):
    result = CliRunner().invoke(main, ["--data-dir", data_dir, "search", "port", *args])
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output


def test_plain_output_and_stats(data_dir):
    plain = run(data_dir, "search", "lighthouse")
    assert plain.exit_code == 0 and plain.output.startswith("1 articles")
    stats = json.loads(run(data_dir, "stats", "--json").output)
    assert stats["documents"] == len(ARTICLES)
    assert dict(map(tuple, stats["facets"]["language"])) == {
        lang: sum(a.language == lang for a in ARTICLES) for lang in ("en", "de")}


def test_stored_control_characters_never_reach_the_terminal(tmp_path):
    """An index written before ingest stripped control characters may hold them; output escapes them."""
    from newsfacet.engine.model import Article

    backend = TantivyBackend(tmp_path)
    backend.write([Article(title="Red \x1b[31malert\x1b[0m over the bell\x07", body="alert body text",
                           outlet="Out\x1b]0;owned\x07let", language="en",
                           entities={"person": ["Eve\x1b[2J"], "organization": [], "location": []})])
    backend.close()
    for args in (("search", "alert"), ("search", "alert", "--json"), ("stats",), ("stats", "--json")):
        result = run(str(tmp_path), *args)
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.output and "\x07" not in result.output, args
    assert "alert" in run(str(tmp_path), "search", "alert").output
    title = json.loads(run(str(tmp_path), "search", "alert", "--json").output)["hits"][0]["title"]
    assert title == "Red \x1b[31malert\x1b[0m over the bell\x07"  # JSON keeps the exact text, escaped


def test_topic_facet_filter_and_output(data_dir):
    result = run(data_dir, "search", "--facet", "topic=Markets", "--size", "100", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    expected = {a.id for a in ARTICLES if "Markets" in a.topics}
    assert {hit["id"] for hit in data["hits"]} == expected and expected
    assert all("Markets" in hit["topics"] for hit in data["hits"])
    assert {b["value"]: b["selected"] for b in data["facets"]["topic"]["buckets"]}["Markets"]
    plain = run(data_dir, "search", "topic:markets", "--size", "1")
    assert plain.exit_code == 0 and plain.output.startswith(f"{len(expected)} articles")
    assert "topic: Markets" in plain.output and "  topic: Markets (" in plain.output
