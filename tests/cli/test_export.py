"""`newsfacet export` through the real CLI: export -> index the JSONL -> the same articles and facet
counts, on the embedded index and on the Elasticsearch node; `| head` ends quietly; bad input is refused.

The articles are the repository's samples plus real wcxb pages read in place, indexed once with
entity extraction on; the copies are indexed with --no-entities, so their entities can only come
from the export itself.
"""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.corpora import corpus
from tests.es_support import elasticsearch_backend, es_url
from tests.indexing import REPO, cli_command, index, run_cli, subprocess_env

WCXB_PAGES = 12
# Fields that name the run, not the article: the input it came from and when it was written.
RUN_FIELDS = ("source", "indexed_at")


def _export(data: Path, *options: str) -> list[dict]:
    code, out, err = run_cli(data, *options, "export")
    assert code == 0, err
    return [json.loads(line) for line in out.splitlines()]


def _index(data: Path, *options: str, path: Path) -> dict:
    """`newsfacet [OPTIONS] index --no-entities PATH`: entities only as the JSONL names them."""
    code, out, err = run_cli(data, *options, "index", "--json", "--no-progress", "--workers", "1",
                             "--no-entities", str(path))
    assert code == 0, err
    return json.loads(out)


def _facets(data: Path, *options: str) -> dict:
    code, out, err = run_cli(data, *options, "stats", "--json", "--top", "50")
    assert code == 0, err
    info = json.loads(out)
    return {"documents": info["documents"], "facets": info["facets"]}


def _by_id(records: list[dict]) -> dict[str, dict]:
    return {record["id"]: {k: v for k, v in record.items() if k not in RUN_FIELDS} for record in records}


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict], Path]:
    """(data dir, its export, the export written to a .jsonl file) of samples + real wcxb pages."""
    pages = sorted((corpus("wcxb-dev-articles") / "html").glob("*.html.gz"))[:WCXB_PAGES]
    data = tmp_path_factory.mktemp("export") / "data"
    summary = index(data, "--workers", "1", str(REPO / "samples"), *map(str, pages))
    assert summary["indexed"] > 30
    records = _export(data)
    path = data.parent / "export.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return data, records, path


def test_export_writes_every_article_with_all_its_fields(original: tuple[Path, list[dict], Path]) -> None:
    data, records, _ = original
    assert len(records) == _facets(data)["documents"]
    assert len({r["id"] for r in records}) == len(records)
    for record in records:
        assert {"id", "title", "body", "url", "published", "outlet", "authors", "topics", "language",
                "entities", "source", "duplicates"} <= set(record)
    assert any(record["entities"]["person"] for record in records)
    assert any(record["source"].endswith(".html.gz") for record in records)


@pytest.fixture(params=["tantivy", "elasticsearch"])
def engine(request: pytest.FixtureRequest) -> tuple[list[str], list[str]]:
    """Global CLI options for two empty indexes (the copy, and a copy of the copy) on one engine."""
    if request.param == "tantivy":
        return [], []
    first, second = (elasticsearch_backend(request, name) for name in ("export-a", "export-b"))
    return ([["--backend", "elasticsearch", "--es-url", es_url(), "--index", backend.index]
             for backend in (first, second)])


def test_export_indexes_back_to_the_same_articles_and_facets(original: tuple[Path, list[dict], Path],
                                                             engine: tuple[list[str], list[str]],
                                                             tmp_path: Path) -> None:
    data, records, path = original
    first, second = engine
    copy = tmp_path / "copy"
    summary = _index(copy, *first, path=path)
    assert summary["indexed"] == len(records) and summary["failed"] == 0
    copied = _export(copy, *first)
    assert _by_id(copied) == _by_id(records)
    assert _facets(copy, *first) == _facets(data)
    # Once more from the copy's own export: what an engine writes, it reads back.
    again = tmp_path / "again"
    (tmp_path / "copy.jsonl").write_text("".join(json.dumps(r) + "\n" for r in copied), encoding="utf-8")
    _index(again, *second, path=tmp_path / "copy.jsonl")
    assert _by_id(_export(again, *second)) == _by_id(records)


def test_filtered_export_is_what_the_search_finds(original: tuple[Path, list[dict], Path]) -> None:
    data, records, _ = original
    russian = [r for r in records if r["language"] == "ru"]
    code, out, err = run_cli(data, "export", "--facet", "language=ru")
    assert code == 0, err
    assert sorted(json.loads(line)["id"] for line in out.splitlines()) == sorted(r["id"] for r in russian)
    assert russian
    code, out, err = run_cli(data, "search", "harbour", "--json", "--size", "100")
    found = {hit["id"] for hit in json.loads(out)["hits"]}
    code, out, err = run_cli(data, "export", "--query", "harbour")
    assert code == 0 and {json.loads(line)["id"] for line in out.splitlines()} == found and found


def test_export_into_head_ends_quietly(original: tuple[Path, list[dict], Path]) -> None:
    data, records, _ = original
    # More than a pipe holds (64 KiB), so the writer really meets the closed pipe.
    assert sum(len(json.dumps(r)) for r in records) > 4 * 65536
    process = subprocess.Popen(cli_command(data, "export"), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=subprocess_env(), cwd=REPO)
    first_line = process.stdout.readline()
    process.stdout.close()
    _, err = process.communicate(timeout=120)
    assert json.loads(first_line)["id"] in {r["id"] for r in records}
    assert process.returncode == 0, err
    assert err == b""


@pytest.mark.parametrize("args,message", [
    (["--query", "(harbour"], "query syntax"),
    (["--facet", "nonsense=1"], "--facet"),
    (["--from", "2024-13-45"], "from"),
    (["--format", "xml"], "xml"),
])
def test_bad_options_are_refused_without_a_traceback(original: tuple[Path, list[dict], Path],
                                                     args: list[str], message: str) -> None:
    data, _, _ = original
    code, out, err = run_cli(data, "export", *args)
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err


def test_forged_language_and_entities_in_a_record_are_ignored() -> None:
    from newsfacet.indexer.sources.jsonl import parse_record

    article = parse_record({"title": "Ferry", "body": "The ferry sailed.", "language": "en; DROP",
                            "entities": {"person": ["Jane Doe", 7, "x" * 500], "weapon": ["Axe"]},
                            "duplicates": "a.txt"}, "forged.jsonl#1")
    assert article.language == "und"
    assert article.entities["person"] == ["Jane Doe"] and "weapon" not in article.entities
    assert article.duplicates == ["a.txt"]
    assert parse_record({"title": "T", "body": "B", "entities": ["Jane"]}, "f#2").entities["person"] == []
