"""Finding inputs: walk files and folders safely and hand each file to its format.

Folders are walked sorted, following symlinks but never entering a folder twice (so symlink
loops end). Inside folders only files a registered format claims are inputs; hidden files and
documentation files (README, LICENSE, ...) are passed over. A file named on the command line is
always an input: with an unknown extension it is filed as skipped, never silently dropped.

The main process only walks folders and splits container files (cheap, sequential I/O); a
single-document file is read by a worker, so the main process never holds more than the
records in flight.
"""
from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from newsfacet.indexer.errors import InputFailed, InputSkipped
from newsfacet.indexer.names import escape_name
from newsfacet.indexer.sources.model import FileStamp, Source, SourceFormat, rejected
from newsfacet.indexer.sources.registry import format_of_file

# Folder entries that describe a corpus rather than belong to it.
_DOC_STEMS = {"readme", "license", "licence", "copying", "changelog", "source", "notice", "authors"}
# The single-document format whose files --topic-from-folder labels (plain text declares no topic).
_TOPIC_FROM_FOLDER_KIND = "text"


def iter_sources(paths: Iterable[str], max_bytes: int, topic_from_folder: bool = False) -> Iterator[Source]:
    """Every input under the given files and folders, in a stable (sorted) order.

    With `topic_from_folder`, each text file's topic hint is the name of its folder (see folder_topic).
    """
    seen_dirs: set[tuple[int, int]] = set()
    for raw in paths:
        for source in expand_path(raw, seen_dirs, max_bytes, explicit=True):
            if topic_from_folder and source.kind == _TOPIC_FROM_FOLDER_KIND and source.path:
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


def is_doc_file(name: str) -> bool:
    """README, LICENSE and the like: they describe a corpus, they are not articles."""
    return name.split(".", 1)[0].lower() in _DOC_STEMS


def folder_topic(path: str) -> str | None:
    """The name of the folder directly holding the file: `bbc/sport/001.txt` -> `sport`.

    Taken from the absolute path as given (a symlinked folder gives its own name), so a file has
    the same topic whether its folder was walked or the file was named, from any working folder.
    """
    name = os.path.basename(os.path.dirname(os.path.abspath(path)))
    return escape_name(name) or None


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
    source_format = format_of_file(os.path.basename(path))
    if source_format is None:
        if explicit:
            yield rejected(name, InputSkipped(f"unsupported file type {Path(name).suffix or '(none)'}"))
        return
    stamp = FileStamp(path, info.st_size, info.st_mtime_ns)
    if not stat.S_ISREG(info.st_mode):
        # Never open a FIFO or a device: reading it could block the run forever.
        yield rejected(name, InputFailed("not a regular file (FIFO, socket or device)"), stamp)
        return
    if source_format.is_container:
        yield from _container_records(path, name, source_format, stamp, max_bytes)
        return
    yield Source(source=name, kind=source_format.name, stamp=stamp, path=path)


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
        elif format_of_file(name) is not None and not is_doc_file(name):
            yield from expand_path(child, seen_dirs, max_bytes, explicit=False)


def _container_records(path: str, name: str, source_format: SourceFormat, stamp: FileStamp,
                       max_bytes: int) -> Iterator[Source]:
    """The records of a container file; the file itself, skipped, when it holds none."""
    empty = True
    for record in source_format.records(path, stamp, max_bytes, name):
        empty = False
        yield record
    if empty:
        yield rejected(name, InputSkipped(source_format.no_records), stamp)
