"""What entity curation costs a reindex: copy only (baseline) against copy + curation, same run.

Usage: .venv/bin/python scripts/bench_curation.py --data-dir DIR [--rounds 2] [--index articles]
       (DIR from scripts/scale_corpus.py, e.g. --docs 20000; the index is rebuilt in place each round,
       keeping no old version)

Curation asks the index, per batch of 1000 articles, how many articles hold each of the batch's
names under each entity type (Backend.entity_type_counts: a terms count restricted to those names),
then rewrites the batch. Rounds alternate baseline and curated on a shared machine; the best of each is compared.
"""
from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsfacet.engine import reindex as reindexing  # noqa: E402
from newsfacet.engine.backends.base import Backend  # noqa: E402


def compare_reindex(backend: Backend, rounds: int) -> tuple[float, float]:
    """Best seconds of a plain copy and of a curated copy, measured alternately."""
    seconds: dict[bool, list[float]] = {False: [], True: []}
    for _ in range(rounds):
        for curate in (False, True):
            started = time.perf_counter()
            reindexing.reindex(backend, keep=0, curate_entities=curate)
            seconds[curate].append(time.perf_counter() - started)
    return min(seconds[False]), min(seconds[True])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--index", default="articles")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    from newsfacet.engine.backends.tantivy_backend import TantivyBackend

    backend = TantivyBackend(args.data_dir, args.index)
    documents = backend.count()
    print(f"machine: {platform.platform()} cpus={os.cpu_count()} python {platform.python_version()} "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"corpus: {args.data_dir} index {args.index}: {documents} articles")
    copy, curated = compare_reindex(backend, args.rounds)
    backend.close()
    print(f"reindex, best of {args.rounds}: copy {copy:.1f} s ({documents / copy:.0f} docs/s), "
          f"copy + curation {curated:.1f} s ({documents / curated:.0f} docs/s), ratio {curated / copy:.2f}x")
    print(f"load average at end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
