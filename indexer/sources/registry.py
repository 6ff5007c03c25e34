"""The registry of source formats: which format claims a file, and which turns an input into an article.

Adding a format is one module (defining a `SourceFormat`) plus one line in `BUILT_IN` below.
`register` and `unregister` do the same at run time (tests use them). The walk (walk.py) finds a
file's format by its extension here; the worker (indexer/process.py) finds an input's
`to_article` here by the input's kind.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from types import MappingProxyType

from newsfacet.indexer.sources import documents, jsonl, reuters, warc
from newsfacet.indexer.sources.model import SourceFormat

BUILT_IN: tuple[SourceFormat, ...] = (
    documents.HTML,
    documents.TEXT,
    jsonl.FORMAT,
    warc.FORMAT,
    reuters.FORMAT,
)
GZIP = ".gz"

_formats: dict[str, SourceFormat] = {}
_by_extension: dict[str, SourceFormat] = {}
_no_records: dict[str, str] = {}
# Why a container of each kind with no record is skipped, kept in step with the registry.
NO_RECORDS: Mapping[str, str] = MappingProxyType(_no_records)


def register(source_format: SourceFormat) -> None:
    """Add a format; its name and extensions must be new (a clash would silently change an old format)."""
    clashes = [ext for ext in source_format.extensions if ext in _by_extension]
    if source_format.name in _formats or clashes:
        raise ValueError(f"format {source_format.name!r} clashes with a registered one: {clashes or 'name'}")
    bad = [ext for ext in source_format.extensions if not ext.startswith(".") or ext != ext.lower()
           or ext.endswith(GZIP)]
    if bad:
        raise ValueError(f"extensions are lower case, start with a dot and leave out .gz: {bad}")
    _formats[source_format.name] = source_format
    _by_extension.update(dict.fromkeys(source_format.extensions, source_format))
    if source_format.is_container:
        _no_records[source_format.name] = source_format.no_records


def unregister(name: str) -> SourceFormat:
    """Remove a registered format by name and return it."""
    source_format = _formats.pop(name)
    for ext in source_format.extensions:
        del _by_extension[ext]
    _no_records.pop(name, None)
    return source_format


def formats() -> tuple[SourceFormat, ...]:
    """The registered formats, in registration order."""
    return tuple(_formats.values())


def format_named(name: str) -> SourceFormat | None:
    """The format whose inputs are of this kind (`Source.kind`), or None."""
    return _formats.get(name)


def format_of_file(file_name: str) -> SourceFormat | None:
    """The format claiming a file name by its extension (a `.gz` twin too), or None."""
    lower = file_name.lower()
    base = lower[: -len(GZIP)] if lower.endswith(GZIP) else lower
    return _by_extension.get(os.path.splitext(base)[1])


for _built_in in BUILT_IN:
    register(_built_in)
