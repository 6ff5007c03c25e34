"""Faceted search latency: newsfacet's full search next to raw tantivy calls for the same work.

Each request of a fixed mix asks for the query, every facet, the date histogram and a highlighted
top 20. "raw" runs the same compiled tantivy queries and aggregations directly (search, aggregate
per facet group, fetch and snippet the top 20), so the ratio is newsfacet's own overhead: query
parsing, request/result building, JSON decoding of stored articles, histogram roll-up.

    python scripts/bench_search.py --data-dir /tmp/bench-100k [--rounds 5]
    python scripts/bench_search.py --backend elasticsearch --es-url http://127.0.0.1:9200
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsfacet.engine.backends import open_backend  # noqa: E402
from newsfacet.engine.search import FacetSelection, SearchRequest  # noqa: E402

QUERY_MIX: list[dict] = [
    {"query": ""},
    {"query": "government"},
    {"query": "oil prices"},
    {"query": '"prime minister"'},
    {"query": "election OR vote", "sort": "newest"},
    {"query": "music -award"},
    {"query": "film*"},
    {"query": "mobile phone", "selections": {"language": FacetSelection(include=("en",))}},
    {"query": "Regierung"},
    {"query": "market", "date_from": date(2010, 1, 1), "date_to": date(2012, 12, 31)},
    {"query": "", "selections": {"outlet": FacetSelection(include=("Synthetic Outlet 0", "Synthetic Outlet 3"))}},
    {"query": "economy", "selections": {"location": FacetSelection(include=("Place 0",)),
                                        "person": FacetSelection(exclude=("Person 0",))}},
    {"query": "football", "date_from": date(2020, 3, 1), "date_to": date(2020, 3, 31)},
    {"query": "title:champion"},
    {"query": "bank", "sort": "oldest", "selections": {"organization": FacetSelection(include=("Organisation 1",))}},
]


def requests() -> list[SearchRequest]:
    return [SearchRequest(page_size=20, facet_size=10, **spec) for spec in QUERY_MIX]


def percentiles(samples: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return {"p50": cuts[49], "p95": cuts[94], "p99": cuts[98], "mean": statistics.fmean(samples)}


def timed(call, item) -> float:
    started = time.perf_counter()
    call(item)
    return (time.perf_counter() - started) * 1000


def run_interleaved(backend, raw_runner, items, rounds: int) -> tuple[list[float], list[float]]:
    """Each request runs raw then through newsfacet, back to back, so both see the same machine load."""
    ours, raw = [], []
    for _ in range(rounds):
        for number, item in enumerate(items):
            if raw_runner is not None:
                raw.append(timed(raw_runner.run, number))
            ours.append(timed(backend.search, item))
    return ours, raw


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", default="tantivy", choices=["tantivy", "elasticsearch"])
    parser.add_argument("--data-dir", default=os.environ.get("NEWSFACET_DATA_DIR"))
    parser.add_argument("--es-url", default=os.environ.get("NEWSFACET_ES_URL", "http://127.0.0.1:9200"))
    parser.add_argument("--index", default="articles")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    backend = open_backend({"backend": args.backend, "data_dir": args.data_dir, "es_url": args.es_url,
                            "index": args.index, "es_timeout": 60.0})
    items = requests()
    print(f"machine: {platform.platform()}, {os.cpu_count()} cpus, python {platform.python_version()}")
    print(f"corpus: {backend.count()} articles, backend {args.backend}, {len(items)} requests x {args.rounds} rounds")
    for item in items:  # warm caches once
        backend.search(item)
    raw_runner = None
    if args.backend == "tantivy":
        from raw_tantivy import RawTantivy

        raw_runner = RawTantivy(backend, items)
    ours, raw = run_interleaved(backend, raw_runner, items, args.rounds)
    report("newsfacet", ours)
    if raw:
        report("raw tantivy", raw)
        ratio = {k: percentiles(ours)[k] / percentiles(raw)[k] for k in ("p50", "p95", "p99")}
        print("overhead ratio (newsfacet / raw): " + ", ".join(f"{k} {v:.2f}x" for k, v in ratio.items()))


def report(label: str, samples: list[float]) -> None:
    stats = percentiles(samples)
    print(f"{label:12s} " + "  ".join(f"{k} {v:7.1f} ms" for k, v in stats.items()))


if __name__ == "__main__":
    main()
