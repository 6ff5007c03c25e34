"""A node that stops answering in the middle of `newsfacet index`, then comes back.

The fault is real: the Elasticsearch JVM started by scripts/es_node.sh is frozen with SIGSTOP (what
a long GC pause or a hung host looks like from the client: connections open, no answers), so bulk
requests time out. The indexer must retry, then report the failure and exit non-zero; after
SIGCONT, `--resume` must finish with every article indexed exactly once: the same ids as an
uninterrupted run of the same command on the embedded backend.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from newsfacet.engine.backends.tantivy_backend import TantivyBackend

from tests.corpora import corpus
from tests.indexing import REPO

pytestmark = [pytest.mark.elasticsearch, pytest.mark.corpus]
ROOT = REPO
ES_NODE = ROOT / "scripts" / "es_node.sh"
INDEX_ARGS = ["--workers", "1", "--no-entities", "--batch-size", "40", "--no-progress", "--json"]


def node_pid() -> int:
    """The pid of the node scripts/es_node.sh started (the only one this test may freeze)."""
    # The script knows where it keeps the node (inside the clone, or a system folder when root).
    answer = subprocess.run(["bash", str(ES_NODE), "pid"], capture_output=True, text=True, timeout=30)
    if answer.returncode != 0 or not answer.stdout.strip().isdigit():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("scripts/es_node.sh knows no live Elasticsearch node: start it with scripts/es_node.sh start")
        pytest.skip("fault test needs the node started by scripts/es_node.sh (`es_node.sh pid` found none)")
    return int(answer.stdout.strip())


def newsfacet(env: dict[str, str], *args: str) -> subprocess.Popen:
    command = [str(Path(sys.executable).parent / "newsfacet"), *args]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def summary_of(output: str) -> dict:
    start = output.find("{")
    return json.loads(output[start:]) if start >= 0 else {}


def count_or_zero(backend) -> int:
    """The count, or 0 while the index is still being created (its shard not yet started)."""
    from newsfacet.engine.backends.base import BackendError

    try:
        return backend.count()
    except BackendError:
        return 0


def wait_healthy(backend, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if backend.health().get("ok"):
            return
        time.sleep(0.5)
    raise AssertionError("Elasticsearch did not come back")


def test_frozen_node_mid_load_then_resume_indexes_everything_once(request, tmp_path):
    from tests.es_support import elasticsearch_backend

    sources = [str(corpus("bbc-news") / "bbc" / section) for section in ("business", "tech")]
    pid = node_pid()
    es = elasticsearch_backend(request, "fault")
    reference = subprocess.run([str(Path(sys.executable).parent / "newsfacet"), "--backend", "tantivy",
                                "--data-dir", str(tmp_path / "ref"), "index", *sources, *INDEX_ARGS],
                               capture_output=True, text=True, timeout=600)
    assert reference.returncode == 0, reference.stderr[-2000:]
    expected_ids = {article.id for article in TantivyBackend(tmp_path / "ref").scan()}

    env = {**os.environ, "NEWSFACET_BACKEND": "elasticsearch", "NEWSFACET_INDEX": es.index,
           "NEWSFACET_DATA_DIR": str(tmp_path / "es"), "NEWSFACET_ES_TIMEOUT": "2",
           "NEWSFACET_ES_RETRIES": "2", "NEWSFACET_ES_BACKOFF": "0.5"}
    run = newsfacet(env, "index", *sources, *INDEX_ARGS)
    frozen = False
    try:
        deadline = time.monotonic() + 300
        while count_or_zero(es) < 200 and run.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert run.poll() is None, "the load finished before the node could be stopped"
        os.kill(pid, signal.SIGSTOP)
        frozen, frozen_at = True, time.monotonic()
        out, err = run.communicate(timeout=300)
        gave_up_after = time.monotonic() - frozen_at
    finally:
        if frozen:
            os.kill(pid, signal.SIGCONT)
        if run.poll() is None:
            run.kill()
    assert run.returncode != 0, "the indexer must exit non-zero when the node is lost"
    assert "rerun with --resume" in err and "Elasticsearch" in err, err[-2000:]
    # It retried before giving up: one request is 2 s (NEWSFACET_ES_TIMEOUT), tried 3 times by the
    # client (reads), or bulk attempts with 0.5 + 1 s backoff (writes). The client's own retry log
    # lines are not shown (elastic_transport logs to a NullHandler unless configured).
    assert gave_up_after >= 5.5, f"gave up after {gave_up_after:.1f} s: no retries"

    wait_healthy(es)
    partial = es.count()
    assert 0 < partial < len(expected_ids)
    resumed = newsfacet(env, "index", *sources, "--resume", *INDEX_ARGS)
    out, err = resumed.communicate(timeout=600)
    assert resumed.returncode == 0, err[-2000:]
    assert summary_of(out)["failed"] == 0
    stored = [article.id for article in es.scan()]
    assert len(stored) == len(set(stored)) == es.count()
    assert set(stored) == expected_ids
