"""Inputs: what `newsfacet index PATH...` reads, one `Source` record per input.

One input is one file, one JSONL line, one WARC record or one Reuters SGML story. The main
process only walks folders and splits container files (cheap, sequential I/O); a single-document
file is read by a worker, so the main process never holds more than the records in flight.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from newsfacet.indexer.errors import InputRejected

# What a worker does with a record: the cleaning path it takes.
KINDS = ("html", "text", "jsonl", "reuters", "rejected")


@dataclass(frozen=True)
class FileStamp:
    """Identity of the file an input came from, as the resume journal keys it."""

    path: str
    size: int
    mtime_ns: int


@dataclass
class Source:
    """One input: bytes (or a path to read them from) plus hints for the cleaner.

    `source` is the name reports and the journal use: the path, or `path#record` for a record
    inside a container file. `error` is set when the input failed before any worker saw it
    (unreadable file, symlink loop): the worker then files it under that error.
    """

    source: str
    kind: str
    stamp: FileStamp | None = None
    path: str | None = None
    data: bytes | None = None
    url: str | None = None
    content_type: str | None = None
    error: InputRejected | None = None
    topic: str | None = None  # from --topic-from-folder: the name of the folder holding the file

    @property
    def journal_key(self) -> tuple[str, int, int]:
        """(source, size, mtime) of the input: a changed file is a new input."""
        if self.stamp is None:
            return (self.source, -1, -1)
        return (self.source, self.stamp.size, self.stamp.mtime_ns)


def rejected(source: str, error: InputRejected, stamp: FileStamp | None = None) -> Source:
    """A record for an input that already failed (or was skipped) while being found."""
    return Source(source=source, kind="rejected", stamp=stamp, error=error)


def iter_sources(paths: Iterable[str], max_bytes: int, topic_from_folder: bool = False) -> Iterator[Source]:
    """Every input under the given files and folders, in a stable (sorted) order.

    With `topic_from_folder`, each text file's topic hint is the name of its folder (see folder_topic).
    """
    from newsfacet.indexer.sources.files import expand_path, folder_topic

    seen_dirs: set[tuple[int, int]] = set()
    for raw in paths:
        for source in expand_path(raw, seen_dirs, max_bytes, explicit=True):
            if topic_from_folder and source.kind == "text" and source.path:
                source.topic = folder_topic(source.path)
            yield source


def read_path_list(lines: Iterable[str | bytes]) -> Iterator[str]:
    """Paths given one per line (for `-`): blank lines and surrounding white space ignored.

    Bytes lines are decoded as the file system does, so a name that is not UTF-8 still opens.
    """
    for line in lines:
        path = os.fsdecode(line).strip()
        if path:
            yield path
