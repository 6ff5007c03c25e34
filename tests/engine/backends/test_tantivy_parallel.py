"""One search's count work side by side (engine.backends.tantivy_parallel), on a real embedded index."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from dataclasses import replace

import pytest
from newsfacet.engine import sampling
from newsfacet.engine.backends import tantivy_parallel
from newsfacet.engine.backends.tantivy_backend import TantivyBackend
from newsfacet.engine.search import FacetSelection, SearchRequest

from tests.articles import sample_articles


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="the pool has one thread on a one-core machine")
def test_jobs_run_at_the_same_time_and_answer_in_order(monkeypatch):
    monkeypatch.setattr(tantivy_parallel, "COUNT_THREADS", 2)
    meeting = threading.Barrier(2, timeout=10)  # broken (an error) unless both jobs run at once

    def job(number: int):
        return lambda: (meeting.wait(), number)[1]

    assert tantivy_parallel.side_by_side([job(1), job(2)]) == [1, 2]


def test_an_error_reaches_the_caller_after_the_other_jobs_ended(monkeypatch):
    monkeypatch.setattr(tantivy_parallel, "COUNT_THREADS", 2)
    ended = threading.Event()

    def slow():
        ended.wait(0.2)
        ended.set()

    def failing():
        raise ValueError("no such field")

    with pytest.raises(ValueError, match="no such field"):
        tantivy_parallel.side_by_side([failing, slow])
    assert ended.is_set()


def test_a_big_pass_is_split_into_parts_that_keep_every_aggregation(monkeypatch):
    monkeypatch.setattr(tantivy_parallel, "COUNT_THREADS", 2)
    monkeypatch.setattr(tantivy_parallel, "machine_busy", lambda: False)
    aggs = {name: {"terms": {"field": name}} for name in ("topic", "language", "person", "location", "_dates")}
    assert tantivy_parallel.split_aggregations(aggs, tantivy_parallel.SPLIT_ABOVE) == [aggs]
    parts = tantivy_parallel.split_aggregations(aggs, tantivy_parallel.SPLIT_ABOVE + 1)
    assert len(parts) == 2 and {key: spec for part in parts for key, spec in part.items()} == aggs
    assert not set(parts[0]) & set(parts[1])


@pytest.fixture
def filled(tmp_path, monkeypatch):
    monkeypatch.setattr(sampling, "SAMPLE_ABOVE", 300)
    monkeypatch.setattr(sampling, "SAMPLE_SIZE", 200)
    backend = TantivyBackend(tmp_path / "data", "articles")
    assert all(result.ok for result in backend.write(sample_articles(1200)))
    yield backend
    backend.close()


@pytest.mark.parametrize("request_", [
    SearchRequest(facet_size=5),
    SearchRequest(facet_size=5, exact=True),
    SearchRequest(facet_size=5, selections={"outlet": FacetSelection(include=("Capital Ledger",)),
                                            "person": FacetSelection(exclude=("Oleg Petrov",))}),
], ids=["sampled", "exact", "selections"])
def test_split_and_parallel_counts_equal_one_pass_at_a_time(filled, monkeypatch, request_):
    monkeypatch.setattr(tantivy_parallel, "COUNT_THREADS", 1)
    one_at_a_time = filled.search(request_).to_dict()
    monkeypatch.setattr(tantivy_parallel, "COUNT_THREADS", 2)
    monkeypatch.setattr(tantivy_parallel, "SPLIT_ABOVE", 0)
    monkeypatch.setattr(tantivy_parallel, "machine_busy", lambda: False)
    side_by_side = filled.search(replace(request_)).to_dict()
    for answer in (one_at_a_time, side_by_side):
        answer.pop("took_ms", None)
    assert side_by_side == one_at_a_time
    assert side_by_side["facets"]["person"]["buckets"]  # something was counted


def test_a_pass_is_not_split_while_another_search_is_counting(monkeypatch):
    monkeypatch.setattr(tantivy_parallel, "COUNT_THREADS", 2)
    monkeypatch.setattr(tantivy_parallel, "machine_busy", lambda: False)
    aggs = {name: {"terms": {"field": name}} for name in ("topic", "person")}
    started, release = threading.Event(), threading.Event()

    def busy():
        started.set()
        release.wait(10)

    other = threading.Thread(target=tantivy_parallel.side_by_side, args=([busy, lambda: None],))
    other.start()
    try:
        assert started.wait(10)
        assert tantivy_parallel.split_aggregations(aggs, tantivy_parallel.SPLIT_ABOVE + 1) == [aggs]
    finally:
        release.set()
        other.join()
    assert len(tantivy_parallel.split_aggregations(aggs, tantivy_parallel.SPLIT_ABOVE + 1)) == 2


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="the pool has one thread on a one-core machine")
def test_a_forked_child_counts_side_by_side_too():
    """After the parent used the pool, a forked child (a gunicorn worker, a fork-started process)
    must not queue jobs to threads it does not have."""
    meeting = threading.Barrier(2, timeout=10)  # both of the parent's threads start, then idle
    assert sorted(tantivy_parallel.side_by_side([meeting.wait, meeting.wait])) == [0, 1]
    child = os.fork()
    if child == 0:  # the child: exit 0 only if its jobs ran
        done = threading.Event()
        threading.Thread(target=lambda: (tantivy_parallel.side_by_side([lambda: 1, lambda: 2]), done.set()),
                         daemon=True).start()
        os._exit(0 if done.wait(10) else 1)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def test_a_busy_machine_gets_no_split_pass(monkeypatch):
    """A pass is not split (its query would run twice) when other work holds the cores."""
    monkeypatch.setattr(tantivy_parallel, "COUNT_THREADS", 2)
    aggs = {name: {"terms": {"field": name}} for name in ("topic", "person")}
    monkeypatch.setattr(tantivy_parallel._FREE, "cores", lambda: 0.9)
    assert tantivy_parallel.machine_busy()
    assert tantivy_parallel.split_aggregations(aggs, tantivy_parallel.SPLIT_ABOVE + 1) == [aggs]
    monkeypatch.setattr(tantivy_parallel._FREE, "cores", lambda: 2.0)
    assert not tantivy_parallel.machine_busy()
    assert len(tantivy_parallel.split_aggregations(aggs, tantivy_parallel.SPLIT_ABOVE + 1)) == 2


@pytest.mark.skipif(not os.path.exists("/proc/stat"), reason="reads /proc/stat (Linux)")
def test_other_processes_take_the_free_cores(monkeypatch):
    monkeypatch.setattr(tantivy_parallel, "IDLE_WINDOW", 0.0)
    free = tantivy_parallel._FreeCores()
    cores = os.cpu_count() or 1
    spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(cores)]
    try:
        time.sleep(0.3)
        free.cores()
        time.sleep(0.8)
        assert free.cores() < cores - 0.5
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()
