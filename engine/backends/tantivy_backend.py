"""The embedded default backend: a tantivy index on local disk."""
from __future__ import annotations

import functools
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import tantivy
from newsfacet.engine.analyzers import build_analyzers
from newsfacet.engine.backends import tantivy_check as checks
from newsfacet.engine.backends.base import Backend, BackendError, Check, IndexDamagedError, WriterBusyError, WriteResult
from newsfacet.engine.backends.tantivy_entities import JsonFileEntityChoices
from newsfacet.engine.backends.tantivy_open import OpenIndex, open_physical
from newsfacet.engine.backends.tantivy_query import QueryCompiler
from newsfacet.engine.backends.tantivy_scan import scan_pages
from newsfacet.engine.backends.tantivy_schema import (
    build_schema,
    from_document,
    to_document,
)
from newsfacet.engine.backends.tantivy_search import (
    run_counts,
    run_search,
)
from newsfacet.engine.backends.tantivy_store import FileStamp, IndexStore
from newsfacet.engine.backends.upgrades import SCHEMA_VERSION, refuse_older_write, version_info
from newsfacet.engine.entity_choices import EntityChoiceStore
from newsfacet.engine.facets import FACETS, request_filters
from newsfacet.engine.limits import TYPE_COUNT_NAMES
from newsfacet.engine.model import ENTITY_TYPES, Article
from newsfacet.engine.plan import facet_values_pass, stats_pass, top_values
from newsfacet.engine.saved import SavedSearchStore, SqliteSavedSearches
from newsfacet.engine.search import FacetResult, SearchRequest, SearchResult, facet_from_terms
from newsfacet.engine.stories import (
    EXACT_COPY_SCORE,
    StoryLookup,
    largest_story_ids,
    multi_version_aggs,
    sizes_from,
    stories_among,
    story_sizes_aggs,
    story_stats,
)
from tantivy import Occur, Order, Query

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
    commits and alias switches on their next search. Each physical index is opened with the schema
    tantivy stored in it, so an index built by an older release is still served (read-only).
    """

    name = "tantivy"

    def __init__(self, data_dir: str | os.PathLike, index: str = "articles", physical: str | None = None,
                 stemming: bool = True) -> None:
        self.store = IndexStore(data_dir, index)
        self.schema = build_schema()  # today's: what new physical indexes are created with
        self.analyzers = build_analyzers()
        self.stemming = stemming
        self.capabilities = frozenset({"stemming"}) if stemming else frozenset()
        self.compiler = QueryCompiler(self.schema, self.analyzers, stemming)
        self._fixed_physical = physical
        self._opened: OpenIndex | None = None
        # The opened index and its meta.json (inode, mtime, size) as last reloaded: every commit, merge
        # or delete rewrites that file, so while it is the same a reload (0.25 ms per search) finds nothing.
        self._reloaded_for: tuple[OpenIndex, FileStamp | None] | None = None
        self._writer: tantivy.IndexWriter | None = None
        self._monitor = checks.HealthMonitor(self.store)
        self._monitor_lock = threading.Lock()  # web workers poll /healthz from several threads
        self._entity_choices = JsonFileEntityChoices(self.store.root / f"{index}.entities.json")

    # -- opening ---------------------------------------------------------------------------
    def _physical(self) -> str | None:
        return self._fixed_physical or self.store.current()

    def _open(self, create: bool) -> OpenIndex | None:
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
        stamp = stamp if not self._fixed_physical else None
        opened = self._opened
        if opened is None or (opened.physical, opened.stamp) != (physical, stamp):
            opened = self._opened = self._load(physical, stamp)
        return opened

    def generation(self) -> str | None:
        # Every commit rewrites meta.json, and a reindex rewrites the alias file: two stat calls.
        physical = self._physical()
        if physical is None:
            return None
        try:
            meta = self.store.meta_stamp(physical)
        except OSError:
            return None
        return None if meta is None else f"{physical}:{self.store.alias_stamp()}:{meta}"

    def _create_physical(self, physical: str) -> None:
        path = self.store.path_of(physical)
        self.store.record_schema_version(physical, SCHEMA_VERSION)  # first: the folder never lacks it
        tantivy.Index(self.schema, path=str(path), reuse=True)  # writes meta.json; opened on first use

    def _load(self, physical: str, stamp: int | None) -> OpenIndex:
        return open_physical(self.store, physical, stamp, self.schema, self.analyzers, self.stemming)

    def _searcher(self) -> tantivy.Searcher | None:
        opened = self._reader()
        return opened[0] if opened else None

    def _reader(self) -> tuple[tantivy.Searcher, OpenIndex] | None:
        """A fresh searcher and the opened index (schema, compiler) it belongs to."""
        opened = self._open(create=False)
        if opened is None:
            return None
        try:
            seen = self.store.meta_stamp(opened.physical)
        except OSError:
            seen = None  # reload, which says what is wrong
        try:
            last = self._reloaded_for
            if seen is None or last is None or last[0] is not opened or last[1] != seen:
                opened.index.reload()  # stat first: a commit landing in between is reloaded next time
                self._reloaded_for = (opened, seen)
            return opened.index.searcher(), opened
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
            opened = self._open(create=True)
            refuse_older_write(self.store.name, opened.physical, opened.schema_version)
            try:
                self._writer = opened.index.writer(WRITER_HEAP, min(2, os.cpu_count() or 1))
            except ValueError as error:
                if "LockBusy" in str(error):
                    raise WriterBusyError(
                        f"another process is writing to index '{self.store.name}' ({self._physical()}); "
                        "wait for it to finish (one writer at a time)") from error
                raise BackendError(f"cannot open a writer: {self.store.scrub(str(error))}") from error
        return self._writer

    def acquire_writer(self) -> None:
        self._writer_for()

    def write(self, articles: Iterable[Article], commit: bool = True) -> list[WriteResult]:
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
        if commit:
            writer.commit()
        return results

    def commit(self) -> None:
        if self._writer is not None:
            self._writer.commit()

    def delete(self, ids: Iterable[str]) -> None:
        writer = self._writer_for()
        for article_id in ids:
            writer.delete_documents_by_term("id", article_id)
        writer.commit()

    def _story_reader(self, values: Iterable[str], limit: int,
                      field: str) -> tuple[list[str], tantivy.Searcher, OpenIndex] | None:
        """(the distinct values, a searcher, its index) for a story lookup on `field`; None: nothing to find."""
        wanted = sorted(set(values))
        reader = self._reader()
        if not wanted or reader is None or limit < 1 or not reader[1].compiler.has_field(field):
            return None
        return wanted, *reader

    @_panics_as_damage
    def story_candidates(self, lookups: Sequence[StoryLookup], limit: int) -> list[list[Article]]:
        reader = self._reader()
        if reader is None or limit < 1:
            return [[] for _ in lookups]
        searcher, opened = reader
        with_keys = opened.compiler.has_field("story_keys")  # an index from before stories: copies only
        return [self._candidates(searcher, opened.schema, lookup, limit, with_keys) for lookup in lookups]

    @staticmethod
    def _candidates(searcher: tantivy.Searcher, schema: tantivy.Schema, lookup: StoryLookup, limit: int,
                    with_keys: bool) -> list[Article]:
        # The exact copy outranks any key score (EXACT_COPY_SCORE); then an article sharing more keys
        # (a closer version) ranks higher.
        exact = Query.const_score_query(Query.term_query(schema, "fingerprint", lookup.fingerprint),
                                        EXACT_COPY_SCORE)
        keys = sorted(set(lookup.keys)) if with_keys else []
        query = Query.boolean_query([(Occur.Should, exact), *((Occur.Should, Query.term_query(
            schema, "story_keys", key)) for key in keys)])
        hits = searcher.search(query, limit, count=False).hits
        return [from_document(searcher.doc(address)) for _, address in hits]

    # -- reading ---------------------------------------------------------------------------
    @_panics_as_damage
    def search(self, request: SearchRequest) -> SearchResult:
        started = time.perf_counter()
        reader = self._reader()
        if reader is None:
            return SearchResult([], 0, {}, [], None, (time.perf_counter() - started) * 1000)
        searcher, opened = reader
        return run_search(searcher, opened.compiler, request, started)

    @_panics_as_damage
    def facet_values(self, request: SearchRequest, facet: str, prefix: str = "",
                     limit: int = 100) -> FacetResult:
        if facet not in FACETS:
            raise BackendError(f"unknown facet {facet!r}")
        reader = self._reader()
        if reader is None:
            return FacetResult(facet, [])
        searcher, opened = reader
        compiler = opened.compiler
        count_pass = facet_values_pass(request, facet, limit, prefix)
        query = compiler.filtered(compiler.compile(request.parsed), count_pass.filters)
        counts = run_counts(searcher, query, count_pass, compiler.day_field)
        return facet_from_terms(facet, counts.terms[facet], request)

    @_panics_as_damage
    def get(self, article_id: str) -> Article | None:
        reader = self._reader()
        if reader is None:
            return None
        searcher, opened = reader
        hits = searcher.search(Query.term_query(opened.schema, "id", article_id), 1).hits
        return from_document(searcher.doc(hits[0][1])) if hits else None

    @_panics_as_damage
    def get_many(self, article_ids: Iterable[str]) -> dict[str, Article]:
        wanted = sorted(set(article_ids))
        reader = self._reader()
        if not wanted or reader is None:
            return {}
        searcher, opened = reader
        hits = searcher.search(Query.term_set_query(opened.schema, "id", wanted), len(wanted), count=False).hits
        articles = (from_document(searcher.doc(address)) for _, address in hits)
        return {article.id: article for article in articles}

    def scan(self, batch_size: int = 500) -> Iterator[Article]:
        """Every stored article once, by ascending sort key, in windows of keys (tantivy_scan.py)."""
        reader = self._reader()
        if reader is None:
            return
        # One searcher for the whole scan: a consistent snapshot even while others write.
        searcher, opened = reader
        pages = scan_pages(searcher, opened.compiler.sort_key_between, batch_size)
        while (page := self._next_page(pages)) is not None:
            yield from page

    @_panics_as_damage
    def _next_page(self, pages: Iterator[list[Article]]) -> list[Article] | None:
        return next(pages, None)

    @_panics_as_damage
    def count(self) -> int:
        searcher = self._searcher()
        return searcher.num_docs if searcher is not None else 0

    @_panics_as_damage
    def stats(self, facet_size: int = 5) -> dict[str, Any]:
        reader = self._reader()
        info: dict[str, Any] = {"backend": self.name, "index": self.store.name, "physical": None,
                                "documents": 0, "size_bytes": 0, "facets": {}, **self.schema_info()}
        if reader is None:
            return info
        searcher, opened = reader
        physical = opened.physical
        info.update(physical=physical, **version_info(self.store.name, physical, opened.schema_version))
        counts = run_counts(searcher, Query.all_query(), stats_pass(facet_size), opened.compiler.day_field)
        info["documents"] = searcher.num_docs
        info["size_bytes"] = self.store.size_bytes(physical)
        info["path"] = str(Path(self.store.path_of(physical)))
        info["facets"] = top_values(counts)
        if opened.compiler.has_field("story_id"):
            raw = searcher.aggregate(Query.all_query(), multi_version_aggs())
            found = self.get_many(largest_story_ids(raw, facet_size))
            titles = {story_id: article.title for story_id, article in found.items()}
            info["stories"] = story_stats(searcher.num_docs, raw, facet_size, titles)
        return info

    @_panics_as_damage
    def story_articles(self, story_ids: Iterable[str], limit: int) -> list[Article]:
        found = self._story_reader(story_ids, limit, "story_id")
        if found is None:  # also an index from before stories, where each article is a story of its own
            return list(self.get_many(story_ids).values())[:max(limit, 0)]
        wanted, searcher, opened = found
        query = Query.term_set_query(opened.schema, "story_id", wanted)
        hits = searcher.search(query, limit, count=False, order_by_field="sort_key", order=Order.Asc).hits
        return [from_document(searcher.doc(address)) for _, address in hits]

    @_panics_as_damage
    def story_sizes(self, story_ids: Iterable[str]) -> dict[str, int]:
        found = self._story_reader(story_ids, 1, "story_id")
        if found is None:  # also an index from before stories, where each article is a story of its own
            return {article_id: 1 for article_id in self.get_many(story_ids)}
        wanted, searcher, opened = found
        query = Query.term_set_query(opened.schema, "story_id", wanted)
        return sizes_from(searcher.aggregate(query, story_sizes_aggs(len(wanted))))

    @_panics_as_damage
    def count_stories(self, request: SearchRequest) -> tuple[int, bool]:
        reader = self._reader()
        if reader is None:
            return 0, True
        searcher, opened = reader
        compiler = opened.compiler
        query = compiler.filtered(compiler.compile(request.parsed), request_filters(request))
        articles = searcher.search(query, 1, count=True).count
        if not compiler.has_field("story_id"):
            return articles, True
        return stories_among(articles, searcher.aggregate(query, multi_version_aggs()))

    def schema_info(self) -> dict[str, Any]:
        """The current physical index's schema version, the code's, and the upgrade advice if any."""
        opened = self._open(create=False)
        if opened is None:
            return version_info(self.store.name, None, None)
        return version_info(self.store.name, opened.physical, opened.schema_version)

    def health(self) -> dict[str, Any]:
        """Cheap enough to poll: see `HealthMonitor` (structure each time, checksums a slice a time)."""
        with self._monitor_lock:
            physical, problems, pending = self._monitor.poll()
        info: dict[str, Any] = {"backend": self.name, "index": self.store.name, "physical": physical,
                                "checksums_pending": pending}
        if problems:
            return {**info, "ok": False, "error": "; ".join(problems)}
        try:
            # An older index is healthy: served read-only, with the upgrade named.
            return {**info, "ok": True, "documents": self.count(), **self.schema_info()}
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
                searcher, opened = self._reader()
                segments = checks.load_segments(self.store.path_of(physical))
            except (BackendError, checks.Damage) as error:
                return Check("documents", False, str(error))
            if checks.segments_match(searcher, segments):
                return checks.documents_check(searcher, opened.schema, segments)
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

    def entity_choices(self) -> EntityChoiceStore:
        return self._entity_choices

    @_panics_as_damage
    def entity_type_counts(self, names: Sequence[str]) -> dict[str, dict[str, int]]:
        reader = self._reader()
        wanted = sorted(set(names))
        if not wanted or reader is None:
            return {}
        searcher, opened = reader
        counts: dict[str, dict[str, int]] = {}
        # Per kind, a terms count limited to the names (`include`) over the articles holding any of
        # them: exact (deleted articles are not counted, as doc_freq would) and bounded by the batch.
        for start in range(0, len(wanted), TYPE_COUNT_NAMES):
            chunk = wanted[start:start + TYPE_COUNT_NAMES]
            for kind in ENTITY_TYPES:
                field = FACETS[kind].tantivy_field
                spec = {"terms": {"field": field, "include": chunk, "size": len(chunk), "segment_size": len(chunk)}}
                raw = searcher.aggregate(Query.term_set_query(opened.schema, field, chunk), {kind: spec})
                for bucket in raw[kind]["buckets"]:
                    counts.setdefault(bucket["key"], {})[kind] = bucket["doc_count"]
        return counts

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
        self._opened = None
