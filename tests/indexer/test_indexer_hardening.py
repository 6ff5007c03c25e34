"""Hostile names and broken containers: each input and record ends in one bucket with a reason,
the exit code says whether anything failed, and `--resume` afterwards indexes nothing twice.

Every input is written here, in tmp_path, beside one good page; the real CLI runs on a real index.
"""
from __future__ import annotations

import gzip
import io
import json
import os
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from newsfacet.indexer.names import escape_name
from newsfacet.indexer.sources.files import REST_NOT_READ
from newsfacet.indexer.sources.registry import NO_RECORDS
from newsfacet.indexer.sources.warc import TRUNCATED

from tests.indexer.test_pipeline import SENTENCES, page
from tests.indexing import index, report_lines, run_cli, run_subprocess, stats

# What must never reach a terminal: C0 controls but new line (ESC among them), DEL and C1 (CSI among them).
TERMINAL_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def _warc_members(pages: int) -> list[bytes]:
    """A record-gzipped WARC of `pages` HTML responses, as its gzip members (one per record)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    members, start = [], 0
    for number in range(pages):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        payload = io.BytesIO(page("Archive", number).encode())
        writer.write_record(writer.create_warc_record(f"https://example.org/a/{number}", "response",
                                                      payload=payload, http_headers=headers))
        members.append(out.getvalue()[start:])
        start = out.tell()
    return members


def _jsonl(*titles: str) -> bytes:
    return "".join(json.dumps({"title": t, "text": f"{t}: {' '.join(SENTENCES)}"}) + "\n" for t in titles).encode()


def _journal(data: Path) -> set[str]:
    with sqlite3.connect(data / "journal" / "tantivy-articles.sqlite3") as db:
        return {row[0] for row in db.execute("SELECT source FROM finished")}


# Each case writes its input into the folder and returns (name of the input or record, bucket, reason,
# articles it should add); reason None means no report line (indexed).
Case = Callable[[Path], tuple[str, str, str | None, int]]


def _empty_jsonl(root: Path):
    (root / "empty.jsonl").write_bytes(b"")
    return "empty.jsonl", "skipped", NO_RECORDS["jsonl"], 0


def _blank_jsonl_gz(root: Path):
    (root / "blank.jsonl.gz").write_bytes(gzip.compress(b"\n  \n"))
    return "blank.jsonl.gz", "skipped", NO_RECORDS["jsonl"], 0


def _empty_warc(root: Path):
    (root / "empty.warc").write_bytes(b"")
    return "empty.warc", "skipped", NO_RECORDS["warc"], 0


def _sgm_without_story(root: Path):
    (root / "reut2-999.sgm").write_bytes(b'<!DOCTYPE lewis SYSTEM "lewis.dtd">\n<NOTREUTERS>x</NOTREUTERS>\n')
    return "reut2-999.sgm", "skipped", NO_RECORDS["reuters"], 0


def _record_id(member: bytes) -> str:
    header = re.search(rb"WARC-Record-ID: <([^>]+)>", gzip.decompress(member))
    return header.group(1).decode()


def _warc_cut_mid_record(root: Path):
    first, second, third = _warc_members(3)
    (root / "cut.warc.gz").write_bytes(first + second + third[:len(third) // 2])  # the third cut in its page
    return f"cut.warc.gz#{_record_id(third)}", "failed", TRUNCATED, 2


def _corrupt_gzip_member(root: Path):
    corrupt = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff" + b"not deflate data at all" * 4
    data = gzip.compress(_jsonl("First feed story", "Second feed story")) + corrupt + gzip.compress(_jsonl("Lost"))
    (root / "feed.jsonl.gz").write_bytes(data)
    return "feed.jsonl.gz#3", "failed", REST_NOT_READ, 2


CASES: dict[str, Case] = {
    "empty-jsonl": _empty_jsonl, "blank-jsonl-gz": _blank_jsonl_gz, "empty-warc": _empty_warc,
    "sgm-without-story": _sgm_without_story, "warc-cut-mid-record": _warc_cut_mid_record,
    "corrupt-gzip-member": _corrupt_gzip_member,
}


@pytest.mark.parametrize("case", CASES)
def test_container_ends_in_one_bucket_and_resume_indexes_nothing_twice(tmp_path: Path, case: str) -> None:
    root, data = tmp_path / "in", tmp_path / "data"
    root.mkdir()
    (root / "good.html").write_text(page("Good", 1))
    name, bucket, reason, articles = CASES[case](root)
    failed = bucket == "failed"
    first = index(data, "--no-entities", "--workers", "1", str(root), expect_code=1 if failed else 0)
    reported = {line["source"]: line for line in report_lines(first)}
    line = reported[str(root / name)]
    assert (line["bucket"], reason in line["reason"]) == (bucket, True), line
    assert first["indexed"] == 1 + articles and first[bucket] == 1
    assert first["read"] == sum(first[b] for b in ("indexed", "duplicate", "skipped", "failed"))
    assert "Traceback" not in first["stderr"]

    allow = ["--allow-failures"] if failed else []  # failed inputs are retried by a resume, and fail again
    again = index(data, "--resume", "--no-entities", "--workers", "1", *allow, str(root))
    assert again["indexed"] == 0 and again["failed"] == first["failed"]
    assert again["resumed"] == first["read"] - first["failed"]
    assert stats(data)["documents"] == 1 + articles


def test_warc_cut_in_headers_files_the_cut_record(tmp_path: Path) -> None:
    first, second, third = _warc_members(3)
    inner = gzip.decompress(third)
    cut = first + second + gzip.compress(inner[:inner.index(b"Content-Length")])  # headers end early
    (tmp_path / "cut.warc.gz").write_bytes(cut)
    summary = index(tmp_path / "data", "--no-entities", "--workers", "1", str(tmp_path / "cut.warc.gz"),
                    expect_code=1)
    assert summary["indexed"] == 2 and summary["failed"] == 1
    [line] = report_lines(summary)
    assert line["reason"] == TRUNCATED and line["source"].startswith(str(tmp_path / "cut.warc.gz#"))


def test_names_that_are_not_utf8_are_indexed_reported_and_resumed(tmp_path: Path) -> None:
    root, data = tmp_path / "in", tmp_path / "data"
    root.mkdir()
    page_name = os.fsdecode(b"caf\xe9 \xff\\page.html")  # Latin-1 bytes and a backslash
    (root / page_name).write_text(page("Latin", 1))
    feed_name = os.fsdecode(b"feed-\xfe.jsonl")
    (root / feed_name).write_bytes(_jsonl("Feed story") + b"{broken\n")
    odd_name = os.fsdecode(b"notes-\xfa.\xfb")
    (root / odd_name).write_bytes(b"x")
    listed = os.fsencode(root / os.fsdecode(b"listed-\xe8.html"))
    Path(os.fsdecode(listed)).write_text(page("Listed", 2))

    args = ["--no-entities", "--workers", "2", "--allow-failures"]
    first = index(data, *args, str(root), str(root / odd_name))
    assert first["exit_code"] == 0 and first["indexed"] == 3 and "Traceback" not in first["stderr"]
    lines = {line["source"]: line for line in report_lines(first)}
    assert lines[f"{root}/feed-\\xfe.jsonl#2"]["bucket"] == "failed"
    assert lines[f"{root}/notes-\\xfa.\\xfb"] == {"source": f"{root}/notes-\\xfa.\\xfb", "bucket": "skipped",
                                                  "reason": "unsupported file type .\\xfb"}
    assert f"{root}/caf\\xe9 \\xff\\\\page.html" in _journal(data)
    assert escape_name(str(root / page_name)) == f"{root}/caf\\xe9 \\xff\\\\page.html"

    again = index(data, "--resume", *args, str(root), str(root / odd_name))
    assert again["read"] == 1 and again["failed"] == 1 and again["indexed"] == 0  # only the bad line is retried
    listed_run = index(data, "--resume", "--no-entities", "-", input=listed + b"\n")
    assert listed_run["resumed"] == 1 and listed_run["read"] == 0
    assert stats(data)["documents"] == 3


def test_control_characters_in_names_never_reach_the_terminal(tmp_path: Path) -> None:
    root, data = tmp_path / "in", tmp_path / "data"
    root.mkdir()
    evil = "red\x1b[31m\x1b]0;title\x07\x9b2J\u202eevil"
    (root / f"{evil}.html").write_text(page(f"Title\x1b[2J{evil}", 1))
    (root / f"{evil}.html.gz").write_bytes(b"not gzip at all")
    (root / f"{evil}.jsonl").write_bytes(b"{not json\n")
    result = run_subprocess(data, "index", "-v", "--no-entities", "--workers", "2", "--no-progress", str(root))
    assert result.returncode == 1, result.stderr
    terminal = result.stdout + result.stderr
    assert "\\x1b[31m" in result.stderr  # the failing input is named, escaped
    assert not TERMINAL_UNSAFE.search(terminal) and "\u202e" not in terminal, repr(terminal)
    [report] = (data / "reports").iterdir()
    raw = report.read_bytes()
    assert not re.search(rb"[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]", raw)  # safe to cat
    sources = {json.loads(line)["source"] for line in raw.splitlines()}
    assert sources == {f"{root}/{evil}.html.gz", f"{root}/{evil}.jsonl#1"}  # exact names
    summary = index(data, "--resume", "--no-entities", "--allow-failures", str(root))
    assert summary["resumed"] == 1 and summary["indexed"] == 0 and summary["failed"] == 2


def test_a_report_that_cannot_be_written_is_one_clear_line(tmp_path: Path) -> None:
    (tmp_path / "good.html").write_text(page("Good", 1))
    report_file = tmp_path / "good.html" / "report.jsonl"  # inside a file: cannot be created
    code, out, err = run_cli(tmp_path / "data", "index", "--no-progress", "--report", str(report_file),
                             str(tmp_path / "good.html"))
    assert code != 0 and "cannot write the report" in err and "Traceback" not in err


def test_control_characters_in_article_text_are_not_stored(tmp_path: Path) -> None:
    """A title with an ANSI escape would reach every terminal, CSV and Atom feed that shows it."""
    record = {"title": "Port\x1b[2J strike\x9b1m ends", "text": "Dock\x07 workers " + " ".join(SENTENCES),
              "authors": ["Ann\x1b]0;pwn\x07 Lee", "\x1b"], "outlet": "Wire\x1b[0m"}
    (tmp_path / "feed.jsonl").write_text(json.dumps(record) + "\n")
    data = tmp_path / "data"
    index(data, "--no-entities", str(tmp_path / "feed.jsonl"))
    code, out, err = run_cli(data, "search", "harbour", "--json")
    [hit] = json.loads(out)["hits"]
    assert (hit["title"], hit["outlet"]) == ("Port[2J strike1m ends", "Wire[0m")
    assert hit["authors"] == ["Ann]0;pwn Lee"]
    code, out, err = run_cli(data, "search", "harbour")
    assert code == 0 and "strike1m" in out and not TERMINAL_UNSAFE.search(out + err)
