"""Files and folders: walk them safely, tell each file's kind, read one file's bytes.

Folders are walked sorted, following symlinks but never entering a folder twice (so symlink
loops end). Inside folders only files with a known extension are inputs; hidden files and
documentation files (README, LICENSE, ...) are passed over. A file named on the command line is
always an input: with an unknown extension it is filed as skipped, never silently dropped.
"""
from __future__ import annotations

import errno
import gzip
import os
import stat
import zlib
from collections.abc import Iterator
from pathlib import Path

from newsfacet.indexer.errors import InputFailed, InputSkipped
from newsfacet.indexer.names import escape_name
from newsfacet.indexer.sources.model import FileStamp, Source, rejected

SINGLE_KINDS = {".html": "html", ".htm": "html", ".xhtml": "html", ".txt": "text"}
CONTAINER_KINDS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".warc": "warc", ".sgm": "reuters"}
# A container that yields no record is still one input, filed as skipped with this reason.
NO_RECORDS = {"jsonl": "no records: no JSON line in the file", "warc": "no records: no HTTP response in the file",
              "reuters": "no records: no <REUTERS> story in the file"}
# Added to the reason when a container stops being readable part-way.
REST_NOT_READ = "the rest of the file was not read"
# Folder entries that describe a corpus rather than belong to it.
_DOC_STEMS = {"readme", "license", "licence", "copying", "changelog", "source", "notice", "authors"}


def file_kind(name: str) -> tuple[str | None, bool]:
    """(kind, gzip-compressed) from a file name; kind None when the extension is unknown."""
    lower = name.lower()
    compressed = lower.endswith(".gz")
    base = lower[:-3] if compressed else lower
    suffix = os.path.splitext(base)[1]
    return SINGLE_KINDS.get(suffix) or CONTAINER_KINDS.get(suffix), compressed


def is_doc_file(name: str) -> bool:
    """README, LICENSE and the like: they describe a corpus, they are not articles."""
    return name.split(".", 1)[0].lower() in _DOC_STEMS


def _stat_error(path: str, error: OSError) -> InputFailed:
    if error.errno == errno.ELOOP:
        return InputFailed("symlink loop")
    if isinstance(error, FileNotFoundError):
        return InputFailed("broken symlink" if os.path.islink(path) else "no such file")
    if isinstance(error, PermissionError):
        return InputFailed("permission denied")
    return InputFailed(f"cannot stat: {error.strerror or error}")


def expand_path(path: str, seen_dirs: set[tuple[int, int]], max_bytes: int, explicit: bool) -> Iterator[Source]:
    """The inputs at one path: the file itself, its records, or everything under a folder.

    `path` opens the file; the input's name (reports, journal, article) is its escaped form.
    """
    name = escape_name(path)
    try:
        info = os.stat(path)
    except OSError as error:
        yield rejected(name, _stat_error(path, error))
        return
    if stat.S_ISDIR(info.st_mode):
        yield from _walk(path, info, seen_dirs, max_bytes)
        return
    kind, compressed = file_kind(os.path.basename(path))
    if kind is None:
        if explicit:
            yield rejected(name, InputSkipped(f"unsupported file type {Path(name).suffix or '(none)'}"))
        return
    stamp = FileStamp(path, info.st_size, info.st_mtime_ns)
    if not stat.S_ISREG(info.st_mode):
        # Never open a FIFO or a device: reading it could block the run forever.
        yield rejected(name, InputFailed("not a regular file (FIFO, socket or device)"), stamp)
        return
    if kind in CONTAINER_KINDS.values():
        yield from _container_records(path, name, kind, stamp, max_bytes)
        return
    yield Source(source=name, kind=kind, stamp=stamp, path=path)


def _walk(path: str, info: os.stat_result, seen_dirs: set[tuple[int, int]], max_bytes: int) -> Iterator[Source]:
    identity = (info.st_dev, info.st_ino)
    if identity in seen_dirs:  # reached again through a symlink: a loop or an alias
        return
    seen_dirs.add(identity)
    try:
        names = sorted(os.listdir(path))
    except OSError as error:
        yield rejected(escape_name(path), InputFailed(f"cannot list folder: {error.strerror or error}"))
        return
    for name in names:
        if name.startswith("."):
            continue
        child = os.path.join(path, name)
        if os.path.isdir(child):
            yield from expand_path(child, seen_dirs, max_bytes, explicit=False)
        elif file_kind(name)[0] is not None and not is_doc_file(name):
            yield from expand_path(child, seen_dirs, max_bytes, explicit=False)


def _container_records(path: str, name: str, kind: str, stamp: FileStamp, max_bytes: int) -> Iterator[Source]:
    """The records of a container file; the file itself, skipped, when it holds none."""
    if kind == "jsonl":
        from newsfacet.indexer.sources.jsonl import jsonl_records as records
    elif kind == "warc":
        from newsfacet.indexer.sources.warc import warc_records as records
    else:
        from newsfacet.indexer.sources.reuters import reuters_records as records
    empty = True
    for record in records(path, stamp, max_bytes, name):
        empty = False
        yield record
    if empty:
        yield rejected(name, InputSkipped(NO_RECORDS[kind]), stamp)


def folder_topic(path: str) -> str | None:
    """The name of the folder directly holding the file: `bbc/sport/001.txt` -> `sport`.

    Taken from the absolute path as given (a symlinked folder gives its own name), so a file has
    the same topic whether its folder was walked or the file was named, from any working folder.
    """
    name = os.path.basename(os.path.dirname(os.path.abspath(path)))
    return escape_name(name) or None


def open_input(path: str):
    """A binary file object over the (decompressed) contents of a file."""
    try:
        if path.lower().endswith(".gz"):
            return gzip.open(path, "rb")
        return open(path, "rb")  # noqa: SIM115 - the caller closes it
    except OSError as error:
        raise read_error(error) from error


def read_error(error: BaseException) -> InputFailed:
    """A reason a person can read for an error met while reading an input."""
    if isinstance(error, PermissionError):
        return InputFailed("permission denied")
    if isinstance(error, IsADirectoryError):
        return InputFailed("is a folder, not a file")
    if isinstance(error, EOFError):
        return InputFailed("truncated gzip data")
    if isinstance(error, (gzip.BadGzipFile, zlib.error)):
        return InputFailed(f"corrupt gzip data: {error}")
    if isinstance(error, OSError):
        return InputFailed(f"cannot read: {error.strerror or error}")
    return InputFailed(f"cannot read: {type(error).__name__}: {error}")


def container_error(error: BaseException) -> InputFailed:
    """The reason for a container that stopped being readable after some records."""
    return InputFailed(f"{read_error(error).reason}; {REST_NOT_READ}")


def read_bytes(path: str, max_bytes: int) -> bytes:
    """The whole (decompressed) file, or InputSkipped/InputFailed with the reason."""
    try:
        with open_input(path) as handle:
            data = handle.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as error:
        raise read_error(error) from error
    if len(data) > max_bytes:
        raise InputSkipped(f"larger than the {max_bytes // 1_000_000} MB limit (--max-mb)")
    if not data.strip():
        raise InputSkipped("empty file")
    return data
