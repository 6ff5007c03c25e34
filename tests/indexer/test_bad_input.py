"""Hostile and broken inputs: each ends in a named bucket, the run finishes, good articles are indexed.

Every input is generated here, in tmp_path, and mixed with good articles.
"""
from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest
from newsfacet.indexer.names import escape_name

from tests.indexer.test_pipeline import page
from tests.indexing import index, report_lines, search

IS_ROOT = os.geteuid() == 0


def _bad_inputs(root: Path) -> dict[str, tuple[str, str | None]]:
    """Write the bad inputs; returns file name -> (expected bucket, reason fragment or None)."""
    expected: dict[str, tuple[str, str | None]] = {}

    def put(name: str, data: bytes, bucket: str, reason: str | None) -> None:
        (root / name).write_bytes(data)
        expected[name] = (bucket, reason)

    put("empty.html", b"", "skipped", "empty")
    put("blank.txt", b"   \n\n  ", "skipped", "empty")
    put("binary.html", bytes(range(256)) * 64, "failed", "binary")
    put("truncated.html.gz", gzip.compress(page("Cut", 1).encode() * 20)[:300], "failed", "truncated gzip")
    put("notgzip.html.gz", b"this is not gzip at all", "failed", "gzip")
    # Invalid UTF-8 in the middle of an otherwise good page: replaced, the page is still indexed.
    put("invalid-bytes.html", page("Bytes", 1).encode().replace(b"report 1:", b"report \xff\xfe\xc3(1:"),
        "indexed", None)
    put("no-text.html", b"<html><head><title></title></head><body><div><img src=a.png></div></body></html>",
        "skipped", None)
    deep = "<html><body>" + "<div>" * 100_000 + "<p>Deep text about the harbour.</p>" + "</div>" * 100_000
    put("deep.html", deep.encode(), "any", None)
    with (root / "huge.html").open("wb") as out:  # 50 MB: over the default 20 MB limit
        out.write(b"<html><body>")
        block = b"<p>" + b"Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 100 + b"</p>\n"
        for _ in range(50_000_000 // len(block) + 1):
            out.write(block)
    expected["huge.html"] = ("skipped", "larger than")
    os.symlink("loop.html", root / "loop.html")
    expected["loop.html"] = ("failed", "symlink loop")
    os.symlink("missing.html", root / "dangling.html")
    expected["dangling.html"] = ("failed", "broken symlink")
    os.mkfifo(root / "fifo.html")
    expected["fifo.html"] = ("failed", "not a regular file")
    # A read that fails with an OS error even for root: /proc/self/mem at offset 0 gives EIO.
    os.symlink("/proc/self/mem", root / "eio.html")
    expected["eio.html"] = ("failed", "cannot read")
    (root / "folder.html").mkdir()  # a folder with a page's name is walked, not read as a page
    (root / "folder.html" / "inner.html").write_text(page("Inner", 1))
    expected["folder.html/inner.html"] = ("indexed", None)
    # Containers that hold no record are one skipped input each.
    put("empty.jsonl", b"", "skipped", "no records")
    put("empty.warc", b"", "skipped", "no records")
    put("reut2-000.sgm", b"<!DOCTYPE lewis>\n", "skipped", "no records")
    # A name that is not UTF-8 (Linux names are bytes): reported escaped, the run goes on.
    put(os.fsdecode(b"bad-\xff.html.gz"), b"not gzip", "failed", "gzip")
    put(os.fsdecode(b"fine-\xe9.html"), page("Latin", 1).encode(), "indexed", None)
    if not IS_ROOT:
        put("secret.html", page("Secret", 1).encode(), "failed", "permission denied")
        os.chmod(root / "secret.html", 0)
    return expected


@pytest.mark.parametrize("workers", ["1", "2"])
def test_bad_inputs_each_end_in_a_named_bucket(tmp_path: Path, workers: str) -> None:
    root = tmp_path / "in"
    root.mkdir()
    expected = _bad_inputs(root)
    for number in range(3):
        (root / f"good{number}.html").write_text(page("Good", number))
        expected[f"good{number}.html"] = ("indexed", None)
    summary = index(tmp_path / "data", "--no-entities", "--workers", workers, "--allow-failures", str(root))
    assert summary["read"] == len(expected)
    assert summary["read"] == sum(summary[b] for b in ("indexed", "duplicate", "skipped", "failed"))
    reported = {line["source"]: line for line in report_lines(summary)}
    for name, (bucket, reason) in expected.items():
        line = reported.get(escape_name(str(root / name)))
        if bucket == "indexed":
            assert line is None, (name, line)
        elif bucket == "any":
            assert line is None or (line["bucket"] in ("skipped", "failed") and line["reason"]), (name, line)
        else:
            assert line is not None and line["bucket"] == bucket, (name, line)
            assert reason is None or reason in line["reason"], (name, line)
    assert "Traceback" not in summary["stderr"]
    good = search(tmp_path / "data", '"good story"')
    assert good["total"] == 3
    assert search(tmp_path / "data", '"latin story"')["total"] == 1


@pytest.mark.skipif(not IS_ROOT, reason="covered inside the mixed test when not root")
def test_permission_denied_case_when_root() -> None:
    pytest.skip("tests run as root, and root reads chmod 000 files; the read-error path is covered by the "
                "/proc/self/mem (EIO) case, and the chmod case runs for non-root users")
