"""The indexer as real processes: a refused second writer changes nothing, and a SIGKILLed indexer
leaves no child behind (forkserver, workers, resource tracker)."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

from newsfacet.indexer.pipeline import ALREADY_INDEXED

from tests.indexer.test_pipeline import page
from tests.indexing import cli_command, index, run_cli, run_subprocess, stats, subprocess_env

PAGES = 1500  # enough that a run with two workers is still going when the test acts


def _pages(root: Path, count: int = PAGES) -> Path:
    root.mkdir()
    for number in range(count):
        (root / f"p{number:04}.html").write_text(page(f"Proc{number}", number))
    return root


def _journaled(data: Path) -> int:
    path = data / "journal" / "tantivy-articles.sqlite3"
    try:
        with sqlite3.connect(path, timeout=1) as db:
            return db.execute("SELECT COUNT(*) FROM finished").fetchone()[0]
    except sqlite3.Error:
        return 0


def _start(data: Path, root: Path) -> subprocess.Popen:
    command = cli_command(data, "index", "--no-entities", "--workers", "2", "--batch-size", "50",
                          "--no-progress", str(root))
    return subprocess.Popen(command, env=subprocess_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def _wait_for(condition, process: subprocess.Popen, what: str, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert process.poll() is None, f"the indexer ended before {what}"
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def _proc_stat(pid: int) -> tuple[str, int, int] | None:
    """(state, parent pid, start time) of a live process, None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = text[text.rindex(")") + 2:].split()  # after "pid (command)"
    return fields[0], int(fields[1]), int(fields[19])


def _descendants(root: int) -> dict[int, int]:
    """pid -> start time of every process whose parent chain leads to `root`."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (info := _proc_stat(int(entry))) is not None:
            parents[int(entry)] = info
    found: dict[int, int] = {}
    frontier = [root]
    while frontier:
        parent = frontier.pop()
        for pid, (_state, ppid, started) in parents.items():
            if ppid == parent and pid not in found:
                found[pid] = started
                frontier.append(pid)
    return found


def _alive(pid: int, started: int) -> bool:
    """Still running (a zombie has ended; a new process under a reused pid is another process)."""
    info = _proc_stat(pid)
    return info is not None and info[0] != "Z" and info[2] == started


def test_refused_second_writer_keeps_the_journal_and_resume_indexes_each_input_once(tmp_path: Path) -> None:
    root, data = _pages(tmp_path / "in"), tmp_path / "data"
    first = _start(data, root)
    try:
        _wait_for(lambda: _journaled(data) >= 100, first, "the first run journaled 100 inputs")
        os.killpg(first.pid, signal.SIGSTOP)  # frozen: it holds the writer and adds no journal row
        journaled = _journaled(data)
        reports = sorted((data / "reports").iterdir())
        second = run_subprocess(data, "index", "--no-entities", "--no-progress", str(root), timeout=120)
        assert second.returncode != 0
        assert "one writer at a time" in second.stderr and "Traceback" not in second.stderr
        assert _journaled(data) == journaled  # not emptied by the refused run
        assert sorted((data / "reports").iterdir()) == reports  # and no report opened
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
    resumed = index(data, "--resume", "--no-entities", "--workers", "2", str(root))
    print(f"journaled before the refusal: {journaled}; resume: {resumed['resumed']} passed over, "
          f"{resumed['read']} read, {resumed['indexed']} indexed, duplicates {resumed['reasons']['duplicate']}")
    assert resumed["resumed"] == journaled and resumed["resumed"] + resumed["read"] == PAGES
    # Pages committed but not journaled when the run froze are found in the index, not written again.
    assert resumed["failed"] == 0 and resumed["indexed"] + resumed["duplicate"] == resumed["read"]
    assert {reason for reason, _count in resumed["reasons"]["duplicate"]} <= {ALREADY_INDEXED}
    assert stats(data)["documents"] == PAGES  # each page once


def test_sigkill_of_the_indexer_leaves_no_child_process(tmp_path: Path) -> None:
    root, data = _pages(tmp_path / "in"), tmp_path / "data"
    process = _start(data, root)
    children: dict[int, int] = {}
    try:
        # Forkserver, resource tracker and two workers, and the run well under way.
        _wait_for(lambda: len(_descendants(process.pid)) >= 4 and _journaled(data) >= 50, process,
                  "the workers to start")
        children = _descendants(process.pid)
        os.kill(process.pid, signal.SIGKILL)  # the main process alone, as the OOM killer would
        process.wait()
        deadline = time.monotonic() + 5
        while any(_alive(pid, started) for pid, started in children.items()) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = {pid: Path(f"/proc/{pid}/cmdline").read_bytes()[:80] for pid, started in children.items()
                if _alive(pid, started)}
        assert not left, f"still running 5 s after the indexer was killed: {left}"
    finally:
        for pid, started in children.items():  # left only when the test failed: do not leak them
            if _alive(pid, started):
                os.kill(pid, signal.SIGKILL)
        if process.poll() is None:
            process.kill()
            process.wait()


def test_a_run_holding_the_journal_refuses_a_second_one_without_touching_it(tmp_path: Path) -> None:
    """The journal's own lock: what refuses a second run on a backend with no single writer (Elasticsearch)."""
    from newsfacet.indexer.resume import Journal, journal_path

    root, data = _pages(tmp_path / "in", 3), tmp_path / "data"
    held = Journal(journal_path(str(data), "tantivy", "articles"), resume=False)
    try:
        held.record([((str(root / "p0000.html"), 1, 1), "indexed")])
        code, out, err = run_cli(data, "index", "--no-entities", "--no-progress", str(root))
        assert code != 0 and "one writer at a time" in err and "Traceback" not in err
        assert held.count() == 1 and not (data / "reports").exists()
    finally:
        held.close()
    summary = index(data, "--no-entities", "--workers", "1", str(root))  # free again once closed
    assert summary["indexed"] == 3
