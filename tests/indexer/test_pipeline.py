"""The indexing pipeline through the real CLI on a real tantivy index: buckets, duplicates,
idempotent reruns, workers, report, exit codes, stdin, and flat memory."""
from __future__ import annotations

import gzip
import io
import json
import os
import signal
import sqlite3
import subprocess
import time
import tracemalloc
from pathlib import Path

import pytest
from newsfacet.indexer.pipeline import ALREADY_INDEXED, SAME_TEXT_THIS_RUN

from tests.indexing import cli_command, index, report_lines, run_cli, search, stats, subprocess_env

SENTENCES = [
    "The harbour authority said on Tuesday that the northern pier would reopen after repairs.",
    "Dock workers had walked out last month over pay and the length of night shifts.",
    "Shipping companies warned that container traffic could move to rival ports for good.",
    "The mayor told reporters that an agreement was close and thanked both sides for their patience.",
    "Analysts expect freight volumes to recover slowly during the rest of the year.",
]


def page(topic: str, number: int) -> str:
    """A plain but realistic news page about `topic` (unique text per number)."""
    paragraphs = "".join(f"<p>{topic} report {number}: {s}</p>" for s in SENTENCES)
    return (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{topic} story {number} | Gazette"
            f"</title></head><body><nav><a href=/>Home</a></nav><article><h1>{topic} story {number}</h1>"
            f"{paragraphs}</article><footer>Copyright Gazette</footer></body></html>")


def jsonl_line(title: str, text: str, **extra) -> str:
    return json.dumps({"title": title, "text": text, **extra}) + "\n"


@pytest.fixture()
def mixed(tmp_path: Path) -> Path:
    """A folder with good pages, a JSONL feed (with a copy and a bad line) and a skip."""
    root = tmp_path / "in"
    (root / "pages").mkdir(parents=True)
    for number in range(3):
        (root / "pages" / f"p{number}.html").write_text(page("Harbour", number))
    (root / "pages" / "p3.html.gz").write_bytes(gzip.compress(page("Harbour", 3).encode()))
    feed = (jsonl_line("Port strike ends", " ".join(SENTENCES), outlet="Wire", published="2024-03-01")
            + jsonl_line("PORT STRIKE ENDS", "  ".join(SENTENCES).upper(), outlet="Wire")  # same text, case/space
            + "{not json\n"
            + json.dumps({"title": "Nothing"}) + "\n")
    (root / "feed.jsonl").write_text(feed)
    return root


def test_every_input_in_one_bucket(tmp_path: Path, mixed: Path) -> None:
    summary = index(tmp_path / "data", "--no-entities", "--workers", "2", "--allow-failures", str(mixed))
    assert summary["read"] == 8
    assert summary["read"] == sum(summary[b] for b in ("indexed", "duplicate", "skipped", "failed"))
    assert (summary["indexed"], summary["duplicate"], summary["skipped"], summary["failed"]) == (5, 1, 1, 1)
    lines = report_lines(summary)
    by_source = {line["source"]: line for line in lines}
    feed = str(mixed / "feed.jsonl")
    assert by_source[f"{feed}#2"]["bucket"] == "duplicate"
    assert by_source[f"{feed}#2"]["reason"] == SAME_TEXT_THIS_RUN and by_source[f"{feed}#2"]["duplicate_of"]
    assert by_source[f"{feed}#3"]["bucket"] == "failed" and "invalid JSON" in by_source[f"{feed}#3"]["reason"]
    assert by_source[f"{feed}#4"]["bucket"] == "skipped"
    assert len(lines) == 3
    assert stats(tmp_path / "data")["documents"] == 5
    hits = search(tmp_path / "data", '"port strike ends"')
    assert hits["total"] == 1 and hits["hits"][0]["outlet"] == "Wire"


def test_rerun_is_idempotent_and_names_already_indexed_inputs(tmp_path: Path, mixed: Path) -> None:
    data = tmp_path / "data"
    first = index(data, "--no-entities", "--workers", "1", "--allow-failures", str(mixed))
    second = index(data, "--no-entities", "--workers", "1", "--allow-failures", str(mixed))
    assert first["indexed"] == 5 and second["indexed"] == 0
    assert second["duplicate"] == 6 and second["failed"] == 1
    reasons = dict(second["reasons"]["duplicate"])
    assert reasons[ALREADY_INDEXED] == 5
    assert stats(data)["documents"] == 5


def test_one_and_two_workers_agree(tmp_path: Path, mixed: Path) -> None:
    one = index(tmp_path / "one", "--no-entities", "--workers", "1", "--allow-failures", str(mixed))
    two = index(tmp_path / "two", "--no-entities", "--workers", "2", "--batch-size", "2", "--allow-failures",
                str(mixed))
    keys = ("read", "indexed", "duplicate", "skipped", "failed")
    assert [one[k] for k in keys] == [two[k] for k in keys]


def test_failures_give_a_non_zero_exit_with_one_line(tmp_path: Path, mixed: Path) -> None:
    code, out, err = run_cli(tmp_path / "data", "index", "--no-entities", "--no-progress", str(mixed))
    assert code == 1
    assert err.strip().splitlines()[-1].startswith("Error: 1 of 8 inputs failed; see ")
    assert "Traceback" not in out + err
    assert "indexed   5" in out


def test_paths_from_stdin_and_custom_report(tmp_path: Path, mixed: Path) -> None:
    report = tmp_path / "r.jsonl"
    listing = f"{mixed / 'pages'}\n\n{mixed / 'feed.jsonl'}\n"
    summary = index(tmp_path / "data", "--no-entities", "--allow-failures", "--report", str(report), "-",
                    input=listing)
    assert summary["read"] == 8 and summary["report"] == str(report)
    assert len(report.read_text().splitlines()) == 3


def test_default_path_runs_entities(tmp_path: Path) -> None:
    pytest.importorskip("newsfacet.indexer.enrich", reason="indexer/enrich.py not written yet")
    root = tmp_path / "in"
    root.mkdir()
    (root / "a.jsonl").write_text(jsonl_line(
        "Merkel meets Macron in Paris",
        "Angela Merkel met Emmanuel Macron in Paris on Monday to discuss the European Union budget. "
        "The two leaders spoke to reporters at the Elysee Palace after talks that lasted three hours."))
    summary = index(tmp_path / "data", "--workers", "1", str(root))
    assert summary["indexed"] == 1
    facets = stats(tmp_path / "data")["facets"]
    assert facets["language"] == [["en", 1]]
    assert any(value == "Paris" for value, _ in facets["location"])


def _number_feed(path: Path, count: int) -> Path:
    # Digits only: language detection answers "und" at once, so the test measures the pipeline.
    with path.open("w") as out:
        for number in range(count):
            out.write(jsonl_line(f"{number}", " ".join(str(number * 7 + k) for k in range(150))))
    return path


def _peak_python_bytes(data: Path, feed: Path) -> int:
    tracemalloc.reset_peak()
    summary = index(data, "--no-entities", "--workers", "1", str(feed))
    assert summary["indexed"] > 0
    return tracemalloc.get_traced_memory()[1]


def test_memory_stays_flat_as_inputs_grow(tmp_path: Path) -> None:
    """The pipeline's own (Python) memory does not grow with the number of inputs.

    Measured with tracemalloc, in process: the process RSS also holds tantivy's native memory
    (segments, merges, mapped index files), which grows with the size of the index itself.
    """
    tracemalloc.start()
    try:
        _peak_python_bytes(tmp_path / "d0", _number_feed(tmp_path / "warm.jsonl", 50))  # imports, caches
        small = _peak_python_bytes(tmp_path / "d1", _number_feed(tmp_path / "small.jsonl", 200))
        large = _peak_python_bytes(tmp_path / "d2", _number_feed(tmp_path / "large.jsonl", 2_000))
    finally:
        tracemalloc.stop()
    print(f"peak Python memory: {small // 1024} KiB for 200 inputs, {large // 1024} KiB for 2000")
    assert large < small * 1.2 + 2_000_000, (small, large)


def test_resume_counts_written_but_unjournaled_inputs_as_already_indexed(tmp_path: Path, mixed: Path) -> None:
    """The state a kill between commit and journal leaves: articles in the index, rows missing."""
    data = tmp_path / "data"
    first = index(data, "--no-entities", "--workers", "1", "--allow-failures", str(mixed))
    journal = Path(first["journal"])
    with sqlite3.connect(journal) as db:
        dropped = db.execute("DELETE FROM finished WHERE source LIKE ?", ("%/pages/%",)).rowcount
    assert dropped == 4
    resumed = index(data, "--resume", "--no-entities", "--workers", "1", "--allow-failures", str(mixed))
    # The 4 pages are read again; the bad JSON line (failed, never journaled) is retried.
    assert resumed["read"] == 5 and resumed["resumed"] == 3
    assert resumed["indexed"] == 0 and dict(resumed["reasons"]["duplicate"]) == {ALREADY_INDEXED: 4}
    assert resumed["failed"] == 1
    assert stats(data)["documents"] == 4 + 1


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def test_a_worker_killed_mid_run_loses_no_input(tmp_path: Path) -> None:
    """SIGKILL one worker process (what the OOM killer does): its inputs are redone, none lost."""
    root = tmp_path / "in"
    root.mkdir()
    for number in range(PAGES_TO_CRASH):
        (root / f"p{number:03}.html").write_text(page(f"Crash{number}", number))
    data = tmp_path / "data"
    command = cli_command(data, "index", "--no-entities", "--workers", "2", "--batch-size", "20", "--json",
                          "--no-progress", str(root))
    process = subprocess.Popen(command, env=subprocess_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    deadline = time.monotonic() + 300
    workers: list[int] = []
    # Mid-run, not after a fixed sleep: on an idle machine the whole run takes about a second.
    while (not workers or _journaled(data) < 20) and time.monotonic() < deadline and process.poll() is None:
        workers = [w for child in _children(process.pid) for w in _children(child)]
        time.sleep(0.02)
    assert workers and process.poll() is None, "no worker process appeared while the run went on"
    os.kill(workers[0], signal.SIGKILL)
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, err
    summary = json.loads(out)
    assert "a worker process died" in err
    assert summary["read"] == PAGES_TO_CRASH and summary["indexed"] == PAGES_TO_CRASH and summary["failed"] == 0


PAGES_TO_CRASH = 600


def _journaled(data: Path) -> int:
    try:
        with sqlite3.connect(data / "journal" / "tantivy-articles.sqlite3", timeout=1) as db:
            return db.execute("SELECT COUNT(*) FROM finished").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_warc_pages_are_indexed_with_their_url(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for number in range(2):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")
            payload = io.BytesIO(page("Warc", number).encode())
            writer.write_record(writer.create_warc_record(f"https://news.example/warc/{number}?utm_source=x",
                                                          "response", payload=payload, http_headers=headers))
    summary = index(tmp_path / "data", "--no-entities", "--workers", "1", str(path))
    assert summary["read"] == 2 and summary["indexed"] == 2
    hits = search(tmp_path / "data", '"warc story 1"')["hits"]
    assert [hit["url"] for hit in hits] == ["https://news.example/warc/1"]


def test_copies_are_folded_into_the_article_they_duplicate(tmp_path: Path, mixed: Path) -> None:
    from newsfacet.engine.backends.tantivy_backend import TantivyBackend

    data = tmp_path / "data"
    summary = index(data, "--no-entities", "--workers", "1", "--allow-failures", str(mixed))
    copy = next(line for line in report_lines(summary) if line["bucket"] == "duplicate")
    index(data, "--no-entities", "--workers", "1", "--allow-failures", str(mixed))  # a rerun adds nothing
    original = TantivyBackend(data).get(copy["duplicate_of"])
    assert original.source == f"{mixed / 'feed.jsonl'}#1"
    assert original.duplicates == [copy["source"]]
