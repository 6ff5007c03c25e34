"""Integrity of the embedded index: alias, segment files, their checksums, and the stored articles.

tantivy-py 0.27 does not expose tantivy's `Index::validate_checksum`, so the footer check is done
here, following tantivy's `src/directory/footer.rs`. Every segment file ends with

    body | footer JSON {"version": {...}, "crc": u32} | u32 footer length | u32 magic 1337

(integers little-endian) where `crc` is the CRC-32 of the body: the IEEE polynomial of crc32fast,
which is what `zlib.crc32` computes. meta.json and .managed.json are written atomically by tantivy
without a footer. Reasons name indexes and files relative to the data dir, never server paths.
"""
from __future__ import annotations

import json
import os
import re
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsfacet.engine.backends.base import Check, IndexDamagedError, stored_article_id
from newsfacet.engine.backends.tantivy_store import FileStamp, IndexStore, file_stamp

FOOTER_TAIL = struct.Struct("<II")  # footer length, magic number
FOOTER_MAGIC = 1337
FOOTER_MAX = 50_000  # tantivy refuses longer footers as corrupt
SEGMENT_PARTS = ("idx", "pos", "term", "store", "fast", "fieldnorm")  # written for every segment
SEGMENT_ID = re.compile(r"^[0-9a-f]{32}$")
READ_CHUNK = 1 << 20
# healthz verifies checksums a slice at a time so one poll stays cheap on a large index.
CHECKSUMS_PER_POLL = 32 << 20


class Damage(Exception):
    """A file is not what tantivy wrote; the message is meant for a person."""


@dataclass(frozen=True)
class Segment:
    ordinal: int
    stem: str
    max_doc: int
    deleted: int
    files: tuple[Path, ...]


def read_footer(path: Path) -> tuple[int, int]:
    """(body length, CRC-32 the footer records) of one segment file; `Damage` when unsound."""
    size = path.stat().st_size
    if size < FOOTER_TAIL.size:
        raise Damage(f"is {size} bytes, shorter than a footer (truncated)")
    with path.open("rb") as handle:
        handle.seek(size - FOOTER_TAIL.size)
        length, magic = FOOTER_TAIL.unpack(handle.read(FOOTER_TAIL.size))
        if magic != FOOTER_MAGIC:
            raise Damage("does not end with tantivy's footer (truncated or overwritten)")
        if length > FOOTER_MAX or length + FOOTER_TAIL.size > size:
            raise Damage(f"has an impossible footer length {length} for {size} bytes (truncated?)")
        handle.seek(size - FOOTER_TAIL.size - length)
        try:
            crc = json.loads(handle.read(length))["crc"]
        except (ValueError, KeyError, TypeError):
            raise Damage("has an unreadable footer") from None
    if not isinstance(crc, int):
        raise Damage("has an unreadable footer")
    return size - FOOTER_TAIL.size - length, crc


def crc_slice(path: Path, start: int, end: int, crc: int) -> int:
    """`crc` continued over bytes [start, end) of the file."""
    with path.open("rb") as handle:
        handle.seek(start)
        remaining = end - start
        while remaining > 0:
            chunk = handle.read(min(READ_CHUNK, remaining))
            if not chunk:
                raise Damage("ended while its checksum was being computed")
            crc = zlib.crc32(chunk, crc)
            remaining -= len(chunk)
    return crc


def verify_checksum(path: Path) -> None:
    """`Damage` unless the file's body has the CRC-32 its footer records."""
    length, expected = read_footer(path)
    actual = crc_slice(path, 0, length, 0)
    if actual != expected:
        raise Damage(f"fails its checksum (crc32 {actual:08x}, footer says {expected:08x})")


def load_segments(directory: Path) -> list[Segment]:
    """The segments meta.json lists, in the searcher's order; `Damage` when meta.json is unsound."""
    try:
        meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise Damage("meta.json is missing") from None
    except (ValueError, OSError):
        raise Damage("meta.json is not valid JSON") from None
    if not isinstance(meta, dict) or not isinstance(meta.get("segments"), list):
        raise Damage("meta.json lists no segments")
    return [_segment(directory, ordinal, entry) for ordinal, entry in enumerate(meta["segments"])]


def _segment(directory: Path, ordinal: int, entry: Any) -> Segment:
    stem = str(entry.get("segment_id", "")).replace("-", "") if isinstance(entry, dict) else ""
    if not SEGMENT_ID.match(stem) or not isinstance(entry.get("max_doc"), int):
        raise Damage(f"meta.json has a malformed segment entry (#{ordinal})")
    files = [directory / f"{stem}.{part}" for part in SEGMENT_PARTS]
    deletes = entry.get("deletes")
    deleted = 0
    if deletes:
        try:
            files.append(directory / f"{stem}.{int(deletes['opstamp'])}.del")
            deleted = int(deletes["num_deleted_docs"])
        except (KeyError, TypeError, ValueError):
            raise Damage(f"meta.json has malformed deletes for segment {stem}") from None
    return Segment(ordinal, stem, entry["max_doc"], deleted, tuple(files))


def alias_check(store: IndexStore) -> tuple[Check, str | None]:
    """Is there an alias, valid JSON, naming a physical index on disk? Also returns that index."""
    try:
        physical = store.current()
    except IndexDamagedError as error:
        return Check("alias", False, str(error)), None
    if physical is None:
        return Check("alias", True, f"index '{store.name}' has not been written yet"), None
    if physical not in store.versions():
        return Check("alias", False, store.missing_message(physical)), None
    return Check("alias", True, f"{store.name} -> {physical}"), physical


def segments_check(store: IndexStore, physical: str, attempts: int = 3) -> tuple[Check, list[Segment]]:
    """Does meta.json parse, and does every file of every segment exist with a sound footer?

    A commit or merge that lands meanwhile replaces meta.json and then deletes the files of the
    segments it superseded: when meta.json changed during the check, the check is done again.
    """
    directory = store.path_of(physical)
    for _ in range(attempts):
        before = _meta_stamp(directory)
        check, segments = _segments_once(store, directory)
        if check.ok or _meta_stamp(directory) == before:
            break
    return check, segments


def _meta_stamp(directory: Path) -> FileStamp | None:
    try:
        return file_stamp(directory / "meta.json")
    except OSError:  # unreadable: no stamp to compare
        return None


def _segments_once(store: IndexStore, directory: Path) -> tuple[Check, list[Segment]]:
    try:
        segments = load_segments(directory)
    except Damage as damage:
        return Check("segments", False, f"{store.relative(directory)}/{damage}"), []
    problems = []
    for path in segment_files(segments):
        try:
            read_footer(path)
        except FileNotFoundError:
            problems.append(f"{store.relative(path)} is missing")
        except (Damage, OSError) as damage:
            problems.append(f"{store.relative(path)} {_reason(damage)}")
    if problems:
        return Check("segments", False, _summary(problems)), segments
    count = sum(len(segment.files) for segment in segments)
    return Check("segments", True, f"{len(segments)} segments, {count} files with sound footers"), segments


def checksums_check(store: IndexStore, segments: list[Segment]) -> Check:
    """Recompute every segment file's CRC-32 and compare it with its footer (reads every byte)."""
    problems, total = [], 0
    for path in segment_files(segments):
        try:
            verify_checksum(path)
            total += path.stat().st_size
        except FileNotFoundError:
            if _still_listed(path):  # else a concurrent merge superseded it: not damage
                problems.append(f"{store.relative(path)} is missing")
        except (Damage, OSError) as damage:
            problems.append(f"{store.relative(path)} {_reason(damage)}")
    if problems:
        return Check("checksums", False, _summary(problems))
    return Check("checksums", True, f"{sum(len(s.files) for s in segments)} files, {total:,} bytes verified")


def _still_listed(path: Path) -> bool:
    """Whether meta.json, read now, still lists this file."""
    try:
        return any(path in segment.files for segment in load_segments(path.parent))
    except Damage:
        return True


def _reason(error: Exception) -> str:
    if isinstance(error, OSError):  # its own text would quote the absolute path
        return f"cannot be read ({error.strerror or type(error).__name__})"
    return str(error) if isinstance(error, Damage) else type(error).__name__


def _summary(problems: list[str], shown: int = 5) -> str:
    more = f"; and {len(problems) - shown} more" if len(problems) > shown else ""
    return "; ".join(problems[:shown]) + more


def segment_files(segments: list[Segment]) -> Iterator[Path]:
    for segment in segments:
        yield from segment.files


def directory_stamp(store: IndexStore, physical: str | None) -> tuple:
    """Changes whenever the alias or any file of the physical index is written, renamed or removed."""
    entries: list[tuple[str, int, int]] = []
    if physical is not None:
        try:
            with os.scandir(store.path_of(physical)) as found:
                for entry in found:
                    stat = entry.stat()
                    entries.append((entry.name, stat.st_size, stat.st_mtime_ns))
        except OSError:
            entries.append(("<unreadable>", 0, 0))
    return store.alias_stamp(), physical, tuple(sorted(entries))


def segments_match(searcher: Any, segments: list[Segment]) -> bool:
    """Whether the searcher reads exactly these segments (same count, same live documents)."""
    live = sum(segment.max_doc - segment.deleted for segment in segments)
    return searcher.num_segments == len(segments) and searcher.num_docs == live


def documents_check(searcher: Any, schema: Any, segments: list[Segment], batch_size: int = 500) -> Check:
    """Every stored article decodes with its required fields, and its id's term finds that very doc."""
    from newsfacet.engine.backends.tantivy_schema import stored_dict
    from tantivy import DocAddress, Query

    problems: list[str] = []
    found = 0
    for segment in segments:
        for start in range(0, segment.max_doc, batch_size):
            ids: dict[tuple[int, int], str] = {}
            for doc in range(start, min(start + batch_size, segment.max_doc)):
                try:
                    stored = stored_dict(searcher.doc(DocAddress(segment.ordinal, doc)))
                    ids[(segment.ordinal, doc)] = stored_article_id(stored)
                except BaseException as error:  # noqa: BLE001 - pyo3 panics on damaged data are BaseException
                    reraise_unless_damage(error)
                    problems.append(f"segment {segment.stem} doc {doc}: {_doc_reason(error)}")
            if ids:
                query = Query.term_set_query(schema, "id", sorted(set(ids.values())))
                try:
                    hits = searcher.search(query, len(ids) * 4, count=False).hits
                except BaseException as error:  # noqa: BLE001 - see above
                    reraise_unless_damage(error)
                    return Check("documents", False, f"looking articles up by id fails in segment {segment.stem} "
                                                     f"({_doc_reason(error)}): postings damaged")
                found += sum(1 for _, address in hits if (address.segment_ord, address.doc) in ids)
    alive = searcher.num_docs
    if found != alive:
        problems.append(f"{alive - found} of {alive} live articles are not found by their id (postings damaged)")
    if problems:
        return Check("documents", False, _summary(problems))
    return Check("documents", True, f"{alive} articles decode and are found by their id")


def is_panic(error: BaseException) -> bool:
    """A Rust panic inside tantivy (pyo3's PanicException, a BaseException): what damaged files cause."""
    return type(error).__name__ == "PanicException"


def reraise_unless_damage(error: BaseException) -> None:
    """Let interrupts and exits through; keep errors and tantivy panics."""
    if not (isinstance(error, Exception) or is_panic(error)):
        raise error


def _doc_reason(error: BaseException) -> str:
    if isinstance(error, UnicodeDecodeError):
        return "stored bytes are not UTF-8"
    if isinstance(error, json.JSONDecodeError):
        return "stored bytes are not valid JSON"
    if isinstance(error, ValueError) and str(error).startswith("the stored"):
        return str(error)
    return f"cannot be read ({type(error).__name__})"


class HealthMonitor:
    """What `/healthz` asks on every poll, kept cheap.

    The structural check (alias, meta.json, every segment file present with a sound footer) is
    redone only when the alias or a file of the index changed (names, sizes, mtimes). Checksums
    are verified a slice per poll (`CHECKSUMS_PER_POLL` bytes) and remembered per file version, so
    a rewritten file is checked again; bit rot that leaves the mtime alone is `newsfacet check`'s job.
    """

    def __init__(self, store: IndexStore, budget: int = CHECKSUMS_PER_POLL) -> None:
        self.store = store
        self.budget = budget
        self._stamp: tuple | None = None
        self._structure: list[Check] = []
        self._files: list[Path] = []
        self._progress: dict[tuple[str, int, int], tuple[int, int]] = {}  # file version -> (offset, crc)
        self._verdicts: dict[tuple[str, int, int], str | None] = {}  # file version -> damage, None if sound

    def poll(self) -> tuple[str | None, list[str], int]:
        """(physical index, reasons it is unhealthy, files whose checksum is still pending)."""
        alias, physical = alias_check(self.store)
        if not alias.ok or physical is None:
            self._stamp = None
            return physical, ([] if alias.ok else [alias.reason]), 0
        stamp = directory_stamp(self.store, physical)
        if stamp != self._stamp:
            check, segments = segments_check(self.store, physical)
            self._structure = [] if check.ok else [check.reason]
            self._files = list(segment_files(segments))
            self._stamp = stamp
        if self._structure:
            return physical, list(self._structure), 0
        damaged, pending = self._advance_checksums()
        return physical, damaged, pending

    def _advance_checksums(self) -> tuple[list[str], int]:
        budget = self.budget
        live, damaged, pending = set(), [], 0
        for path in self._files:
            try:
                stat = path.stat()
            except OSError:
                continue  # gone since the structural check: the next poll's stamp differs
            key = (path.name, stat.st_size, stat.st_mtime_ns)
            live.add(key)
            if key not in self._verdicts and budget > 0:
                budget -= self._verify_slice(path, key, budget)
            if key not in self._verdicts:
                pending += 1
            elif self._verdicts[key]:
                damaged.append(f"{self.store.relative(path)} {self._verdicts[key]}")
        self._verdicts = {key: value for key, value in self._verdicts.items() if key in live}
        self._progress = {key: value for key, value in self._progress.items() if key in live}
        return damaged, pending

    def _verify_slice(self, path: Path, key: tuple[str, int, int], budget: int) -> int:
        """Continue one file's CRC by up to `budget` bytes; returns the bytes read."""
        offset, crc = self._progress.get(key, (0, 0))
        try:
            length, expected = read_footer(path)
            end = min(length, offset + budget)
            crc = crc_slice(path, offset, end, crc)
        except FileNotFoundError:
            return 1  # superseded by a merge since the structural check; the next poll sees the new files
        except (Damage, OSError) as damage:
            self._verdicts[key] = _reason(damage)
            return 1
        if end < length:
            self._progress[key] = (end, crc)
        else:
            self._progress.pop(key, None)
            self._verdicts[key] = None if crc == expected else "fails its checksum"
        return max(end - offset, 1)
