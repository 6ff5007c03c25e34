"""The embedded default backend: a tantivy index on local disk."""
from __future__ import annotations

import functools
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import tantivy
from tantivy import Order, Query

from engine.backends import tantivy_check as checks
from engine.backends.base import Backend, BackendError, Check, IndexDamagedError, WriterBusyError, WriteResult
from engine.backends.tantivy_query import QueryCompiler
from engine.backends.tantivy_schema import (
    build_analyzers,
    build_schema,
    from_document,
    to_document,
)
from engine.backends.tantivy_search import (
    run_counts,
    run_search,
)
from engine.backends.tantivy_store import IndexStore
from engine.facets import FACETS
from engine.model import Article
from engine.plan import facet_values_pass, stats_pass, top_values
from engine.saved import SavedSearchStore, SqliteSavedSearches
from engine.search import FacetResult, SearchRequest, SearchResult, facet_from_terms

WRITER_HEAP = 256_000_000


def _panics_as_damage(method: Callable) -> Callable:
    """tantivy panics on some damaged files; a person gets "index damaged", not a dead worker."""
    @functools.wraps(method)
    def guarded(self: TantivyBackend, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except BaseException as error:
            if not checks.is_panic(error):
                raise
            raise IndexDamagedError(f"index '{self.store.name}' could not be read ({self.store.scrub(str(error))}); "
                                    "run `newsfacet check`") from None
    return guarded


class TantivyBackend(Backend):
    """Articles in an on-disk tantivy index under `<data_dir>/tantivy/`.

    One writer at a time (tantivy's own lock file); any number of readers, which pick up new
    commits and alias switches on their next search.
    """

    name = "tantivy"
    capabilities = frozenset({"stemming", "highlight", "cursor", "calendar_histogram"})

    def __init__(self, data_dir: str | os.PathLike, index: str = "articles", physical: str | None = None,
                 stemming: bool = True) -> None:
        self.store = IndexStore(data_dir, index)
        self.schema = build_schema()
        self.analyzers = build_analyzers()
        self.compiler = QueryCompiler(self.schema, self.analyzers, stemming)
        self._fixed_physical = physical
        self._index: tantivy.Index | None = None
        self._opened: tuple[str, int | None] | None = None
        self._writer: tantivy.IndexWriter | None = None
        self._monitor = checks.HealthMonitor(self.store)
        self._monitor_lock = threading.Lock()  # web workers poll /healthz from several threads

    # -- opening ---------------------------------------------------------------------------
    def _physical(self) -> str | None:
        return self._fixed_physical or self.store.current()

    def _open(self, create: bool) -> tantivy.Index | None:
        """The current physical index, reopened when the alias moved; created when asked."""
        stamp = self.store.alias_stamp()
        physical = self._physical()
        if physical is None and create:
            physical = self.store.next_version()
            self._create_physical(physical)
            self.store.point_alias(physical)
            stamp = self.store.alias_stamp()
        if physical is None:
            return None
        if self._index is None or self._opened != (physical, stamp if not self._fixed_physical else None):
            self._index = self._load(physical)
            self._opened = (physical, stamp if not self._fixed_physical else None)
        return self._index

    def _create_physical(self, physical: str) -> None:
        path = self.store.path_of(physical)
        path.mkdir(parents=True, exist_ok=True)
        self._register(tantivy.Index(self.schema, path=str(path), reuse=True))

    def _load(self, physical: str) -> tantivy.Index:
        path = self.store.path_of(physical)
        if not path.is_dir():
            raise IndexDamagedError(self.store.missing_message(physical))
        try:
            return self._register(tantivy.Index(self.schema, path=str(path), reuse=True))
        except ValueError as error:
            # tantivy's message quotes absolute file paths; people see the index and file names only.
            fix = ("it was built by another version of newsfacet: rebuild it with "
                   "`newsfacet reindex --from-sources PATH...`" if "schema does not match" in str(error)
                   else "run `newsfacet check`")
            raise IndexDamagedError(f"cannot open index '{self.store.name}' ({physical}): "
                                    f"{self.store.scrub(str(error))}; {fix}") from error

    def _register(self, index: tantivy.Index) -> tantivy.Index:
        for name, analyzer in self.analyzers.items():
            index.register_tokenizer(name, analyzer)
        return index

    def _searcher(self) -> tantivy.Searcher | None:
        index = self._open(create=False)
        if index is None:
            return None
        try:
            index.reload()
            return index.searcher()
        except ValueError as error:  # e.g. a segment file vanished under the reader
            raise IndexDamagedError(f"cannot read index '{self.store.name}': {self.store.scrub(str(error))}; "
                                    "run `newsfacet check`") from error

    def create_physical(self, physical: str) -> TantivyBackend:
        """A backend writing into a new physical index that the alias does not point at yet."""
        self._create_physical(physical)
        return TantivyBackend(self.store.root.parent, self.store.name, physical=physical)

    # -- writing ---------------------------------------------------------------------------
    def _writer_for(self) -> tantivy.IndexWriter:
        if self._writer is None:
            index = self._open(create=True)
            try:
                self._writer = index.writer(WRITER_HEAP, min(2, os.cpu_count() or 1))
            except ValueError as error:
                if "LockBusy" in str(error):
                    raise WriterBusyError(
                        f"another process is writing to index '{self.store.name}' ({self._physical()}); "
                        "wait for it to finish (one writer at a time)") from error
                raise BackendError(f"cannot open a writer: {self.store.scrub(str(error))}") from error
        return self._writer

    def acquire_writer(self) -> None:
        self._writer_for()

    def write(self, articles: Iterable[Article]) -> list[WriteResult]:
        writer = self._writer_for()
        results = []
        now = datetime.now(UTC)
        for article in articles:
            try:
                article.indexed_at = article.indexed_at or now
                writer.delete_documents_by_term("id", article.id)
                writer.add_document(to_document(article))
                results.append(WriteResult(article.id, True))
            except (ValueError, TypeError, OverflowError) as error:
                results.append(WriteResult(article.id, False, f"tantivy refused the document: {error}"))
        writer.commit()
        return results

    def delete(self, ids: Iterable[str]) -> None:
        writer = self._writer_for()
        for article_id in ids:
            writer.delete_documents_by_term("id", article_id)
        writer.commit()

    @_panics_as_damage
    def existing_fingerprints(self, fingerprints: Iterable[str]) -> set[str]:
        wanted = sorted(set(fingerprints))
        searcher = self._searcher()
        if not wanted or searcher is None:
            return set()
        query = Query.term_set_query(self.schema, "fingerprint", wanted)
        hits = searcher.search(query, len(wanted) * 4, count=False).hits
        return {from_document(searcher.doc(address)).fingerprint for _, address in hits} & set(wanted)

    # -- reading ---------------------------------------------------------------------------
    @_panics_as_damage
    def search(self, request: SearchRequest) -> SearchResult:
        started = time.perf_counter()
        searcher = self._searcher()
        if searcher is None:
            return SearchResult([], 0, {}, [], None, (time.perf_counter() - started) * 1000)
        return run_search(searcher, self.compiler, request, started)

    @_panics_as_damage
    def facet_values(self, request: SearchRequest, facet: str, prefix: str = "",
                     limit: int = 100) -> FacetResult:
        if facet not in FACETS:
            raise BackendError(f"unknown facet {facet!r}")
        searcher = self._searcher()
        if searcher is None:
            return FacetResult(facet, [])
        count_pass = facet_values_pass(request, facet, limit, prefix)
        query = self.compiler.filtered(self.compiler.compile(request.parsed), count_pass.filters)
        return facet_from_terms(facet, run_counts(searcher, query, count_pass).terms[facet], request)

    @_panics_as_damage
    def get(self, article_id: str) -> Article | None:
        searcher = self._searcher()
        if searcher is None:
            return None
        hits = searcher.search(Query.term_query(self.schema, "id", article_id), 1).hits
        return from_document(searcher.doc(hits[0][1])) if hits else None

    def scan(self, batch_size: int = 500) -> Iterator[Article]:
        searcher = self._searcher()
        if searcher is None:
            return
        # One searcher for the whole scan: a consistent snapshot even while others write.
        total = searcher.num_docs
        for offset in range(0, total, batch_size):
            yield from self._scan_page(searcher, offset, batch_size)

    @_panics_as_damage
    def _scan_page(self, searcher: tantivy.Searcher, offset: int, batch_size: int) -> list[Article]:
        hits = searcher.search(Query.all_query(), batch_size, count=False, offset=offset,
                               order_by_field="sort_key", order=Order.Asc).hits
        return [from_document(searcher.doc(address)) for _, address in hits]

    @_panics_as_damage
    def count(self) -> int:
        searcher = self._searcher()
        return searcher.num_docs if searcher is not None else 0

    @_panics_as_damage
    def stats(self, facet_size: int = 5) -> dict[str, Any]:
        searcher = self._searcher()
        physical = self._physical()
        info: dict[str, Any] = {"backend": self.name, "index": self.store.name, "physical": physical,
                                "documents": 0, "size_bytes": 0, "facets": {}}
        if searcher is None:
            return info
        counts = run_counts(searcher, Query.all_query(), stats_pass(facet_size))
        info["documents"] = searcher.num_docs
        info["size_bytes"] = self.store.size_bytes(physical)
        info["path"] = str(Path(self.store.path_of(physical)))
        info["facets"] = top_values(counts)
        return info

    def health(self) -> dict[str, Any]:
        """Cheap enough to poll: see `HealthMonitor` (structure each time, checksums a slice a time)."""
        with self._monitor_lock:
            physical, problems, pending = self._monitor.poll()
        info: dict[str, Any] = {"backend": self.name, "index": self.store.name, "physical": physical,
                                "checksums_pending": pending}
        if problems:
            return {**info, "ok": False, "error": "; ".join(problems)}
        try:
            return {**info, "ok": True, "documents": self.count()}
        except BackendError as error:
            return {**info, "ok": False, "error": str(error)}

    def check(self) -> list[Check]:
        """Alias, segment files, every checksum, every stored article (see tantivy_check.py)."""
        alias, physical = checks.alias_check(self.store)
        if physical is None:
            return [alias] + [Check(name, alias.ok, "no index to check", skipped=True)
                              for name in ("segments", "checksums", "documents")]
        structure, segments = checks.segments_check(self.store, physical)
        if not structure.ok:
            return [alias, self._advised(structure), Check("checksums", False, "segments are damaged", skipped=True),
                    Check("documents", False, "segments are damaged", skipped=True)]
        checksums = checks.checksums_check(self.store, segments)
        if not checksums.ok:
            # Reading a segment that fails its checksum could return wrong articles, or worse.
            return [alias, structure, self._advised(checksums),
                    Check("documents", False, "checksums failed", skipped=True)]
        documents = self._documents_check(physical)
        return [alias, structure, checksums, documents if documents.ok else self._advised(documents)]

    def _advised(self, failed: Check) -> Check:
        """The failed check with what to do: roll back to an intact kept version, else rebuild."""
        try:
            kept = self.history()[:1]
        except BackendError:
            kept = []
        if kept and kept[0] in self.store.versions() and self._intact(kept[0]):
            fix = f"`newsfacet reindex --rollback` goes back to {kept[0]}, or rebuild"
        else:
            fix = "rebuild it"
        return Check(failed.name, False, f"{failed.reason}. Fix: {fix} with `newsfacet reindex --from-sources "
                                         "PATH...` (copying the damaged index would copy the damage)")

    def _documents_check(self, physical: str, attempts: int = 3) -> Check:
        """Every stored article, read through a searcher whose segments are the ones meta.json lists
        (document addresses are per segment; a commit landing between the two reads is retried)."""
        for _ in range(attempts):
            try:
                searcher = self._searcher()
                segments = checks.load_segments(self.store.path_of(physical))
            except (BackendError, checks.Damage) as error:
                return Check("documents", False, str(error))
            if checks.segments_match(searcher, segments):
                return checks.documents_check(searcher, self.schema, segments)
        return Check("documents", False, "the index kept changing during the check; run it again", skipped=True)

    def repair_alias(self) -> str:
        """Point a missing or dangling alias at the newest version whose files are all intact."""
        alias, physical = checks.alias_check(self.store)
        if alias.ok:
            return f"nothing to repair: {alias.reason}"
        intact = [version for version in reversed(self.store.versions()) if self._intact(version)]
        if not intact:
            raise IndexDamagedError(f"index '{self.store.name}' has no intact physical index to point at; "
                                    "rebuild it with `newsfacet reindex --from-sources PATH...`")
        self.store.point_alias(intact[0], intact[1:])
        return f"index '{self.store.name}' now points to {intact[0]}" + (
            f" (kept for rollback: {', '.join(intact[1:])})" if intact[1:] else "")

    def _intact(self, physical: str) -> bool:
        structure, segments = checks.segments_check(self.store, physical)
        return structure.ok and bool(segments) and checks.checksums_check(self.store, segments).ok

    def saved_searches(self) -> SavedSearchStore:
        return SqliteSavedSearches(self.store.root / f"{self.store.name}.saved.sqlite3")

    # -- index versions (reindex and rollback) -----------------------------------------------
    def physical_indexes(self) -> list[str]:
        return self.store.versions()

    def current_physical(self) -> str | None:
        return self.store.current()

    def history(self) -> list[str]:
        return list((self.store.read_alias() or {}).get("history", []))

    def new_physical(self) -> tuple[str, TantivyBackend]:
        physical = self.store.next_version()
        return physical, self.create_physical(physical)

    def switch_to(self, physical: str, history: list[str]) -> None:
        if physical not in self.store.versions():
            raise BackendError(f"index version {physical} is not on disk")
        self.store.point_alias(physical, history)

    def drop_physical(self, physical: str) -> None:
        if physical == self.store.current():
            raise BackendError(f"{physical} is the current index; switch away from it first")
        # Readers that still have it open keep their memory maps (POSIX unlink semantics).
        shutil.rmtree(self.store.path_of(physical), ignore_errors=True)

    def close(self) -> None:
        if self._writer is not None:
            self._writer.wait_merging_threads()
            self._writer = None
        self._index = None
