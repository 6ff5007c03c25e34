"""The indexing pipeline: sources -> (workers: read, decode, clean, enrich) -> dedupe -> write.

A chain of generators with bounded batches:
  iter_sources (main: walk folders, split containers) -> chunks minus what the journal finished
  -> workers (ordered, bounded look-ahead) -> outcomes -> write batches in the main process.
Each write batch is deduplicated and grouped into stories by one story lookup (within itself, then
against the index: earlier batches of this run are already committed, so nothing run-long is kept),
written with one
`backend.write` call (one commit), then journaled, reported and counted. Every input ends in
exactly one bucket: indexed, duplicate, skipped or failed.
"""
from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from tempfile import TemporaryDirectory

from newsfacet.engine.backends.base import Backend
from newsfacet.engine.entity_choices import Curator
from newsfacet.engine.model import ENTITY_TYPES, Article, article_id
from newsfacet.indexer.fold import fold_duplicates
from newsfacet.indexer.known_names import BlockedNames, ConfirmedNames, FacetValues, no_names, read_table, write_table
from newsfacet.indexer.pool import OrderedPool, in_process
from newsfacet.indexer.process import Outcome, WorkOptions
from newsfacet.indexer.progress import Progress
from newsfacet.indexer.report import ReportWriter, Summary
from newsfacet.indexer.resume import Journal
from newsfacet.indexer.settle import settle_types
from newsfacet.indexer.settle_bodies import settle_bodies
from newsfacet.indexer.settle_short_names import settle_short_names
from newsfacet.indexer.sources import Source
from newsfacet.indexer.stories import BatchStories, Original

log = logging.getLogger("newsfacet.index")

ALREADY_INDEXED = "already indexed (this input, by an earlier run)"
SAME_TEXT_INDEXED = "same text as an article already in the index"
SAME_TEXT_THIS_RUN = "same text as an earlier input of this run"
# Two inputs with different text never replace each other: one that claims the id (URL) of another
# input's article is kept beside it, under an id made from its own text. Only the same input read
# again (its file changed) replaces its article, and the report says so.
SAME_ID_OTHER_TEXT = "same URL as another input with other text: kept under an id from its text"
UPDATED = "this input's text changed since it was indexed: its article is replaced"
# Copies of another input's text are listed on that article; reruns of the same input are not.
FOLDED = (SAME_TEXT_INDEXED, SAME_TEXT_THIS_RUN)
# A slow stream (big HTML pages, entity extraction) still commits, journals and shows counts this often.
FLUSH_SECONDS = 10.0


@dataclass(frozen=True)
class PipelineOptions:
    workers: int = 0  # 0 = one per CPU core
    batch_size: int = 500
    # Inputs per worker task: amortises sending work to a process (~1 ms) yet keeps both workers busy
    # to the end when inputs are slow (a news page takes 50 ms to 1 s to clean and enrich).
    chunk_size: int = 4
    resume: bool = False
    work: WorkOptions = field(default_factory=WorkOptions)
    # Names the user confirmed or blocked, for the known-names table (indexer/known_names.py).
    confirmed_names: ConfirmedNames = no_names
    blocked_names: BlockedNames = no_names

    @property
    def worker_count(self) -> int:
        return self.workers if self.workers > 0 else (os.cpu_count() or 1)


def _chunks(sources: Iterator[Source], size: int) -> Iterator[list[Source]]:
    while chunk := list(islice(sources, size)):
        yield chunk


def _unfinished(chunks: Iterable[list[Source]], journal: Journal, summary: Summary,
                resume: bool) -> Iterator[list[Source]]:
    """Chunks without the inputs an interrupted run already finished."""
    for chunk in chunks:
        if resume:
            done = journal.finished(source.journal_key for source in chunk)
            summary.resumed += sum(source.journal_key in done for source in chunk)
            chunk = [source for source in chunk if source.journal_key not in done]
        if chunk:
            yield chunk


class BatchWriter:
    """Collects outcomes; every `batch_size` articles: dedupe, write, journal, report, count."""

    def __init__(self, backend: Backend, journal: Journal, report: ReportWriter, summary: Summary,
                 progress: Progress, batch_size: int) -> None:
        self.backend = backend
        self.journal = journal
        self.report = report
        self.summary = summary
        self.progress = progress
        self.batch_size = batch_size
        self.run_started = datetime.now(UTC)
        self._batch: list[Outcome] = []
        self._articles = 0
        self._flushed = time.monotonic()
        # The user's entity choices and index-wide types, applied here in the main process.
        self._curate = Curator(backend.entity_choices(), self._type_counts, count_batch=True)
        # Name -> the types (ENTITY_TYPES bits) it had in the index when a batch asked, or was written
        # under in this run: a name with two may end split between batches, and settle() checks it.
        self._kinds: dict[str, int] = {}

    def add(self, outcome: Outcome) -> None:
        self.summary.read += 1
        self._batch.append(outcome)
        self._articles += outcome.article is not None
        if outcome.trace:
            log.debug("%s failed:\n%s", outcome.source, outcome.trace)
        # Rejected inputs flush too, so a run of bad inputs is journaled and shown as it goes.
        if (self._articles >= self.batch_size or len(self._batch) >= 4 * self.batch_size
                or time.monotonic() - self._flushed >= FLUSH_SECONDS):
            self.flush()
        else:
            self.progress.update(self.summary)

    def flush(self) -> None:
        batch, self._batch, self._articles = self._batch, [], 0
        self._flushed = time.monotonic()
        if not batch:
            return
        fresh = self._dedupe([o for o in batch if o.article is not None and o.bucket is None])
        self._write(fresh)
        fold_duplicates(self.backend, ((o.duplicate_of, o.source) for o in batch
                                       if o.bucket == "duplicate" and o.duplicate_of and o.reason in FOLDED))
        self.journal.record((o.journal_key, o.bucket) for o in batch if o.bucket != "failed")
        for outcome in batch:
            self.summary.add(outcome.bucket, outcome.reason)
            if outcome.bucket != "indexed" or outcome.reason:
                self.report.write(outcome.source, outcome.bucket, outcome.reason, outcome.duplicate_of)
            if outcome.bucket == "failed":
                log.info("failed: %s: %s", outcome.source, outcome.reason)
        self.report.flush()
        self.progress.update(self.summary)

    def _type_counts(self, names: Sequence[str]) -> dict[str, dict[str, int]]:
        """The index's type counts (what curation asks per batch), noting each name's types."""
        counts = self.backend.entity_type_counts(names)
        self._note_kinds((name, kind) for name, kinds in counts.items() for kind, number in kinds.items() if number)
        return counts

    def _note_kinds(self, pairs: Iterable[tuple[str, str]]) -> None:
        for name, kind in pairs:
            self._kinds[name] = self._kinds.get(name, 0) | 1 << ENTITY_TYPES.index(kind)

    def settle(self) -> None:
        """After the last batch: articles whose names later batches typed otherwise agree again
        (indexer.settle), and each body and short name the run wrote has one name across the index
        (indexer.settle_bodies, indexer.settle_short_names)."""
        split = {name for name, kinds in self._kinds.items() if kinds & (kinds - 1)}  # two bits or more
        overruled = {name: change for name, change in self._curate.overruled.items() if any(change.values())}
        body = 1 << ENTITY_TYPES.index("organization")
        bodies = [name for name, kinds in self._kinds.items() if kinds & body]
        started = time.perf_counter()
        settled = settle_types(self.backend, split | set(overruled), overruled) if split or overruled else 0
        if settled:
            log.info("%d articles took the type most articles give their names", settled)
        values = FacetValues(self.backend)  # read once for both folds
        folded = settle_bodies(self.backend, bodies, values)
        if folded:
            log.info("%d articles show a body by the one name the index gives it", folded)
        person = 1 << ENTITY_TYPES.index("person")
        people = [name for name, kinds in self._kinds.items() if kinds & person]
        named = settle_short_names(self.backend, {"person": people, "organization": bodies}, values)
        if named:
            log.info("%d articles show a short name by the one fuller name the index gives it", named)
        self.summary.add_stage_seconds({"settle": time.perf_counter() - started})

    @staticmethod
    def _mark(outcome: Outcome, bucket: str, reason: str | None, duplicate_of: str | None = None) -> None:
        outcome.bucket, outcome.reason, outcome.duplicate_of = bucket, reason, duplicate_of
        outcome.article = None  # the text is no longer needed: keep the batch small

    def _dedupe(self, candidates: list[Outcome]) -> list[Outcome]:
        """Fold exact copies, give the rest their story ids; return the outcomes to write.

        One story lookup and one id lookup per batch (ids from a URL may already hold another
        input's article); exact copies are the similarity-1.0 case of the story lookup.
        """
        started = time.perf_counter()
        articles = [o.article for o in candidates]
        stories = BatchStories(self.backend, articles)
        stored = self.backend.get_many(a.id for a in articles if a.url)
        ids: set[str] = set()
        fresh: list[Outcome] = []
        for outcome in candidates:
            article = outcome.article
            original = stories.original_of(article)
            if original is not None:
                self._mark_copy(outcome, original)
                continue
            if article.id in ids:
                self._rekey(outcome)
            else:
                self._check_stored_id(outcome, stored.get(article.id))
            stories.join(article)
            ids.add(article.id)
            fresh.append(outcome)
        self.summary.add_stage_seconds({"stories": time.perf_counter() - started})
        return fresh

    @staticmethod
    def _rekey(outcome: Outcome) -> None:
        article = outcome.article
        article.id = article_id(None, article.title, article.body)
        outcome.reason = SAME_ID_OTHER_TEXT

    def _check_stored_id(self, outcome: Outcome, stored: Article | None) -> None:
        """New text under an id the index holds: an update of the same input, else kept beside it."""
        article = outcome.article
        if outcome.reason or not article.url:
            return  # already re-keyed, or an id made from this very text
        if stored is None or stored.fingerprint == article.fingerprint:
            return
        if stored.source == outcome.source:
            outcome.reason = UPDATED
        else:
            self._rekey(outcome)

    def _mark_copy(self, outcome: Outcome, original: Original) -> None:
        """An exact copy: of an earlier input of this run, or this very input again, or another's text."""
        copied = original.article
        if original.in_batch:
            self._mark(outcome, "duplicate", SAME_TEXT_THIS_RUN, copied.id)
        elif copied.id == outcome.article.id and copied.source == outcome.source:
            self._mark(outcome, "duplicate", ALREADY_INDEXED, copied.id)
        elif copied.indexed_at and copied.indexed_at >= self.run_started:
            self._mark(outcome, "duplicate", SAME_TEXT_THIS_RUN, copied.id)
        else:
            self._mark(outcome, "duplicate", SAME_TEXT_INDEXED, copied.id)

    def _write(self, fresh: list[Outcome]) -> None:
        if not fresh:
            return
        started = time.perf_counter()
        curated = self._curate([o.article for o in fresh])
        for article in curated:
            self._note_kinds((name, kind) for kind, names in article.entities.items() for name in names)
        results = self.backend.write(curated)
        self.summary.add_stage_seconds({"write": time.perf_counter() - started})
        for outcome, result in zip(fresh, results, strict=True):
            if result.ok:
                self._mark(outcome, "indexed", outcome.reason)
            else:
                self._mark(outcome, "failed", result.error or "the backend refused the document")


@contextmanager
def _with_known_names(backend: Backend, options: PipelineOptions) -> Iterator[WorkOptions]:
    """The work options, pointing at this run's known-names table (read from the index once)."""
    if not options.work.entities:
        yield options.work
        return
    table = read_table(backend, options.confirmed_names, options.blocked_names)
    with TemporaryDirectory(prefix="newsfacet-known-names-") as folder:
        path = Path(folder) / "known-names.json"
        write_table(table, path)
        yield replace(options.work, known_names=str(path))


def run_pipeline(backend: Backend, sources: Iterator[Source], options: PipelineOptions, journal: Journal,
                 report: ReportWriter, summary: Summary, progress: Progress) -> Summary:
    """Index every input; returns the summary (also when stopped early, with what was done)."""
    with _with_known_names(backend, options) as work:
        return _run(backend, sources, replace(options, work=work), journal, report, summary, progress)


def _run(backend: Backend, sources: Iterator[Source], options: PipelineOptions, journal: Journal,
         report: ReportWriter, summary: Summary, progress: Progress) -> Summary:
    writer = BatchWriter(backend, journal, report, summary, progress, options.batch_size)
    chunks = _unfinished(_chunks(sources, options.chunk_size), journal, summary, options.resume)
    workers = options.worker_count
    if workers == 1:
        results = in_process(chunks, options.work)
    else:
        in_flight = max(2 * workers, options.batch_size // options.chunk_size)
        results = OrderedPool(workers, options.work, in_flight).map(chunks)
    try:
        for result in results:
            summary.add_stage_seconds(result.stage_seconds)
            for outcome in result.outcomes:
                writer.add(outcome)
        writer.flush()
        writer.settle()
    finally:
        results.close()  # stops the workers now, also when a write failed
    return summary
