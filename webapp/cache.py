"""What the web app keeps between requests, and what it tells browsers so they keep it too.

- **Search results** keyed by the index generation (`Backend.generation()`: it changes with every
  commit, delete or alias switch) and the engine request (`SearchRequest.cache_key()`), shared by
  every view that runs the same search (the page and its JSON twin with the same state, a feed).
- **Finished bodies** of the search page and its JSON and Atom twins, keyed by the generation and the
  URL. The page's one per-visitor part, the CSRF token of its save form, is written into the cached
  bytes as a marker and filled in for each visitor.
- **ETag / 304**: a weak ETag from the generation, the code and the URL, checked before any search.
- **gzip** for text responses, made once per cached body; streamed exports stay streamed.

A commit empties the cache in effect: keys of the old generation are never asked again and age out.
Each gunicorn worker process has its own cache (bounded below), so a hot search is computed once per
worker; requests for a body another thread of the worker is making wait for it instead of making it
again (after a commit or a start, every visitor of a hot page would otherwise run the same search).
Entries live at most MAX_AGE_SECONDS, well inside the five minutes an Elasticsearch cursor's
point in time is kept, so a cached page never hands out a dead cursor.
"""
from __future__ import annotations

import gzip
import hashlib
import struct
import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from cachetools import TTLCache
from flask import Flask, Response, request
from newsfacet.engine.backends.base import Backend
from newsfacet.engine.counts_memo import CountsMemo
from newsfacet.engine.search import SearchRequest, SearchResult
from newsfacet.webapp.context import SETTINGS_CONFIG

RESULT_ENTRIES = 256  # search results per worker (a result holds at most one page of hits)
MEGABYTE = 1024 * 1024  # finished bodies per worker, plain and compressed together: the response_cache_mb setting
MAX_AGE_SECONDS = 120
GZIP_LEVEL = 5  # most of level 9's gain on HTML and JSON at a third of its cost
MIN_GZIP_BYTES = 1024  # smaller bodies gain less than the header costs
CSRF_MARKER = "\u2063newsfacet-csrf\u2063"  # stands for the visitor's token in a cached page
CACHE_HEADER = "X-Newsfacet-Cache"  # what the benchmark counts: one of the three below
HIT, MISS, WAIT = "hit", "miss", "wait"  # wait: made by another request at the same time, waited for
COMPRESSIBLE = ("text/html", "application/json", "application/atom+xml", "text/csv", "application/problem+json")


@dataclass(frozen=True)
class Body:
    """A finished response body, kept compressed only.

    Nearly every client takes gzip, and a search page is 9x smaller compressed (86 KB of HTML, 9 KB
    gzipped): keeping the plain bytes as well let the 48 MB budget hold about 350 of a worker's answers
    instead of 3,000, so a mix of 1,000 URLs was evicted before it came round again. A client that
    does not take gzip gets the body inflated on the way out (about 0.1 ms for a page).

    A body with blanks (the search page's form token, different for each visitor) keeps its parts
    between the blanks, each compressed on its own; a visitor's copy is then spliced from them
    (`filled`) instead of being compressed again on every hit, which took a third of a cached page's
    time."""

    compressed: bytes  # one whole gzip member; empty when the body has blanks
    mimetype: str
    deflated_parts: tuple[bytes, ...] = ()  # raw deflate; every part inflates on its own
    part_sums: tuple[tuple[int, int, int], ...] = ()  # per part: CRC-32, length, CRC-32 of as many zeros
    # False for an answer that a retry may improve (facets not counted within the time budget):
    # it is neither kept nor given a validator, so the next request counts again.
    keep: bool = True

    @classmethod
    def of(cls, text: str, mimetype: str, blank: str | None = None, keep: bool = True) -> Body:
        plain = text.encode("utf-8")
        if blank is None or blank not in text:
            return cls(gzip.compress(plain, GZIP_LEVEL, mtime=0), mimetype, keep=keep)
        parts = tuple(plain.split(blank.encode("utf-8")))
        sums = tuple((zlib.crc32(part), len(part), zlib.crc32(bytes(len(part)))) for part in parts)
        return cls(b"", mimetype, _deflated(parts), sums, keep=keep)

    @property
    def size(self) -> int:
        return len(self.compressed) + sum(map(len, self.deflated_parts))

    def filled(self, value: bytes, compressed: bool) -> bytes:
        """The body with every blank replaced by `value`: gzip when `compressed`, else plain bytes."""
        if not self.deflated_parts:
            return self.compressed if compressed else gzip.decompress(self.compressed)
        if not compressed or len(value) > MAX_STORED_BLOCK:
            plain = value.join(zlib.decompressobj(-zlib.MAX_WBITS).decompress(part) for part in self.deflated_parts)
            return gzip.compress(plain, GZIP_LEVEL, mtime=0) if compressed else plain
        crc, length = self.part_sums[0][:2]
        for part_crc, part_length, zeros_crc in self.part_sums[1:]:
            crc = zlib.crc32(value, crc)
            # CRC-32 of (what came before + this part), from the part's own CRC: the register
            # advanced over as many zero bytes, less what the zeros alone give.
            crc = zlib.crc32(bytes(part_length), crc) ^ zeros_crc ^ part_crc
            length += len(value) + part_length
        stored = b"\x00" + struct.pack("<HH", len(value), len(value) ^ 0xFFFF) + value
        return GZIP_HEADER + stored.join(self.deflated_parts) + struct.pack("<II", crc, length & 0xFFFFFFFF)


# A gzip member header: deflate, no name or flags, no time (like gzip.compress(mtime=0)), unknown OS.
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
MAX_STORED_BLOCK = 0xFFFF  # the largest deflate stored block: a filled-in value goes in one, as it is


def _deflated(parts: tuple[bytes, ...]) -> tuple[bytes, ...]:
    """Each part as raw deflate blocks that may be joined by stored blocks: every part but the last
    ends on a full flush (byte-aligned, nothing refers back across it), the last ends the stream."""
    deflated = []
    for number, part in enumerate(parts):
        squeezer = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
        end = zlib.Z_FINISH if number == len(parts) - 1 else zlib.Z_FULL_FLUSH
        deflated.append(squeezer.compress(part) + squeezer.flush(end))
    return tuple(deflated)


class _Making:
    """A body one thread is making; the others asking for it wait for `done`."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.made: Body | None = None
        self.failed = True  # until make() returned: a waiter then makes its own


class ResponseCache:
    """Bounded, expiring and shared by the threads of one worker."""

    def __init__(self, body_bytes: int, result_entries: int = RESULT_ENTRIES,
                 max_age: float = MAX_AGE_SECONDS) -> None:
        # A budget of 0 keeps nothing (the benchmark's baseline); ETags, 304 and gzip still work.
        self.enabled = body_bytes > 0
        self._results: TTLCache = TTLCache(max(result_entries, 1), max_age)
        self._bodies: TTLCache = TTLCache(max(body_bytes, 1), max_age, getsizeof=lambda body: body.size)
        self._lock = threading.Lock()
        self._making: dict[tuple, _Making] = {}  # bodies being made now, by key
        self.code = _code_token()
        # Facet counts reused by the other pages of a search (engine.counts_memo); None when caching is off.
        self.counts = CountsMemo(max(result_entries, 1), max_age) if self.enabled else None

    def result(self, backend: Backend, search: SearchRequest, run: Callable[[], SearchResult]) -> SearchResult:
        """The result of `search`, run at most once per generation while it stays cached."""
        generation = backend.generation()
        if generation is None or not self.enabled:
            return run()
        key = (generation, search.cache_key())
        with self._lock:
            found = self._results.get(key)
        if found is None:
            found = run()
            if not found.timed_out:  # a retry may count what the time budget cut off
                with self._lock:
                    self._results[key] = found
        return found

    def body(self, key: tuple, make: Callable[[], Body | None]) -> tuple[Body | None, str]:
        """The cached body under `key` (generation first), else `make()`'s, kept when it is not None.
        Returns it and where it came from: HIT, MISS (made here) or WAIT (made by another thread
        at the same time; its answer is shared even when not kept, as it is as fresh as a new one)."""
        if not self.enabled:
            return make(), MISS
        with self._lock:
            found = self._bodies.get(key)
            if found is not None:
                return found, HIT
            making = self._making.get(key)
            if making is None:
                mine = self._making[key] = _Making()
        if making is not None:
            making.done.wait()
            if not making.failed:
                return making.made, WAIT
            return make(), MISS  # the other thread's make() raised: try once more here
        try:
            made = mine.made = make()
            mine.failed = False
        finally:
            with self._lock:
                if not mine.failed and made is not None and made.keep and made.size <= self._bodies.maxsize // 8:
                    self._bodies[key] = made  # never a body that would crowd out the rest
                del self._making[key]
            mine.done.set()
        return made, MISS

    def kept(self, key: tuple) -> Body | None:
        """The cached body under `key`, if any (nothing is made)."""
        with self._lock:
            return self._bodies.get(key)

    @property
    def held_bytes(self) -> int:
        """What the kept bodies count against the budget."""
        with self._lock:
            return self._bodies.currsize

    def clear(self) -> None:
        """Forget everything (for code that changes what a search answers, as tests lowering bounds do)."""
        with self._lock:
            self._results.clear()
            self._bodies.clear()

    def etag(self, generation: str, kind: str) -> str:
        """The validator of this URL's answer in this generation and code."""
        parts = "\n".join((self.code, generation, kind, request.url))
        return hashlib.blake2b(parts.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


def _code_token() -> str:
    """Changes when the app's code or templates change, so an old ETag is not taken for a new page."""
    try:
        version = metadata.version("newsfacet")
    except metadata.PackageNotFoundError:
        version = "unknown"
    here = Path(__file__).parent
    stamps = [path.stat().st_mtime_ns for folder in (here, here / "templates", here / "static")
              for path in folder.iterdir() if path.is_file()]
    return f"{version}:{max(stamps, default=0)}"


def not_modified(etag: str) -> Response | None:
    """A 304 when the client already holds this answer."""
    if request.if_none_match.contains_weak(etag):
        response = Response(status=304)
        response.set_etag(etag, weak=True)
        return response
    return None


def send(body: Body, etag: str, source: str, private: bool, status: int = 200, fill: bytes = b"") -> Response:
    """`body` as a response, its blanks filled with `fill` (Body.filled), compressed when the client
    takes gzip, with its ETag and cache headers."""
    packed = _accepts_gzip()
    response = Response(body.filled(fill, compressed=packed), status=status, mimetype=body.mimetype)
    if packed:
        response.headers["Content-Encoding"] = "gzip"
    if body.keep:
        response.set_etag(etag, weak=True)
    # Private: the page carries the visitor's form token. Either way, ask again before reusing (a
    # 304 costs no search), since a commit may change the answer at any time.
    response.headers["Cache-Control"] = f"{'private' if private else 'public'}, no-cache"
    response.headers[CACHE_HEADER] = source
    response.vary.add("Accept-Encoding")
    return response


def _accepts_gzip() -> bool:
    return request.accept_encodings["gzip"] > 0


def compress(response: Response) -> Response:
    """gzip a finished text response (after_request), unless streamed, small or already encoded."""
    if (response.direct_passthrough or response.is_streamed or response.status_code < 200
            or response.status_code in (204, 304) or "Content-Encoding" in response.headers
            or response.mimetype not in COMPRESSIBLE or not _accepts_gzip()):
        return response
    data = response.get_data()
    if len(data) < MIN_GZIP_BYTES:
        return response
    response.set_data(gzip.compress(data, GZIP_LEVEL, mtime=0))
    response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    return response


def init_app(app: Flask) -> None:
    app.extensions["newsfacet_cache"] = ResponseCache(app.config[SETTINGS_CONFIG]["response_cache_mb"] * MEGABYTE)
    app.after_request(compress)


def get_cache() -> ResponseCache:
    from flask import current_app

    return current_app.extensions["newsfacet_cache"]
