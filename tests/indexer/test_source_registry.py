"""The registry of source formats: what a file name maps to, and a format added from outside the package.

A `.csv` format (title,body rows) is defined and registered here, the way a new module plus one
line in `registry.BUILT_IN` would add it, then a file of it goes through the real `newsfacet index`
into a tantivy index and its articles are found by search. It is unregistered afterwards.
"""
from __future__ import annotations

import csv
import gzip
import io
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from newsfacet.engine.model import Article
from newsfacet.indexer.process import WorkOptions, process_source
from newsfacet.indexer.sources import (
    FileStamp,
    Source,
    SourceFormat,
    format_named,
    format_of_file,
    formats,
    iter_sources,
    register,
    rejected,
    unregister,
)
from newsfacet.indexer.sources.files import container_error, open_input
from newsfacet.indexer.sources.registry import NO_RECORDS

from tests.indexing import REPO, index, report_lines, search
from tests.test_import_graph import imported_names

LIMIT = 20_000_000
NO_CSV_ROW = "no records: no title,body row in the file"


# -- a format written the way a new module would be ------------------------------------------------

def csv_records(path: str, stamp: FileStamp, max_bytes: int, name: str) -> Iterator[Source]:  # noqa: ARG001
    """One input per title,body row, named `name#ROW`."""
    number = 0
    try:
        with open_input(path) as handle:
            for number, row in enumerate(csv.reader(io.TextIOWrapper(handle, encoding="utf-8")), start=1):
                if any(cell.strip() for cell in row):
                    yield Source(source=f"{name}#{number}", kind="csv", stamp=stamp,
                                 data="\x1f".join(row).encode())
    except (OSError, EOFError, zlib.error) as error:
        yield rejected(f"{name}#{number + 1}", container_error(error), stamp)


def csv_article(source: Source, data: bytes, timed) -> Article:
    def parse() -> Article:
        title, _, body = data.decode().partition("\x1f")
        return Article(title=title.strip(), body=body.replace("\x1f", " ").strip(), source=source.source)

    return timed("clean", parse)


CSV = SourceFormat(name="csv", extensions=(".csv",), records=csv_records, to_article=csv_article,
                   no_records=NO_CSV_ROW)


@pytest.fixture
def csv_format() -> Iterator[SourceFormat]:
    register(CSV)
    try:
        yield CSV
    finally:
        unregister("csv")


def _write_csv(path: Path, rows: list[tuple[str, str]], compress: bool = False) -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    data = buffer.getvalue().encode()
    path.write_bytes(gzip.compress(data) if compress else data)


ROWS = [("Lighthouse keeper retires", "After forty years the keeper of the north lighthouse hands over the lamp."),
        ("Ferry timetable changes", "The winter ferry, now twice daily, leaves the quay at seven and at five.")]


def test_a_registered_format_is_indexed_and_found_through_the_cli(tmp_path: Path, csv_format: SourceFormat) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _write_csv(corpus / "harbour.csv", ROWS)
    _write_csv(corpus / "more.csv.gz", [("Quay repaved", "The old quay stones were lifted and laid again.")],
               compress=True)
    (corpus / "empty.csv").write_bytes(b"")
    data = tmp_path / "data"
    summary = index(data, "--workers", "1", "--no-entities", str(corpus))
    assert (summary["indexed"], summary["skipped"], summary["failed"]) == (3, 1, 0)
    skipped = [line for line in report_lines(summary) if line["bucket"] == "skipped"]
    assert [(Path(line["source"]).name, line["reason"]) for line in skipped] == [("empty.csv", NO_CSV_ROW)]
    found = search(data, "lighthouse")
    assert found["total"] == 1 and found["hits"][0]["title"] == "Lighthouse keeper retires"
    assert sorted(hit["title"] for hit in search(data, "")["hits"]) == [
        "Ferry timetable changes", "Lighthouse keeper retires", "Quay repaved"]
    assert search(data, "quay")["total"] == 2  # the ferry row and the gzip twin's row


def test_an_unregistered_format_is_an_unsupported_file_again(tmp_path: Path) -> None:
    register(CSV)
    unregister("csv")
    _write_csv(tmp_path / "harbour.csv", ROWS)
    summary = index(tmp_path / "data", "--workers", "1", "--no-entities", str(tmp_path / "harbour.csv"),
                    expect_code=None)
    assert summary["indexed"] == 0
    (line,) = report_lines(summary)
    assert (line["bucket"], line["reason"]) == ("skipped", "unsupported file type .csv")
    assert format_named("csv") is None and "csv" not in NO_RECORDS


# -- the registry itself --------------------------------------------------------------------------

@pytest.mark.parametrize(("file_name", "expected"), [
    ("a.html", "html"), ("A.HTM", "html"), ("page.xhtml.gz", "html"), ("story.txt", "text"),
    ("feed.jsonl", "jsonl"), ("feed.ndjson.gz", "jsonl"), ("crawl.warc.gz", "warc"), ("reut2-000.sgm", "reuters"),
    ("image.png", None), ("archive.gz", None), ("notes", None)])
def test_file_names_map_to_formats_with_their_gzip_twins(file_name: str, expected: str | None) -> None:
    found = format_of_file(file_name)
    assert (found.name if found else None) == expected


def test_every_kind_a_built_in_format_makes_has_a_to_article(tmp_path: Path) -> None:
    """Containers may yield another kind (WARC yields html): each such kind must be turned into articles."""
    assert [f.name for f in formats()] == ["html", "text", "jsonl", "warc", "reuters"]
    containers = {f.name for f in formats() if f.is_container}
    assert containers == {"jsonl", "warc", "reuters"} == set(NO_RECORDS)
    assert all(format_named(name).to_article for name in ("html", "text", "jsonl", "reuters"))
    assert format_named("warc").to_article is None


def test_clashing_or_malformed_formats_are_refused() -> None:
    with pytest.raises(ValueError, match="clashes"):
        register(SourceFormat(name="markdown-ish", extensions=(".txt",)))
    with pytest.raises(ValueError, match="clashes"):
        register(SourceFormat(name="html", extensions=(".page",)))
    with pytest.raises(ValueError, match="leave out .gz"):
        register(SourceFormat(name="gzcsv", extensions=(".csv.gz",)))
    assert format_of_file("x.page") is None and format_named("gzcsv") is None


def test_iter_sources_hands_a_file_to_its_registered_format(tmp_path: Path, csv_format: SourceFormat) -> None:
    _write_csv(tmp_path / "rows.csv", ROWS)
    sources = list(iter_sources([str(tmp_path)], LIMIT))
    assert [(s.source, s.kind) for s in sources] == [(f"{tmp_path / 'rows.csv'}#1", "csv"),
                                                      (f"{tmp_path / 'rows.csv'}#2", "csv")]


def test_an_input_of_a_kind_no_format_turns_into_articles_fails_with_the_reason() -> None:
    outcome = process_source(Source(source="x#1", kind="warc", data=b"bytes"), WorkOptions(entities=False), {})
    assert (outcome.bucket, outcome.reason) == ("failed", "no registered format turns a 'warc' input into an article")


# -- the package's one-way arrows -----------------------------------------------------------------

PACKAGE = "newsfacet.indexer.sources"
# module -> the modules of the package it may import: formats -> model, files; registry -> formats; walk -> registry
ALLOWED = {"model": set(), "files": set(), "documents": {"model"}, "jsonl": {"model", "files"},
           "reuters": {"model", "files"}, "warc": {"model", "files"},
           "registry": {"model", "documents", "jsonl", "reuters", "warc"}, "walk": {"model", "registry"},
           "__init__": {"model", "registry", "walk"}}


def _package_imports(path: Path) -> set[str]:
    """The package's modules a module imports (`from newsfacet.indexer.sources import jsonl` counts as jsonl)."""
    names = set()
    for name in imported_names(path):
        if name.startswith(PACKAGE + "."):
            names.add(name[len(PACKAGE) + 1:].split(".")[0])
    return names & set(ALLOWED)


def test_imports_inside_the_sources_package_point_one_way() -> None:
    folder = REPO / "indexer" / "sources"
    assert {path.stem for path in folder.glob("*.py")} == set(ALLOWED)
    crossings = {path.stem: sorted(_package_imports(path) - ALLOWED[path.stem]) for path in folder.glob("*.py")}
    assert {stem: extra for stem, extra in crossings.items() if extra} == {}
    # And nothing outside the package reaches back into the walk from a format (the old circle).
    assert "registry" in _package_imports(folder / "walk.py")
