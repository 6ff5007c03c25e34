"""Latency of the entity and compare pages (HTML and JSON) over an existing index, one client at a time.

Serves the app with werkzeug on 127.0.0.1 in this process, asks each page `--rounds` times through a
keep-alive HTTP connection after one warm-up, and prints p50/p95 per page kind with the index size and
the machine. Entity pages are those of the index's most named people, organizations and places.

    python scripts/bench_pages.py --data-dir /tmp/views_bbc --rounds 20
"""
from __future__ import annotations

import argparse
import http.client
import logging
import os
import platform
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
COMPARISONS = (("oil", "gas"), ("election", "government"), ("music", "film", "television"),
               ("bank", "economy", "market", "shares"))


def entity_paths(data_dir: str, per_type: int) -> list[str]:
    from newsfacet.engine.backends.tantivy_backend import TantivyBackend

    backend = TantivyBackend(Path(data_dir))
    try:
        top = backend.stats(facet_size=per_type)["facets"]
    finally:
        backend.close()
    return [f"/entity/{kind}/{quote(value, safe='')}" for kind in ("person", "organization", "location")
            for value, _ in top.get(kind, [])[:per_type]]


def compare_paths() -> list[str]:
    return ["/compare?" + urlencode([("q", query) for query in queries]) for queries in COMPARISONS]


def timed(connection: http.client.HTTPConnection, path: str) -> float:
    started = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    if response.status != 200:
        raise SystemExit(f"{path} answered {response.status}")
    return (time.perf_counter() - started) * 1000


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True, help="folder of an existing tantivy index")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--per-type", type=int, default=5, help="entities per type")
    options = parser.parse_args()

    from newsfacet.webapp import create_app
    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    app = create_app({"data_dir": options.data_dir, "secret_key": "bench-pages"})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=60)
    kinds = {"entity": entity_paths(options.data_dir, options.per_type), "compare": compare_paths()}
    kinds["entity.json"] = [path + ".json" for path in kinds["entity"]]
    kinds["compare.json"] = [path.replace("/compare?", "/compare.json?") for path in kinds["compare"]]
    with app.app_context():
        from newsfacet.webapp.context import get_backend

        articles = get_backend().count()
    print(f"index: {options.data_dir} ({articles:,} articles); machine: {platform.machine()}, "
          f"{os.cpu_count()} CPUs, {platform.platform()}, Python {platform.python_version()}")
    for kind, paths in kinds.items():
        for path in paths:
            timed(connection, path)  # warm-up: the first request opens the index
        times = [timed(connection, path) for _ in range(options.rounds) for path in paths]
        print(f"{kind:13} {len(paths):2} pages x {options.rounds} rounds: p50 {statistics.median(times):6.1f} ms, "
              f"p95 {percentile(times, 0.95):6.1f} ms, max {max(times):6.1f} ms")
    server.shutdown()
    app.extensions["newsfacet"].close()


if __name__ == "__main__":
    main()
