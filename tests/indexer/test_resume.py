"""SIGKILL the indexer in the middle of Reuters, rerun with --resume: every story once.

Four of the 22 Reuters files (4,000 stories) are enough: the kill lands inside the second file,
with batches in flight in both workers and whole files still unread, which is every situation a
resume must handle; the other 18 files only made the test four times slower. The run uses
--no-entities: the stories carry their own PLACES/PEOPLE/ORGS, and spaCy would only add minutes.
"""
from __future__ import annotations

import hashlib
import html
import os
import re
import signal
import sqlite3
import subprocess
import time
import unicodedata
from pathlib import Path

import pytest

from tests.corpora import corpus
from tests.indexing import cli_command, index, stats, subprocess_env

pytestmark = pytest.mark.corpus

FILES = 4  # reut2-000 .. reut2-003, 1,000 stories each
KILL_AFTER = 1500  # journaled inputs before the kill: inside the second file
_STORY = re.compile(rb"<REUTERS\b.*?</REUTERS>", re.S)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _inside(tag: str, text: str) -> str:
    match = re.search(rf"<{tag}\b[^>]*>(.*?)</{tag}>", text, re.S)
    return match.group(1) if match else ""


def _story_text(story: bytes) -> str:
    """Title and body of one story, folded like the article fingerprint (case, width, white space)."""
    text = story.decode("latin-1")
    title, body = _inside("TITLE", text), _inside("BODY", text)
    if not title and not body:
        title = re.sub(r"<[^>]+>", " ", _inside("TEXT", text))
    body = re.sub(r"\s*\breuter\s*$", "", _CONTROL.sub("", html.unescape(body)).strip(), flags=re.I)
    whole = _CONTROL.sub("", html.unescape(title)) + " " + body
    return " ".join(unicodedata.normalize("NFKC", whole).casefold().split())


def story_count(files: list[Path]) -> int:
    return sum(len(_STORY.findall(f.read_bytes())) for f in files)


def distinct_stories(files: list[Path]) -> int:
    texts = {_story_text(s) for f in files for s in _STORY.findall(f.read_bytes())}
    return len({hashlib.sha1(t.encode()).hexdigest() for t in texts if t})


def _journaled(data: Path, bucket: str | None = None) -> int:
    path = data / "journal" / "tantivy-articles.sqlite3"
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(path, timeout=1) as db:
            if bucket is None:
                return db.execute("SELECT COUNT(*) FROM finished").fetchone()[0]
            return db.execute("SELECT COUNT(*) FROM finished WHERE bucket = ?", (bucket,)).fetchone()[0]
    except sqlite3.Error:
        return 0


def _start_and_kill(data: Path, files: list[Path]) -> int:
    """Start indexing, SIGKILL the whole process group once KILL_AFTER inputs are journaled."""
    command = cli_command(data, "index", "--no-entities", "--workers", "2", "--batch-size", "300",
                          "--no-progress", *map(str, files))
    process = subprocess.Popen(command, env=subprocess_env(), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 1800
    try:
        while _journaled(data) < KILL_AFTER:
            assert process.poll() is None, "the indexer ended before it could be killed"
            assert time.monotonic() < deadline, "the indexer made no progress"
            time.sleep(0.2)
    finally:
        os.killpg(process.pid, signal.SIGKILL)  # the CLI, its forkserver and its workers
        process.wait()
    return _journaled(data)


def test_sigkill_then_resume_indexes_every_story_once(tmp_path: Path) -> None:
    files = sorted((corpus("reuters21578") / "reuters21578").glob("*.sgm"))[:FILES]
    total, expected = story_count(files), distinct_stories(files)
    data = tmp_path / "data"
    journaled = _start_and_kill(data, files)
    assert KILL_AFTER <= journaled < total
    # Rows are journaled only after their batch was committed: every journaled article is there.
    assert stats(data)["documents"] >= _journaled(data, "indexed")

    summary = index(data, "--resume", "--no-entities", "--workers", "2", *map(str, files))
    print(f"killed after {journaled} journaled inputs; resume: {summary['resumed']} passed over, "
          f"{summary['read']} read, {summary['indexed']} indexed, duplicates {summary['reasons']['duplicate']}, "
          f"skipped {summary['skipped']}; expected {expected} distinct stories")
    assert summary["resumed"] == journaled
    assert summary["resumed"] + summary["read"] == total
    assert summary["failed"] == 0
    assert stats(data)["documents"] == expected

    again = index(data, "--resume", "--no-entities", "--workers", "2", *map(str, files))
    assert again["read"] == 0 and again["resumed"] == total - summary["failed"]
