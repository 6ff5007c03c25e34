"""Run `process_chunk` over a stream of chunks in worker processes, results in input order.

At most `in_flight` chunks are submitted at once, so memory stays flat however many inputs
come. Workers are started with the forkserver method: the main process holds the index
writer's threads, and forking a process with threads can deadlock a child.

Workers and the forkserver end with the indexer, even when it is killed (indexer/lifeline.py).

When a worker dies (a crash in a C extension, the kernel's OOM killer), every chunk in flight
is lost with it. The chunks are then rerun one input at a time in a fresh pool, so the one
input that kills a worker is filed as failed and the others are indexed as usual.
"""
from __future__ import annotations

import logging
import multiprocessing
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from newsfacet.indexer.lifeline import bind_worker_to_run
from newsfacet.indexer.process import ChunkResult, Outcome, WorkOptions, process_chunk
from newsfacet.indexer.sources import Source

WORKER_DIED = "the worker process died on this input (crash or out of memory)"
log = logging.getLogger("newsfacet.index")


FORKSERVER_PRELOAD = "newsfacet.indexer.forkserver_preload"


def _start_worker() -> None:
    # Ctrl-C goes to the whole process group; the main process alone decides how to stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    bind_worker_to_run()


class OrderedPool:
    """A process pool that yields chunk results in submission order with bounded look-ahead."""

    def __init__(self, workers: int, options: WorkOptions, in_flight: int) -> None:
        self.workers = workers
        self.options = options
        self.in_flight = max(in_flight, workers)
        self._pool = self._new_pool()
        self._pending: deque[tuple[Future, list[Source]]] = deque()

    def _new_pool(self) -> ProcessPoolExecutor:
        context = multiprocessing.get_context("forkserver")
        # Takes effect when the forkserver starts (with the first worker); one per process.
        context.set_forkserver_preload([FORKSERVER_PRELOAD])
        return ProcessPoolExecutor(self.workers, mp_context=context, initializer=_start_worker)

    def _submit(self, chunk: list[Source]) -> None:
        try:
            future = self._pool.submit(process_chunk, chunk, self.options)
        except BrokenProcessPool as error:
            # A worker died since the last result was read: this chunk waits with those in flight,
            # and is rerun with them when _next() reaches the broken pool.
            future = Future()
            future.set_exception(error)
        self._pending.append((future, chunk))

    def map(self, chunks: Iterable[list[Source]]) -> Iterator[ChunkResult]:
        """Results of every chunk, in order."""
        try:
            for chunk in chunks:
                self._submit(chunk)
                while len(self._pending) >= self.in_flight:
                    yield from self._next()
            while self._pending:
                yield from self._next()
        finally:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def _next(self) -> Iterator[ChunkResult]:
        future, chunk = self._pending[0]
        try:
            result = future.result()
        except BrokenProcessPool:
            yield from self._recover()
            return
        self._pending.popleft()
        yield result

    def _restart(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._new_pool()

    def _recover(self) -> Iterator[ChunkResult]:
        """Rerun every chunk that was in flight, one input per task, in a fresh pool."""
        lost = [chunk for _, chunk in self._pending]
        self._pending.clear()
        log.warning("a worker process died; redoing its %d inputs in flight one at a time",
                    sum(len(chunk) for chunk in lost))
        self._restart()
        for chunk in lost:
            outcomes: list[Outcome] = []
            table: dict[str, float] = {}
            for source in chunk:
                result = self._isolated(source)
                outcomes.extend(result.outcomes)
                for stage, seconds in result.stage_seconds.items():
                    table[stage] = table.get(stage, 0.0) + seconds
            yield ChunkResult(outcomes, table)

    def _isolated(self, source: Source) -> ChunkResult:
        try:
            return self._pool.submit(process_chunk, [source], self.options).result()
        except BrokenProcessPool:
            self._restart()
            return ChunkResult([Outcome(source.source, source.journal_key, bucket="failed", reason=WORKER_DIED)])


def in_process(chunks: Iterable[list[Source]], options: WorkOptions) -> Iterator[ChunkResult]:
    """The same results without worker processes (--workers 1: simplest to debug and profile)."""
    for chunk in chunks:
        yield process_chunk(chunk, options)
