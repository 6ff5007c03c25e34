"""Faceted search latency: newsfacet's full search next to raw tantivy calls for the same work.

Each request of a fixed mix asks for the query, every facet, the date histogram and a highlighted
top 20. Three ways run back to back per request, so they see the same machine load:
- "newsfacet": the default search, whose facets and histogram count a sample of the matches when
  there are more than engine.sampling.SAMPLE_ABOVE (on an index of schema 6);
- "exact": the same with exact=True (every match counted);
- "raw": the same compiled tantivy queries and exact aggregations run directly (search, aggregate
  per facet group, fetch and snippet the top 20), one after the other, so exact / raw is newsfacet's own
  overhead (below 1 where newsfacet's count work runs side by side on several cores);
- "one thread" (tantivy): the default search with its count jobs run one after the other.
Then, per request, the sampled facets are checked against the exact ones: totals must be equal, and
the largest relative error of the exact top-10 values' counts is printed.

    python scripts/bench_search.py --data-dir /tmp/bench-100k [--rounds 5]
    python scripts/bench_search.py --backend elasticsearch --es-url http://127.0.0.1:9200
    python scripts/bench_search.py --data-dir /tmp/bench-300k --smaller-dir /tmp/bench-30k

`--smaller-dir` runs the same default searches on a smaller index too, interleaved with the others (so
both see the same load), and prints how the percentiles grow from the smaller index to this one.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsfacet.engine.backends import open_backend  # noqa: E402
from newsfacet.engine.sampling import SAMPLE_ABOVE, SAMPLE_SIZE  # noqa: E402
from newsfacet.engine.search import FacetSelection, SearchRequest  # noqa: E402

TOP = 10  # the values whose error is measured: what a facet shows

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


def one_thread(backend):
    """The default search with its count work run one job after the other (tantivy only: the engine
    otherwise runs it side by side, engine.backends.tantivy_parallel), to show what that buys."""
    from newsfacet.engine.backends import tantivy_parallel

    def search(item):
        threads = tantivy_parallel.COUNT_THREADS
        tantivy_parallel.COUNT_THREADS = 1
        try:
            return backend.search(item)
        finally:
            tantivy_parallel.COUNT_THREADS = threads
    return search


def run_interleaved(backend, raw_runner, items, rounds: int, smaller=None) -> dict[str, list[float]]:
    """Each request runs raw, exact and sampled back to back (and one thread at a time on tantivy, and
    on the smaller index, if given), so all see the same machine load."""
    times: dict[str, list[float]] = {"newsfacet": [], "one thread": [], "exact": [], "raw": [], "smaller": []}
    exact_items = [replace(item, exact=True) for item in items]
    sequential = one_thread(backend) if raw_runner is not None else None
    for _ in range(rounds):
        for number, item in enumerate(items):
            if raw_runner is not None:
                times["raw"].append(timed(raw_runner.run, number))
            times["exact"].append(timed(backend.search, exact_items[number]))
            times["newsfacet"].append(timed(backend.search, item))
            if sequential is not None:
                times["one thread"].append(timed(sequential, item))
            if smaller is not None:
                times["smaller"].append(timed(smaller.search, item))
    return {label: samples for label, samples in times.items() if samples}


def sampling_error(backend, items) -> list[tuple[float, str]]:
    """Per request: the largest relative error of the exact top-10 values of its sampled facets
    (counted with room, so a value the sample ranks lower still has its estimate), and which."""
    errors = []
    for number, item in enumerate(items):
        roomy = replace(item, facet_size=100, highlight=False)
        sampled, exact = backend.search(roomy), backend.search(replace(roomy, exact=True))
        if sampled.total != exact.total:
            raise SystemExit(f"request {number}: sampled total {sampled.total} != exact {exact.total}")
        worst = (0.0, "")
        for name, facet in sampled.facets.items():
            if not facet.approximate:
                continue
            estimate = {bucket.value: bucket.count for bucket in facet.buckets}
            for bucket in exact.facets[name].buckets[:TOP]:
                error = abs(estimate.get(bucket.value, 0) - bucket.count) / bucket.count
                if error > worst[0]:
                    worst = (error, f"{name}={bucket.value!r} {estimate.get(bucket.value, 0)} vs {bucket.count}")
        if sampled.approximate:
            errors.append((worst[0], f"request {number} ({exact.total} matches): {worst[1]}"))
    return errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", default="tantivy", choices=["tantivy", "elasticsearch"])
    parser.add_argument("--data-dir", default=os.environ.get("NEWSFACET_DATA_DIR"))
    parser.add_argument("--es-url", default=os.environ.get("NEWSFACET_ES_URL", "http://127.0.0.1:9200"))
    parser.add_argument("--index", default="articles")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--smaller-dir", help="a smaller embedded index: the same searches on it, to show growth")
    args = parser.parse_args()
    backend = open_backend({"backend": args.backend, "data_dir": args.data_dir, "es_url": args.es_url,
                            "index": args.index, "es_timeout": 60.0})
    smaller = None
    if args.smaller_dir:
        smaller = open_backend({"backend": "tantivy", "data_dir": args.smaller_dir, "index": args.index})
        print(f"smaller corpus: {smaller.count()} articles in {args.smaller_dir}")
    items = requests()
    print(f"machine: {platform.platform()}, {os.cpu_count()} cpus, python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"corpus: {backend.count()} articles, backend {args.backend}, {len(items)} requests x {args.rounds} "
          f"rounds; sampling above {SAMPLE_ABOVE:,} matches, about {SAMPLE_SIZE:,} counted")
    for item in items:  # warm caches once
        backend.search(item)
        backend.search(replace(item, exact=True))
        if smaller is not None:
            smaller.search(item)
    raw_runner = None
    if args.backend == "tantivy":
        from raw_tantivy import RawTantivy

        raw_runner = RawTantivy(backend, items)
    times = run_interleaved(backend, raw_runner, items, args.rounds, smaller)
    for label, samples in times.items():
        report(label, samples)
    ours = percentiles(times["newsfacet"])
    for baseline in ("one thread", "exact", "raw"):
        if baseline in times:
            theirs = percentiles(times[baseline])
            print(f"ratio newsfacet / {baseline}: " +
                  ", ".join(f"{k} {ours[k] / theirs[k]:.2f}x" for k in ("p50", "p95", "p99")))
    if "smaller" in times:
        small = percentiles(times["smaller"])
        print(f"growth from {smaller.count()} to {backend.count()} articles (newsfacet / smaller): " +
              ", ".join(f"{k} {ours[k] / small[k]:.2f}x" for k in ("p50", "p95", "p99")))
    if "raw" in times:
        exact, raw = percentiles(times["exact"]), percentiles(times["raw"])
        print("overhead ratio (exact / raw): " + ", ".join(f"{k} {exact[k] / raw[k]:.2f}x" for k in ("p50", "p95")))
    errors = sampling_error(backend, items)
    if errors:
        worst = max(errors)
        print(f"sampled requests: {len(errors)} of {len(items)}; totals equal to exact in all {len(items)}; largest "
              f"relative error of a top-{TOP} count {worst[0]:.1%} ({worst[1]}); mean of the per-request largest "
              f"{statistics.fmean(e for e, _ in errors):.1%}")
    else:
        print(f"no request was sampled (none matches more than {SAMPLE_ABOVE:,}); totals equal to exact")


def report(label: str, samples: list[float]) -> None:
    stats = percentiles(samples)
    print(f"{label:12s} " + "  ".join(f"{k} {v:7.1f} ms" for k, v in stats.items()))


if __name__ == "__main__":
    main()
