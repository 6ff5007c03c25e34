"""Finding inputs: folders, kinds, containers (JSONL, WARC, Reuters SGML), gzip, symlink loops."""
from __future__ import annotations

import gzip
import io
import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from newsfacet.indexer.process import WorkOptions, process_source
from newsfacet.indexer.sources import iter_sources, read_path_list
from newsfacet.indexer.sources.reuters import display_name, parse_story
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.corpora import corpus

LIMIT = 20_000_000
PAGE = b"<html><head><title>Harbour reopens</title></head><body><article><p>%s</p></article></body></html>"


def _names(sources) -> list[str]:
    return [s.source for s in sources]


def test_folder_walk_is_sorted_recursive_and_ignores_unknown_and_doc_files(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "b" / "c.html").write_text("x")
    (tmp_path / "b" / "d.htm.gz").write_bytes(gzip.compress(b"x"))
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / "README.TXT").write_text("about this corpus")
    (tmp_path / ".hidden.txt").write_text("x")
    sources = list(iter_sources([str(tmp_path)], LIMIT))
    assert _names(sources) == [str(tmp_path / "a.txt"), str(tmp_path / "b" / "c.html"),
                               str(tmp_path / "b" / "d.htm.gz")]
    assert [s.kind for s in sources] == ["text", "html", "html"]
    assert all(s.stamp and s.stamp.size > 0 for s in sources)


def test_named_file_of_unknown_type_is_skipped_not_dropped(tmp_path: Path) -> None:
    path = tmp_path / "notes.docx"
    path.write_bytes(b"PK")
    [source] = iter_sources([str(path)], LIMIT)
    assert source.error is not None and source.error.bucket == "skipped"


def test_symlink_loops_end(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "story.txt").write_text("x")
    os.symlink("..", tmp_path / "sub" / "up")  # folder loop: followed once, never again
    os.symlink("self.html", tmp_path / "self.html")  # file loop: a failed input
    sources = list(iter_sources([str(tmp_path)], LIMIT))
    assert _names(sources) == [str(tmp_path / "self.html"), str(tmp_path / "sub" / "story.txt")]
    assert sources[0].error.reason == "symlink loop"


def test_fifo_is_never_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    [source] = iter_sources([str(tmp_path)], LIMIT)
    assert source.error is not None and "not a regular file" in source.error.reason


def test_jsonl_lines_are_records_and_gzip_works(tmp_path: Path) -> None:
    lines = [json.dumps({"title": f"T{i}", "text": f"Body number {i}"}) for i in range(3)]
    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(gzip.compress(("\n".join(lines[:2]) + "\n\n" + lines[2] + "\n").encode()))
    sources = list(iter_sources([str(path)], LIMIT))
    assert _names(sources) == [f"{path}#1", f"{path}#2", f"{path}#4"]
    assert json.loads(sources[2].data)["title"] == "T2"


def test_truncated_gzip_jsonl_keeps_the_lines_before_the_cut(tmp_path: Path) -> None:
    body = "".join(json.dumps({"title": f"T{i}", "text": "x" * 200 + str(i)}) + "\n" for i in range(200))
    data = gzip.compress(body.encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    sources = list(iter_sources([str(path)], LIMIT))
    assert sources[-1].error is not None and "gzip" in sources[-1].error.reason
    assert all(s.error is None for s in sources[:-1]) and len(sources) > 1


def _warc(path: Path, gzipped: bool) -> None:
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gzipped)
        pages = [("https://news.example/a", "text/html; charset=utf-8", PAGE % b"First story"),
                 ("https://news.example/logo.png", "image/png", b"\x89PNG\r\n"),
                 ("https://news.example/b", "text/html", PAGE % b"Second story")]
        for url, content_type, payload in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=headers)
            writer.write_record(record)
        writer.write_record(writer.create_warc_record("https://news.example/a", "request",
                                                      payload=io.BytesIO(b"GET /a HTTP/1.1\r\n\r\n")))


@pytest.mark.parametrize("gzipped", [False, True])
def test_warc_response_records(tmp_path: Path, gzipped: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gzipped else "crawl.warc")
    _warc(path, gzipped)
    sources = list(iter_sources([str(path)], LIMIT))
    assert len(sources) == 3  # the request record is not an input
    assert [s.url for s in sources if s.error is None] == ["https://news.example/a", "https://news.example/b"]
    assert sources[1].error.bucket == "skipped" and "image/png" in sources[1].error.reason
    assert sources[0].data.endswith(b"</html>") and sources[0].source.startswith(f"{path}#urn:uuid:")


SGML = b"""<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" NEWID="7">
<DATE> 3-MAR-1987  09:15:05.40</DATE>
<TOPICS><D>crude</D></TOPICS><PLACES><D>usa</D><D>saudi-arabia</D></PLACES>
<PEOPLE><D>james-baker</D></PEOPLE><ORGS><D>opec</D></ORGS><EXCHANGES><D>nymex</D></EXCHANGES>
<TEXT>&#2;
<TITLE>OIL &lt;XON> PRICES RISE</TITLE>
<DATELINE>    NEW YORK, March 3 - </DATELINE><BODY>Oil prices rose
today in caf\xe9s.
    A second paragraph.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS NEWID="8"><DATE>bad date</DATE><TEXT TYPE="BRIEF">&#2;
******<TITLE>SHORT HEADLINE ONLY</TITLE>
&#3;</TEXT></REUTERS>
<REUTERS NEWID="9"><DATE>3-MAR-1987 10:00:00.00</DATE><TEXT TYPE="UNPROC">&#2;
FED WEEKLY REPORT
 Net reserves.....644 vs 1,337
&#3;</TEXT></REUTERS>
"""


def test_reuters_stories_fields_and_entities(tmp_path: Path) -> None:
    path = tmp_path / "reut2-000.sgm"
    path.write_bytes(SGML)
    sources = list(iter_sources([str(path)], LIMIT))
    assert _names(sources) == [f"{path}#7", f"{path}#8", f"{path}#9"]
    story, brief, unproc = (parse_story(s.data, s.source, s.url) for s in sources)
    assert story.title == "OIL <XON> PRICES RISE"
    assert story.body == "Oil prices rose today in caf\u00e9s.\n\nA second paragraph."
    assert story.published == datetime(1987, 3, 3, 9, 15, 5, tzinfo=UTC)
    assert story.entities == {"location": ["USA", "Saudi Arabia"], "person": ["James Baker"],
                              "organization": ["OPEC", "NYMEX"]}
    assert story.outlet == "Reuters" and story.url == "reuters21578:7"
    assert brief.title == "SHORT HEADLINE ONLY" and brief.body == "" and brief.published is None
    assert unproc.title == "FED WEEKLY REPORT" and "Net reserves" in unproc.body
    assert len({story.id, brief.id, unproc.id}) == 3


def test_reuters_display_names() -> None:
    assert display_name("el-salvador", "location") == "El Salvador"
    assert display_name("uk", "location") == "UK"
    assert display_name("ico-coffee", "organization") == "ICO Coffee"
    assert display_name("worldbank", "organization") == "World Bank"
    assert display_name("de-larosiere", "person") == "De Larosiere"


def test_reuters_corpus_story_count() -> None:
    folder = corpus("reuters21578") / "reuters21578"
    files = sorted(str(p) for p in folder.glob("*.sgm"))
    expected = sum(len(re.findall(rb"<REUTERS\b", Path(f).read_bytes())) for f in files)
    sources = list(iter_sources(files, LIMIT))
    assert len(sources) == expected == 21578
    assert len({s.source for s in sources}) == expected


def test_stdin_path_list() -> None:
    assert list(read_path_list(io.StringIO("a.txt\n\n  b dir/x.html  \n"))) == ["a.txt", "b dir/x.html"]


def test_process_source_turns_unexpected_errors_into_failed(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text('{"title": "T", "text": "Body text here", "published": 12}\n["not", "an", "object"]\n')
    good, bad = (process_source(s, WorkOptions(entities=False), {}) for s in iter_sources([str(path)], LIMIT))
    assert good.article is not None and good.article.title == "T" and good.bucket is None
    assert bad.bucket == "failed" and "not an object" in bad.reason


@pytest.mark.parametrize("record,instant,offset,day", [
    ({"title": "Busan typhoon", "text": "The harbour closed before the typhoon.",
      "published": "2025-01-22T06:30:00+09:00"}, "2025-01-21T21:30:00+00:00", 540, "2025-01-22"),
    # A page's own date gives way to the record's, zone and all.
    ({"html": "<html><head><meta property='article:published_time' content='2024-05-01T10:00:00+02:00'></head>"
              "<body><article><h1>Busan typhoon</h1><p>" + "The harbour closed before the typhoon. " * 20 +
              "</p></article></body></html>", "published": "2025-01-21T22:15:00-05:00"},
     "2025-01-22T03:15:00+00:00", -300, "2025-01-21"),
    ({"title": "Busan typhoon", "text": "The harbour closed before the typhoon.", "published": "2025-01-22"},
     "2025-01-22T00:00:00+00:00", None, "2025-01-22"),
])
def test_jsonl_records_keep_their_zone(record: dict, instant: str, offset: int | None, day: str) -> None:
    from newsfacet.indexer.sources.jsonl import parse_record

    article = parse_record(record, "feed.jsonl:1")
    assert article.published.isoformat() == instant
    assert (article.published_offset, article.local_day.isoformat()) == (offset, day)
