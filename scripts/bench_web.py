"""Load benchmark of the web app: a fixed mix of faceted searches at N concurrent keep-alive clients.

Starts gunicorn (2 workers by default) on 127.0.0.1 over an existing index, or uses a URL that
is already serving (127.0.0.1/localhost only), then prints throughput, latency percentiles,
errors, the document count and the machine.

    python scripts/bench_web.py --data-dir /tmp/bench-100k --duration 30 --connections 16
    python scripts/bench_web.py --url http://127.0.0.1:5000
    python scripts/bench_web.py --data-dir /tmp/bench-bbc --build 100000   # own index from BBC texts
    python scripts/bench_web.py --data-dir DIR --duration 25 --hostile 0.1

`--mix distinct` asks >= 1,000 distinct URLs (queries x facet selections x pages x formats, shuffled
from `--seed`), `--mix repeat` 20 of them over and over; both print the response cache's hit rate
(the X-Newsfacet-Cache header: hit, miss, or wait for a miss another request was making), the
client's share of the machine's CPU and the warmup's misses. `--baseline` first runs the same mix on
a server with the cache off (NEWSFACET_RESPONSE_CACHE_MB=0), then with it on, and prints the ratios:

    python scripts/bench_web.py --data-dir DIR --mix distinct --duration 60 --baseline --accept-gzip

With `--hostile F`, a fraction F of requests is hostile (forged cursors, huge day-histogram ranges,
unicode digits, long queries, deep NOT chains, random bytes in parameters); the same duration is
first run without them, and the script prints status codes per class, the 5xx count, the normal
requests' percentiles in both halves and the ratio of their p99 (hostile / clean).
"""
from __future__ import annotations

import argparse
import base64
import json
import os
import platform
import random
import resource
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BBC = ROOT.parent / "shared" / "corpora" / "bbc-news" / "bbc"
QUERIES = ("government", "oil prices", "music", "election", "bank", "film award", "mobile phone", "economy")
LOCAL_HOSTS = ("127.0.0.1", "localhost")
GUNICORN_CONFIG = ROOT / "webapp" / "gunicorn.conf.py"
NORMAL = "normal"


# -- a corpus when none is given --------------------------------------------------------------
def build_index(data_dir: str, total: int, seed: int = 7) -> None:
    """Index `total` copies of the BBC texts with varied dates, outlets, authors and entities."""
    from newsfacet.engine.backends.tantivy_backend import TantivyBackend
    from newsfacet.engine.model import Article

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


def start_gunicorn(data_dir: str, workers: int, threads: int, log: Path,
                   cache_mb: int | None = None) -> tuple[subprocess.Popen, str]:
    """gunicorn with the repository's production config; its log (no access lines) goes to `log`."""
    port = free_port()
    env = {**os.environ, "NEWSFACET_DATA_DIR": data_dir, "NEWSFACET_SECRET_KEY": secrets.token_urlsafe(32)}
    if cache_mb is not None:
        env["NEWSFACET_RESPONSE_CACHE_MB"] = str(cache_mb)
    command = [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONFIG), "--workers", str(workers),
               "--threads", str(threads), "--bind", f"127.0.0.1:{port}", "--access-logfile", "/dev/null",
               "newsfacet.webapp:create_app()"]
    with log.open("wb") as handle:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)
    return process, f"http://127.0.0.1:{port}"


def wait_healthy(base: str, timeout: float = 60.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            status, body = fetch(base, "/healthz")
            if status == 200:
                return json.loads(body)
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"{base} did not become healthy within {timeout:.0f} s")


class Connection:
    """One HTTP/1.1 keep-alive connection that costs the client little CPU: each request is written
    from bytes made once per path, and only the status line and the headers are parsed (no
    email-style header objects as in http.client). On 2 cores the client competes with the server
    it measures, and http.client's parsing cost about as much as a cached answer does."""

    def __init__(self, base: str, headers: dict[str, str] | None = None, timeout: float = 30.0) -> None:
        parts = urlsplit(base)
        self.address = (parts.hostname, parts.port or 80)
        self.extra = f"Host: {parts.netloc}\r\nConnection: keep-alive\r\n" + "".join(
            f"{name}: {value}\r\n" for name, value in (headers or {}).items())
        self.timeout = timeout
        self.requests: dict[str, bytes] = {}
        self.sock: socket.socket | None = None
        self.pending = b""  # bytes received past the last response

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
        self.sock, self.pending = None, b""

    def get(self, path: str) -> tuple[int, bytes, dict[bytes, bytes]]:
        """Status, body (as sent: maybe gzipped) and the headers (lower-case names) of GET `path`."""
        request = self.requests.get(path)
        if request is None:
            request = self.requests[path] = f"GET {path} HTTP/1.1\r\n{self.extra}\r\n".encode("latin-1")
        if self.sock is None:
            self.sock = socket.create_connection(self.address, timeout=self.timeout)
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock.sendall(request)
        head = self._until(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        try:
            status = int(lines[0].split(b" ", 2)[1])
        except (IndexError, ValueError):
            raise ConnectionError(f"not an HTTP status line: {lines[0][:80]!r}") from None
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            headers[name.strip().lower()] = value.strip()
        body = self._body(status, headers)
        if headers.get(b"connection", b"").lower() == b"close":
            self.close()
        return status, body, headers

    def _body(self, status: int, headers: dict[bytes, bytes]) -> bytes:
        if status in (204, 304) or status < 200:
            return b""
        if b"content-length" in headers:
            return self._exactly(int(headers[b"content-length"]))
        if headers.get(b"transfer-encoding", b"").lower() == b"chunked":
            chunks = []
            while size := int(self._until(b"\r\n").split(b";")[0], 16):
                chunks.append(self._exactly(size))
                self._exactly(2)
            while self._until(b"\r\n"):  # trailers, up to the empty line
                pass
            return b"".join(chunks)
        body = self.pending + b"".join(iter(self._receive, b""))  # no length: up to the close
        self.close()
        return body

    def _receive(self) -> bytes:
        assert self.sock is not None
        return self.sock.recv(1 << 16)

    def _until(self, mark: bytes) -> bytes:
        """The bytes up to `mark` (consumed with it)."""
        while (end := self.pending.find(mark)) < 0:
            self._more()
        found, self.pending = self.pending[:end], self.pending[end + len(mark):]
        return found

    def _exactly(self, count: int) -> bytes:
        while len(self.pending) < count:
            self._more()
        found, self.pending = self.pending[:count], self.pending[count:]
        return found

    def _more(self) -> None:
        chunk = self._receive()
        if not chunk:
            raise ConnectionError("the server closed the connection")
        self.pending += chunk


ACCEPT_GZIP = {"Accept-Encoding": "gzip"}  # what every browser sends; --accept-gzip makes the clients send it
CACHE_HEADER = b"x-newsfacet-cache"  # webapp.cache's hit/miss header (not imported: --url may be another build)


def fetch(base: str, path: str) -> tuple[int, bytes]:
    """One request on a connection of its own (setup, not measured)."""
    connection = Connection(base)
    try:
        status, body, _ = connection.get(path)
    finally:
        connection.close()
    return status, body


# -- the workload -------------------------------------------------------------------------------
def top_values(base: str) -> Callable[[str, int], list[str]]:
    """The index's most frequent values of a facet, as `top(name, count)`."""
    status, body = fetch(base, "/search.json?size=1")
    if status != 200:
        raise SystemExit(f"/search.json answered {status}")
    return facet_tops(json.loads(body)["facets"])


def facet_tops(facets: dict) -> Callable[[str, int], list[str]]:
    """`top(name, count)` over the `facets` of a JSON search answer."""

    def top(name: str, count: int) -> list[str]:
        return [bucket["value"] for bucket in facets.get(name, {}).get("buckets", [])[:count]]

    return top


def request_mix(base: str) -> list[str]:
    """A fixed mix of canonical search URLs using the index's most frequent facet values."""
    top = top_values(base)
    outlets, people, places, langs = top("outlet", 3), top("person", 2), top("location", 2), top("language", 2)
    mix: list[list[tuple[str, str]]] = [[("q", query)] for query in QUERIES]
    mix += [[("q", QUERIES[0]), ("outlet", outlet)] for outlet in outlets[:2]]
    mix += [[("q", QUERIES[1]), *(("outlet", o) for o in sorted(outlets[:2])), *(("not_language", lang) for lang in
                                                                                 langs[1:2])]]
    mix += [[("person", person)] for person in people] + [[("location", place)] for place in places]
    mix += [[("q", "music"), ("from", "2018-01-01"), ("to", "2018-12-31")],
            [("q", "economy"), ("sort", "newest")], [("q", "bank"), ("page", "3")], []]
    return ["/search?" + urlencode(params) if params else "/search" for params in mix]


FORMATS = ("/search", "/search.json", "/search.atom")  # streamed exports (CSV, JSONL) are not cached
PAGES = (1, 2, 3, 4)
REPEATED_URLS = 20


def distinct_mix(base: str, seed: int) -> list[str]:
    """Queries x facet selections x pages x formats (>= 1,000 canonical URLs), shuffled from `seed`."""
    return distinct_urls(top_values(base), seed)


def distinct_urls(top: Callable[[str, int], list[str]], seed: int, formats: tuple[str, ...] = FORMATS) -> list[str]:
    """The distinct mix from the index's top facet values (also used in-process by bench_web_split)."""
    from newsfacet.engine.settings import load_settings
    from newsfacet.webapp.state import API_COLLAPSE, PAGE_COLLAPSE, Limits, parse_state
    from werkzeug.datastructures import MultiDict

    selections = [[], [("sort", "newest")]]
    selections += [[(name, value)] for name, count in (("outlet", 3), ("language", 2), ("person", 2),
                                                       ("location", 2)) for value in top(name, count)]
    limits = Limits.from_settings(load_settings())
    urls = []
    for query in QUERIES:
        for selection in selections:
            for page in PAGES:
                for path in formats:
                    params = MultiDict([("q", query), *selection] + ([("page", str(page))] if page > 1 else []))
                    collapse = PAGE_COLLAPSE if path == "/search" else API_COLLAPSE
                    urls.append(parse_state(params, limits, collapse).url(path))  # the canonical form
    random.Random(seed).shuffle(urls)
    return urls


def repeat_mix(base: str, seed: int) -> list[str]:
    """20 URLs of the distinct mix, asked over and over."""
    return distinct_mix(base, seed)[:REPEATED_URLS]


def _forged(payload: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


def hostile_mix(base: str, rng: random.Random) -> dict[str, list[str]]:
    """Hostile request paths by class; forged cursors start from a real one (base64url JSON today)."""
    status, body = fetch(base, "/search.json?q=government&size=5")
    cursor = json.loads(body).get("next_cursor") or "" if status == 200 else ""
    try:
        owner = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))["r"]
    except (ValueError, KeyError, TypeError):
        owner = "000000000000"
    junk = [quote(rng.randbytes(rng.randrange(8, 200))) for _ in range(6)]
    return {
        "forged_cursor": [f"/search?q=government&size=5&cursor={_forged({'r': owner, 'p': {'o': offset}})}"
                          for offset in (2**40, 2**63, -1, "x", None)]
                         + [f"/search?q=government&size=5&cursor={quote(rng.randbytes(48))}",
                            "/search?q=government&size=5&cursor=not-a-cursor",
                            "/search.json?q=music&size=5&cursor=" + quote(cursor)],
        "huge_range_day": ["/search?from=0001-01-01&to=9999-12-31&interval=day",
                           "/search.json?q=music&from=1000-01-01&to=9999-12-31&interval=day",
                           "/search?q=bank&from=1900-01-01&to=2100-12-31&interval=day"],
        "unicode_digits": ["/search?q=music&size=" + quote("١٠"), "/search?q=music&page=" + quote("²"),
                           "/search?from=" + quote("٢٠٢٤-٠١-٠١"), "/search?q=" + quote("٣٤٥ ²³")],
        "long_query": ["/search?q=" + quote(" ".join(QUERIES * 8)[:499]), "/search?q=" + "x" * 6000,
                       "/search?q=" + quote(" OR ".join(f"w{n}*" for n in range(80)))],
        "deep_not": ["/search?q=" + quote("NOT " * 120 + "music"), "/search?q=" + quote("-(" * 100 + "x" + ")" * 100),
                     "/search?q=" + quote("music " + " ".join(f"-w{n}" for n in range(90)))],
        "random_bytes": [f"/search?q={junk[0]}", f"/search?outlet={junk[1]}&not_person={junk[2]}",
                         f"/search?from={junk[3]}&sort={junk[4]}", f"/search.json?size={junk[5]}&q=%ff%fe%00"],
    }


RETRIED = "retried on a new connection"  # not an answer of its own: the retry's status is counted too
UNKEPT = "miss, not kept"  # a miss without a validator: an answer the time budget cut, never cached


class Recorder:
    """Latencies of normal requests; status codes (or 'no answer') per request class; cache misses by URL."""

    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.by_cache: dict[str, list[float]] = defaultdict(list)  # the same latencies by cache header
        self.statuses: dict[str, Counter] = defaultdict(Counter)
        self.cache: Counter = Counter()  # normal requests by cache header (hit, miss, none)
        self.misses: Counter = Counter()  # normal requests answered by a miss, by URL
        self.lock = threading.Lock()

    def add(self, latencies: list[tuple[float, str]], statuses: dict[str, Counter], cache: Counter,
            misses: Counter) -> None:
        with self.lock:
            for seconds, cached in latencies:
                self.latencies.append(seconds)
                self.by_cache[cached].append(seconds)
            self.cache.update(cache)
            self.misses.update(misses)
            for kind, counts in statuses.items():
                self.statuses[kind].update(counts)

    def count(self, kind: str, predicate) -> int:
        return sum(n for status, n in self.statuses[kind].items() if predicate(status))


def client_loop(base: str, paths: list[str], hostile: dict[str, list[str]], fraction: float, offset: int,
                until: float, recorder: Recorder, headers: dict[str, str]) -> None:
    """One keep-alive client: the mix in order from its own offset, a `fraction` of hostile ones.
    A latency runs from sending the request to having read the whole response."""
    rng = random.Random(offset)
    connection = Connection(base, headers)
    latencies: list[tuple[float, str]] = []  # (seconds, cache header)
    statuses: dict[str, Counter] = defaultdict(Counter)
    cache: Counter = Counter()
    misses: Counter = Counter()
    number = offset
    while time.monotonic() < until:
        kind = rng.choice(sorted(hostile)) if hostile and rng.random() < fraction else NORMAL
        path = rng.choice(hostile[kind]) if kind != NORMAL else paths[number % len(paths)]
        number += kind == NORMAL
        started = time.perf_counter()
        try:
            status, _, answer = connection.get(path)
        except OSError:
            # A keep-alive connection the server closed (a worker recycled after max_requests) is
            # retried once on a new one, as browsers and HTTP libraries do for a GET; counted apart.
            connection.close()
            statuses[kind][RETRIED] += 1
            try:
                status, _, answer = connection.get(path)
            except OSError:
                statuses[kind]["no answer"] += 1
                connection.close()
                continue
        statuses[kind][status] += 1
        if kind == NORMAL:
            cached = answer.get(CACHE_HEADER, b"none").decode("latin-1")
            latencies.append((time.perf_counter() - started, cached))
            cache[cached] += 1
            if cached == "miss":
                misses[path] += 1
                cache[UNKEPT] += b"etag" not in answer
    connection.close()
    recorder.add(latencies, statuses, cache, misses)


def run_load(base: str, paths: list[str], connections: int, seconds: float,
             hostile: dict[str, list[str]] | None = None, fraction: float = 0.0, spread: bool = False,
             headers: dict[str, str] | None = None) -> tuple[Recorder, float]:
    """`connections` clients for `seconds`; with `spread` they start evenly apart in the mix (not 3
    URLs apart), so a large mix is not walked by all clients at once (which would flatter a cache)."""
    recorder = Recorder()
    started = time.monotonic()
    until = started + seconds
    step = max(1, len(paths) // connections) if spread else 3
    threads = [threading.Thread(target=client_loop,
                                args=(base, paths, hostile or {}, fraction, n * step, until, recorder, headers or {}))
               for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return recorder, time.monotonic() - started


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


def latency_figures(recorder: Recorder, elapsed: float) -> dict:
    count = len(recorder.latencies)
    answered = recorder.cache["hit"] + recorder.cache["miss"] + recorder.cache["wait"]  # wait: joined a miss
    return {"cache_hit_rate": round(recorder.cache["hit"] / answered, 3) if answered else None,
            "cache_headers": dict(recorder.cache), "requests": count,
            "errors": recorder.count(NORMAL, lambda status: status not in (200, RETRIED)),
            "statuses": dict(sorted(recorder.statuses[NORMAL].items(), key=str)),
            "seconds": round(elapsed, 1), "requests_per_second": round(count / elapsed, 1),
            "p50_ms": round(percentile(recorder.latencies, 0.50) * 1000, 1),
            "p95_ms": round(percentile(recorder.latencies, 0.95) * 1000, 1),
            "p99_ms": round(percentile(recorder.latencies, 0.99) * 1000, 1),
            # The tail by where the answer came from: a high hit rate can hide slow misses.
            "p50_p99_ms_by_cache": {cached: [round(percentile(values, 0.50) * 1000, 1),
                                             round(percentile(values, 0.99) * 1000, 1)]
                                    for cached, values in sorted(recorder.by_cache.items())},
            "most_missed_urls": dict(recorder.misses.most_common(5))}


# -- where the machine's CPU went (Linux /proc; None elsewhere) -----------------------------------
TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def process_tree(root: int) -> list[int]:
    """`root` and its descendants (gunicorn's master and workers)."""
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        for task in Path(f"/proc/{pid}/task").glob("*/children"):
            todo.extend(int(child) for child in task.read_text().split())
    return found


def process_cpu(pids: list[int]) -> float:
    """CPU seconds (user + system) of the live processes in `pids`."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # a worker that exited (recycled): its time is lost, the share is then low
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


def machine_cpu() -> tuple[float, float]:
    """Busy and total CPU seconds of the whole machine since boot (all cores)."""
    values = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle, iowait
    return (sum(values) - idle) / TICKS, sum(values) / TICKS


class CpuShares:
    """Shares of the machine's CPU during a run: this client, the server, everything else, idle.
    On 2 cores the client's share is capacity the server did not get: read the latencies with it."""

    def __init__(self, server: int | None) -> None:
        self.server = server
        self.available = Path("/proc/stat").exists()
        if self.available:
            self.start = self._sample()

    def _sample(self) -> tuple[float, float, float, float]:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        server = process_cpu(process_tree(self.server)) if self.server else 0.0
        return (usage.ru_utime + usage.ru_stime, server, *machine_cpu())

    def shares(self) -> dict[str, float | None] | None:
        if not self.available:
            return None
        client, server, busy, total = (end - start for end, start in zip(self._sample(), self.start, strict=True))
        return {"client": round(client / total, 3), "server": round(server / total, 3) if self.server else None,
                "other": round(max(0.0, busy - client - server) / total, 3),
                "idle": round(max(0.0, 1 - busy / total), 3)}


def hostile_figures(clean: Recorder, clean_seconds: float, attacked: Recorder, attacked_seconds: float,
                    worker_events: dict[str, dict | None]) -> dict:
    """Both halves side by side: status codes per class, 5xx count, normal p99 ratio."""
    normal_clean = latency_figures(clean, clean_seconds)
    normal_attacked = latency_figures(attacked, attacked_seconds)
    classes = {kind: dict(sorted(counts.items(), key=str)) for kind, counts in sorted(attacked.statuses.items())}
    server_errors = sum(attacked.count(kind, lambda status: isinstance(status, int) and status >= 500)
                        for kind in attacked.statuses)
    no_answer = sum(attacked.count(kind, lambda status: status == "no answer") for kind in attacked.statuses)
    return {"normal_without_hostile": normal_clean, "normal_with_hostile": normal_attacked,
            "p99_ratio_with_over_without": round(normal_attacked["p99_ms"] / normal_clean["p99_ms"], 2),
            "status_codes_by_class": classes, "count_5xx": server_errors, "count_no_answer": no_answer,
            "server_log_events": worker_events}


# What the server log says happened to workers (the bench runs gunicorn at log level info).
LOG_EVENTS = {"recycled_after_max_requests": "Autorestarting worker", "killed_by_signal": "was sent SIG",
              "killed_by_timeout": "WORKER TIMEOUT", "uncaught_in_worker": "Exception in worker"}


def log_events(log: Path | None, since: int) -> tuple[dict[str, int] | None, int]:
    """Counts of worker events in the server log after byte `since`, and the new end."""
    if log is None or not log.exists():
        return None, since
    with log.open("rb") as handle:
        handle.seek(since)
        text = handle.read().decode("utf-8", "replace")
    return {name: text.count(marker) for name, marker in LOG_EVENTS.items()}, since + len(text.encode())


def context(health: dict, args: argparse.Namespace, mix: int) -> dict:
    return {"documents": health.get("backend", {}).get("documents"), "connections": args.connections,
            "server": args.url or f"gunicorn -c webapp/gunicorn.conf.py, {args.workers} workers x {args.threads} "
                                  "gthread threads",
            "mix": args.mix, "seed": args.seed, "accept_gzip": args.accept_gzip,
            "mix_urls": mix, "hostile_fraction": args.hostile, "server_log": None if args.url else args.server_log,
            "machine": platform.platform(),
            "cpus": os.cpu_count(),
            # Other work on the machine skews the figures; say how busy it was.
            "load_average_before": args.load_before, "load_average_after": [round(x, 2) for x in os.getloadavg()],
            "python": platform.python_version()}


def measure(base: str, args: argparse.Namespace, log: Path | None, server: int | None = None) -> dict:
    health = wait_healthy(base)
    paths = request_mix(base) if args.mix == "fixed" else MIXES[args.mix](base, args.seed)
    load = {"spread": args.mix != "fixed", "headers": ACCEPT_GZIP if args.accept_gzip else None}
    warmup = None
    if args.warmup:
        warm, _ = run_load(base, paths, args.connections, args.warmup, **load)
        # Each worker process has its own cache, so a URL misses at least once per worker; more
        # misses of one URL are searches made again (not waited for) or answers not kept.
        # Fewer misses than URLs x workers: some worker has not made some URL yet, and will in the run.
        warmup = {"cache_headers": dict(warm.cache), "urls_missed": len(warm.misses),
                  "misses_to_fill_every_worker": None if args.url else len(paths) * args.workers,
                  "most_misses_of_one_url": max(warm.misses.values(), default=0)}
    _, mark = log_events(log, 0)
    cpu = CpuShares(server)
    clean, clean_seconds = run_load(base, paths, args.connections, args.duration, **load)
    clean_events, mark = log_events(log, mark)
    if not args.hostile:
        return {**latency_figures(clean, clean_seconds), "cpu_shares": cpu.shares(), "warmup": warmup,
                "server_log_events": clean_events, **context(health, args, len(paths))}
    hostile = hostile_mix(base, random.Random(11))
    attacked, attacked_seconds = run_load(base, paths, args.connections, args.duration, hostile, args.hostile, **load)
    attacked_events, _ = log_events(log, mark)
    events = {"without_hostile": clean_events, "with_hostile": attacked_events}
    return {**hostile_figures(clean, clean_seconds, attacked, attacked_seconds, events),
            **context(health, args, len(paths))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", help="Existing index folder (or the target of --build).")
    parser.add_argument("--url", help="Benchmark an app already serving here (127.0.0.1 only).")
    parser.add_argument("--build", type=int, metavar="N", help="First build an N-article index from BBC texts.")
    parser.add_argument("--duration", type=float, default=30.0, help="Seconds of load per half (default 30).")
    parser.add_argument("--warmup", type=float, default=3.0, help="Seconds of unmeasured load first.")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4, help="gthread threads per gunicorn worker.")
    parser.add_argument("--hostile", type=float, default=0.0, metavar="F",
                        help="Fraction (0-1) of hostile requests; also runs the same duration without them.")
    parser.add_argument("--server-log", default=str(Path(tempfile.gettempdir()) / "bench_web_server.log"),
                        help="Where gunicorn's log goes (default %(default)s).")
    parser.add_argument("--mix", choices=("fixed", *MIXES), default="fixed",
                        help="fixed: the 24 URLs above; distinct: >= 1,000 URLs; repeat: 20 URLs (default fixed).")
    parser.add_argument("--seed", type=int, default=7, help="Shuffles the distinct and repeat mixes.")
    parser.add_argument("--accept-gzip", action="store_true", help="Clients send Accept-Encoding: gzip.")
    parser.add_argument("--baseline", action="store_true",
                        help="First the same run with the response cache off, then on; prints both and ratios.")
    parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")
    args = parser.parse_args()
    if args.url and urlsplit(args.url).hostname not in LOCAL_HOSTS:
        parser.error("--url must point at 127.0.0.1 or localhost")
    if not args.url and not args.data_dir:
        parser.error("give --data-dir (an index) or --url (a running app)")
    if not 0 <= args.hostile < 1:
        parser.error("--hostile is a fraction from 0 to below 1, e.g. 0.1")
    if args.build:
        build_index(args.data_dir, args.build)
    if args.baseline and args.url:
        parser.error("--baseline starts its own servers: give --data-dir, not --url")
    if args.baseline:
        figures = {"cache_off": serve_and_measure(args, cache_mb=0), "cache_on": serve_and_measure(args)}
        figures["ratios_on_over_off"] = {key: round(figures["cache_on"][key] / figures["cache_off"][key], 3)
                                         for key in ("requests_per_second", "p50_ms", "p95_ms", "p99_ms")
                                         if figures["cache_off"].get(key)}
    else:
        figures = serve_and_measure(args)
    print(json.dumps(figures, indent=2) if args.json else
          "\n".join(f"{key:>36}: {value}" for key, value in figures.items()))


def serve_and_measure(args: argparse.Namespace, cache_mb: int | None = None) -> dict:
    """Measure `args.url`, or a gunicorn of our own (the response cache at `cache_mb`, else the setting's)."""
    args.load_before = [round(x, 2) for x in os.getloadavg()]
    server = None
    base = args.url
    if not base:
        server, base = start_gunicorn(args.data_dir, args.workers, args.threads, Path(args.server_log), cache_mb)
    try:
        return measure(base, args, Path(args.server_log) if server else None, server.pid if server else None)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=60)


MIXES = {"distinct": distinct_mix, "repeat": repeat_mix}

if __name__ == "__main__":
    main()
