"""The shared types of the sources package: one input (`Source`), its file's identity, and a format.

One input is one file, one JSONL line, one WARC record or one Reuters SGML story. Every format
module builds on these types and imports no other format, so the imports point one way:
formats -> model and files; registry -> formats; walk -> registry.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from newsfacet.engine.model import Article
from newsfacet.indexer.errors import InputRejected

# The kind of an input that failed (or was skipped) while being found: no format turns it into an article.
REJECTED = "rejected"


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
    inside a container file. `kind` names the format that turns it into an article. `error` is
    set when the input failed before any worker saw it (unreadable file, symlink loop): the
    worker then files it under that error.
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
    return Source(source=source, kind=REJECTED, stamp=stamp, error=error)


# timed(stage, action, *args): runs action(*args), adding its time to the worker's stage table.
Timed = Callable[..., Any]
# records(path, stamp, max_bytes, name): the inputs inside one container file, in file order.
RecordReader = Callable[[str, FileStamp, int, str], Iterator[Source]]
# to_article(source, data, timed): the article of one input whose bytes were read (worker side).
ArticleMaker = Callable[[Source, bytes, Timed], Article]


@dataclass(frozen=True)
class SourceFormat:
    """One input format: the file names it claims, how a file yields inputs, how an input becomes an article.

    `name` is also the `Source.kind` of the inputs it makes. A format without `records` is a
    single-document format: the file is one input, read by a worker. A container format's
    records may be of another kind (a WARC record is an `html` input); one whose records it
    turns into articles itself sets `to_article`. `extensions` are lower-case with their dot;
    each also matches its gzip twin (`.jsonl.gz`). `no_records` is the reason a container with
    no record is filed as skipped.
    """

    name: str
    extensions: tuple[str, ...]
    records: RecordReader | None = None
    to_article: ArticleMaker | None = None
    no_records: str = "no records in the file"

    @property
    def is_container(self) -> bool:
        return self.records is not None
