"""Load benchmark of the web app: a fixed mix of faceted searches at N concurrent keep-alive clients.

Starts gunicorn (2 workers by default) on 127.0.0.1 over an existing index, or uses a URL that
is already serving (127.0.0.1/localhost only), then prints throughput, latency percentiles,
errors, the document count and the machine.

    python scripts/bench_web.py --data-dir /tmp/bench-100k --duration 30 --connections 16
    python scripts/bench_web.py --url http://127.0.0.1:5000
    python scripts/bench_web.py --data-dir /tmp/bench-bbc --build 100000   # own index from BBC texts
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import secrets
import socket
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BBC = ROOT.parent / "shared" / "corpora" / "bbc-news" / "bbc"
QUERIES = ("government", "oil prices", "music", "election", "bank", "film award", "mobile phone", "economy")
LOCAL_HOSTS = ("127.0.0.1", "localhost")


# -- a corpus when none is given --------------------------------------------------------------
def build_index(data_dir: str, total: int, seed: int = 7) -> None:
    """Index `total` copies of the BBC texts with varied dates, outlets, authors and entities."""
    from engine.backends.tantivy_backend import TantivyBackend
    from engine.model import Article

    texts = []
    for path in sorted(BBC.rglob("*.txt")):
        lines = path.read_bytes().decode("utf-8", "replace").strip().splitlines()
        texts.append((path.parent.name, lines[0].strip(), "\n".join(lines[1:]).strip()))
    rng = random.Random(seed)
    backend = TantivyBackend(data_dir)
    start = datetime(2015, 1, 1, tzinfo=UTC)
    batch = []
    for number in range(total):
        topic, title, body = texts[number % len(texts)]
        batch.append(Article(
            title=title, body=body, url=f"https://bench.example/{number}", outlet=f"Bench Outlet {rng.randrange(40)}",
            published=start + timedelta(minutes=rng.randrange(10 * 365 * 24 * 60)), language="en",
            authors=[f"Reporter {rng.randrange(500)}"],
            entities={"person": [f"Person {int(rng.paretovariate(1.2)) % 3000}"],
                      "organization": [f"Organisation {int(rng.paretovariate(1.2)) % 800}", topic.title()],
                      "location": [f"Place {int(rng.paretovariate(1.2)) % 300}"]}))
        if len(batch) == 10_000:
            backend.write(batch)
            batch = []
    if batch:
        backend.write(batch)
    backend.close()


# -- the server ---------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(data_dir: str, workers: int, threads: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "NEWSFACET_DATA_DIR": data_dir, "NEWSFACET_SECRET_KEY": secrets.token_urlsafe(32)}
    command = [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--threads", str(threads),
               "--worker-class", "gthread", "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
               "webapp:create_app()"]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    return process, f"http://127.0.0.1:{port}"


def wait_healthy(base: str, timeout: float = 60.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            status, body = fetch(connect(base), "/healthz")
            if status == 200:
                return json.loads(body)
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"{base} did not become healthy within {timeout:.0f} s")


def connect(base: str) -> http.client.HTTPConnection:
    parts = urlsplit(base)
    return http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=30)


def fetch(connection: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    connection.request("GET", path, headers={"Connection": "keep-alive"})
    response = connection.getresponse()
    return response.status, response.read()


# -- the workload -------------------------------------------------------------------------------
def request_mix(base: str) -> list[str]:
    """A fixed mix of canonical search URLs using the index's most frequent facet values."""
    status, body = fetch(connect(base), "/search.json?size=1")
    if status != 200:
        raise SystemExit(f"/search.json answered {status}")
    facets = json.loads(body)["facets"]

    def top(name: str, count: int) -> list[str]:
        return [bucket["value"] for bucket in facets.get(name, {}).get("buckets", [])[:count]]

    outlets, people, places, langs = top("outlet", 3), top("person", 2), top("location", 2), top("language", 2)
    mix: list[list[tuple[str, str]]] = [[("q", query)] for query in QUERIES]
    mix += [[("q", QUERIES[0]), ("outlet", outlet)] for outlet in outlets[:2]]
    mix += [[("q", QUERIES[1]), *(("outlet", o) for o in sorted(outlets[:2])), *(("not_language", lang) for lang in
                                                                                 langs[1:2])]]
    mix += [[("person", person)] for person in people] + [[("location", place)] for place in places]
    mix += [[("q", "music"), ("from", "2018-01-01"), ("to", "2018-12-31")],
            [("q", "economy"), ("sort", "newest")], [("q", "bank"), ("page", "3")], []]
    return ["/search?" + urlencode(params) if params else "/search" for params in mix]


class Recorder:
    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.errors = 0
        self.lock = threading.Lock()

    def add(self, latencies: list[float], errors: int) -> None:
        with self.lock:
            self.latencies.extend(latencies)
            self.errors += errors


def client_loop(base: str, paths: list[str], offset: int, until: float, recorder: Recorder) -> None:
    """One keep-alive client: requests in mix order from its own offset until the deadline."""
    connection = connect(base)
    latencies: list[float] = []
    errors = 0
    number = offset
    while time.monotonic() < until:
        path = paths[number % len(paths)]
        number += 1
        started = time.perf_counter()
        try:
            status, _ = fetch(connection, path)
        except (OSError, http.client.HTTPException):
            errors += 1
            connection.close()
            connection = connect(base)
            continue
        latencies.append(time.perf_counter() - started)
        errors += status != 200
    connection.close()
    recorder.add(latencies, errors)


def run_load(base: str, paths: list[str], connections: int, seconds: float) -> tuple[Recorder, float]:
    recorder = Recorder()
    started = time.monotonic()
    until = started + seconds
    threads = [threading.Thread(target=client_loop, args=(base, paths, n * 3, until, recorder))
               for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return recorder, time.monotonic() - started


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


def report(recorder: Recorder, elapsed: float, health: dict, args: argparse.Namespace, mix: int) -> dict:
    count = len(recorder.latencies)
    return {"requests": count, "errors": recorder.errors, "seconds": round(elapsed, 1),
            "requests_per_second": round(count / elapsed, 1),
            "p50_ms": round(percentile(recorder.latencies, 0.50) * 1000, 1),
            "p95_ms": round(percentile(recorder.latencies, 0.95) * 1000, 1),
            "p99_ms": round(percentile(recorder.latencies, 0.99) * 1000, 1),
            "documents": health.get("backend", {}).get("documents"), "connections": args.connections,
            "server": args.url or f"gunicorn gthread {args.workers} workers x {args.threads} threads",
            "mix_urls": mix, "machine": platform.platform(), "cpus": os.cpu_count(),
            # Other work on the machine skews the figures; say how busy it was.
            "load_average_before": args.load_before, "load_average_after": [round(x, 2) for x in os.getloadavg()],
            "python": platform.python_version()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", help="Existing index folder (or the target of --build).")
    parser.add_argument("--url", help="Benchmark an app already serving here (127.0.0.1 only).")
    parser.add_argument("--build", type=int, metavar="N", help="First build an N-article index from BBC texts.")
    parser.add_argument("--duration", type=float, default=30.0, help="Seconds of load (default 30).")
    parser.add_argument("--warmup", type=float, default=3.0, help="Seconds of unmeasured load first.")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4, help="gthread threads per gunicorn worker.")
    parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")
    args = parser.parse_args()
    if args.url and urlsplit(args.url).hostname not in LOCAL_HOSTS:
        parser.error("--url must point at 127.0.0.1 or localhost")
    if not args.url and not args.data_dir:
        parser.error("give --data-dir (an index) or --url (a running app)")
    if args.build:
        build_index(args.data_dir, args.build)
    args.load_before = [round(x, 2) for x in os.getloadavg()]
    server = None
    base = args.url
    if not base:
        server, base = start_gunicorn(args.data_dir, args.workers, args.threads)
    try:
        health = wait_healthy(base)
        paths = request_mix(base)
        if args.warmup:
            run_load(base, paths, args.connections, args.warmup)
        recorder, elapsed = run_load(base, paths, args.connections, args.duration)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
    figures = report(recorder, elapsed, health, args, len(paths))
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    for key, value in figures.items():
        print(f"{key:>20}: {value}")


if __name__ == "__main__":
    main()
