"""The resume journal: which inputs an indexing run has finished, for `newsfacet index --resume`.

A SQLite file in the data dir, one row per finished input keyed by (source, size, mtime) of the
file it came from, so an edited file counts as a new input. Rows are added only after the batch
holding those inputs was committed by the backend, in one transaction per batch: a run killed at
any moment leaves a journal that lists only inputs whose articles are really in the index. Inputs
that were written but not yet journaled are redone on resume and recognised by their id and
fingerprint as already indexed. Failed inputs are not journaled, so a resume retries them.

One run at a time uses a journal: it is locked (flock, released by the kernel however the run
ends) before anything in it is read or deleted, so a second run is refused without harm also on
backends that have no single-writer rule of their own (Elasticsearch).
"""
from __future__ import annotations

import fcntl
import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path

Key = tuple[str, int, int]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS finished (
    source TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    bucket TEXT NOT NULL,
    PRIMARY KEY (source, size, mtime_ns)
) WITHOUT ROWID
"""
# SQLite's limit on host parameters is 32766 in current builds; stay well below.
_LOOKUP_CHUNK = 500


class JournalBusyError(RuntimeError):
    """Another indexing run holds this journal."""


def journal_path(data_dir: str, backend: str, index: str) -> Path:
    """Where the journal of one backend's logical index lives."""
    return Path(data_dir).expanduser() / "journal" / f"{backend}-{index}.sqlite3"


class Journal:
    """Finished inputs of the current run (and of the interrupted one it resumes)."""

    def __init__(self, path: Path, resume: bool) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        try:
            self._lock = _lock(path.with_name(path.name + ".lock"))
        except BlockingIOError:
            raise JournalBusyError(f"another indexing run is using the journal {path}; wait for it to finish "
                                   "(one writer at a time)") from None
        self._db = sqlite3.connect(str(path), isolation_level=None)
        # WAL + NORMAL: a committed transaction survives the process being killed.
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(_SCHEMA)
        if not resume:
            self._db.execute("DELETE FROM finished")

    def finished(self, keys: Iterable[Key]) -> set[Key]:
        """The subset of these input keys already journaled."""
        wanted = list(keys)
        found: set[Key] = set()
        for start in range(0, len(wanted), _LOOKUP_CHUNK):
            part = wanted[start:start + _LOOKUP_CHUNK]
            marks = ",".join("(?,?,?)" for _ in part)
            params = [value for key in part for value in key]
            rows = self._db.execute(
                f"SELECT source, size, mtime_ns FROM finished WHERE (source, size, mtime_ns) IN (VALUES {marks})",
                params)
            found.update((row[0], row[1], row[2]) for row in rows)
        return found

    def record(self, entries: Iterable[tuple[Key, str]]) -> None:
        """Journal finished inputs (call only after their batch is committed)."""
        rows = [(key[0], key[1], key[2], bucket) for key, bucket in entries]
        if not rows:
            return
        with self._db:
            self._db.execute("BEGIN")
            self._db.executemany("INSERT OR REPLACE INTO finished VALUES (?, ?, ?, ?)", rows)

    def count(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM finished").fetchone()[0]

    def close(self) -> None:
        self._db.close()
        os.close(self._lock)


def _lock(path: Path) -> int:
    """A descriptor holding an exclusive lock on `path` (BlockingIOError when another holds it)."""
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(descriptor)
        raise
    return descriptor
