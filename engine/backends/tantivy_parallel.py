"""The count work of one search spread over the machine's cores.

tantivy releases the GIL while it searches and aggregates, so the passes of one search, the parts of
a big pass and the exact counts of selected values can run side by side instead of one after the
other. On an idle machine this shortens a request by up to the number of cores; under full load it
changes nothing (the same work is done, only in other threads), so throughput is not what it buys.
Splitting a pass does cost more work (each part runs the pass's query again: 13 of a browsing pass's
30 ms when a popular outlet is chosen), so a pass is split only while no other search of this
process is counting and a core was idle lately (measured on 2 shared cores at load 7, splitting made
the 1M benchmark's p95 1.14x slower than one job at a time, and 1.24x with one core taken by another
job while the load average, a minute behind, still said 0.9).
"""
from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, wait
from typing import Any, TypeVar

T = TypeVar("T")

# One pool per process, shared by the requests a web worker serves at once, so a busy worker never
# runs more aggregations at a time than it has cores. Threads start on first use (after any fork).
COUNT_THREADS = max(1, min(4, os.cpu_count() or 1))
_POOL = ThreadPoolExecutor(COUNT_THREADS, thread_name_prefix="newsfacet-count")
# A pass over fewer matches than this takes a few milliseconds: splitting it would mostly repeat
# its query's work. Above it, its aggregations are split into COUNT_THREADS parts.
SPLIT_ABOVE = 20_000

_running = 0  # jobs of this process's searches submitted to the pool and not ended yet
_running_lock = threading.Lock()


def _fresh_pool_after_fork() -> None:
    """A forked child has none of the parent's pool threads, though the pool would believe it has
    idle ones and queue jobs to no one: the child starts with a pool and a count of its own."""
    global _POOL, _running, _running_lock
    _POOL = ThreadPoolExecutor(COUNT_THREADS, thread_name_prefix="newsfacet-count")
    _running, _running_lock = 0, threading.Lock()


os.register_at_fork(after_in_child=_fresh_pool_after_fork)


def side_by_side(jobs: list[Callable[[], T]]) -> list[T]:
    """Each job's result, in order; the jobs run on the shared pool (one runs here, inline, when
    there is only one). The first error is raised after every job has ended."""
    if len(jobs) <= 1 or COUNT_THREADS == 1:
        return [job() for job in jobs]
    _add_running(len(jobs))
    futures = [_POOL.submit(_counted, job) for job in jobs]
    wait(futures)
    return [future.result() for future in futures]


def _counted(job: Callable[[], T]) -> T:
    try:
        return job()
    finally:
        _add_running(-1)


def _add_running(jobs: int) -> None:
    global _running
    with _running_lock:
        _running += jobs


def machine_busy() -> bool:
    """Whether other work took the cores a split would use lately: CPU time of the machine (from
    /proc/stat) less this process's own, over the last IDLE_WINDOW seconds or more; where there is
    no /proc/stat, the load average. The load average lags a minute behind: it let passes split while
    another job had just taken a core."""
    free = _FREE.cores()
    if free is None:
        return os.getloadavg()[0] >= (os.cpu_count() or 1)
    return free < COUNT_THREADS - 0.5


class _FreeCores:
    """Cores that other processes left idle over the last window (read at most every IDLE_WINDOW
    seconds: /proc/stat's first line and this process's CPU time, a few microseconds)."""

    def __init__(self) -> None:
        self.sample: tuple[float, int, int, float] | None = None  # (when, idle ticks, all ticks, own CPU s)
        self.free: float | None = None

    def cores(self) -> float | None:
        now, cores = time.monotonic(), os.cpu_count() or 1
        sample = self.sample
        if sample is not None and now - sample[0] < IDLE_WINDOW:
            return self.free if self.free is not None else float(cores)  # one reading: no window yet
        try:
            with open("/proc/stat", encoding="ascii") as stat:
                ticks = [int(part) for part in stat.readline().split()[1:]]
        except (OSError, ValueError):
            return None
        idle, total, own = ticks[3] + ticks[4], sum(ticks[:8]), time.process_time()  # idle + iowait
        if sample is not None and total > sample[2]:
            busy = (1 - (idle - sample[1]) / (total - sample[2])) * cores
            others = max(0.0, busy - (own - sample[3]) / (now - sample[0]))
            self.free = cores - others
        self.sample = (now, idle, total, own)
        return self.free if self.free is not None else float(cores)


IDLE_WINDOW = 0.25
_FREE = _FreeCores()


def split_aggregations(aggs: dict[str, Any], matches: int) -> list[dict[str, Any]]:
    """A pass's aggregations in parts to run side by side: one part unless it counts more than
    SPLIT_ABOVE matches, no other search is counting and the machine has idle cores. Round robin
    keeps the expensive multi-valued facets apart."""
    parts = COUNT_THREADS if matches > SPLIT_ABOVE and _running == 0 and not machine_busy() else 1
    items = list(aggs.items())
    return [dict(items[start::parts]) for start in range(parts) if items[start::parts]]
