"""Where one search request's time goes in the web app: parse state, engine, render, encode.

Runs in this process against an existing index, with the response cache off, over URLs of
bench_web's distinct mix (HTML page and JSON twin). Each URL is timed phase by phase, calling the
same functions the views call, after one unmeasured pass that warms the index. Prints the median
and total per phase and format, the web layer's share (parse + render + encode) over the engine's,
and with `--profile` the functions that cost the web layer most.

    python scripts/bench_web_split.py --data-dir /work/bench-webcache/100k --urls 120 --profile

`--hit` times cached answers instead: bench_web's repeat mix (its 20 URLs, page, JSON and Atom, gzip
accepted) with the response cache on and warm. Each answer is called through the whole WSGI app
(security middleware, Flask, rate limiter, session, headers), and its parts are timed apart the way
`views_search.kept_answer()` runs them: index generation, entity choices stamp, ETag, cache lookup,
response building (gzip splice, CSRF token, cookie). What is left over is Flask's own work, the
other hooks and the view (the Atom view parses the request before asking the cache). State parsing
(with the page's canonical check) is timed too, apart: what a hit no longer does on the page and
JSON. Prints medians per part in microseconds:

    python scripts/bench_web_split.py --data-dir /work/bench/scale-1m --hit --rounds 50 --profile

Under gunicorn, `--spy FILE` sorts the samples of a py-spy recording of one worker (raw format, e.g.
`py-spy record -p WORKER -d 15 --gil --format raw -o FILE` while bench_web runs) into the app's parts
and gunicorn's (request parsing, access log, sending, thread pool, keep-alive poller) and prints shares:

    python scripts/bench_web_split.py --spy /tmp/worker.raw
"""
from __future__ import annotations

import argparse
import cProfile
import json
import os
import platform
import pstats
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
PHASES = ("parse", "engine", "render", "encode")
SPLIT_FORMATS = ("/search", "/search.json")


def one_request(url: str, profile: cProfile.Profile | None) -> dict[str, float]:
    """The four phases of `url` (inside a request context), in seconds; the web ones under `profile`."""
    from flask import current_app, render_template
    from newsfacet.engine.collapse import search_stories
    from newsfacet.engine.facets import shown_facets
    from newsfacet.webapp.cache import CSRF_MARKER, Body
    from newsfacet.webapp.context import get_backend
    from newsfacet.webapp.state import API_COLLAPSE, PAGE_COLLAPSE
    from newsfacet.webapp.views_search import Outcome, engine_request, json_document, page_context, read_state

    page = url.split("?")[0] == "/search"
    times: dict[str, float] = {}

    def timed(phase: str, work, web: bool = True):
        if profile is not None and web:
            profile.enable()
        started = time.perf_counter()
        value = work()
        times[phase] = time.perf_counter() - started
        if profile is not None and web:
            profile.disable()
        return value

    def parse():
        state = read_state(PAGE_COLLAPSE if page else API_COLLAPSE)
        search = engine_request(state, facets=shown_facets())
        search.parsed  # noqa: B018 - the query parse belongs to this phase
        return state, search

    state, search = timed("parse", parse)
    backend = get_backend()
    result = timed("engine", lambda: search_stories(backend, search), web=False)
    outcome = Outcome(state, result)
    if page:
        text = timed("render", lambda: render_template("search.html", **page_context(outcome),
                                                       csrf_token=lambda: CSRF_MARKER))
    else:
        text = timed("render", lambda: current_app.json.dumps(json_document(outcome)))
    timed("encode", lambda: Body.of(text, "text/html" if page else "application/json"))
    return times


HIT_PARTS = ("generation", "choices_stamp", "etag", "lookup", "respond")  # in the order of a hit
KINDS = {"/search": "page", "/search.json": "json", "/search.atom": "atom"}  # views' cached() kinds


def hit_parts(app, url: str, headers: dict[str, str]) -> dict[str, float]:
    """The parts of a cached answer to `url` (in a request context), in seconds."""
    from flask import request
    from newsfacet.webapp.aliases import choices_stamp
    from newsfacet.webapp.cache import get_cache, send
    from newsfacet.webapp.context import get_backend
    from newsfacet.webapp.security import csrf_token
    from newsfacet.webapp.state import API_COLLAPSE, PAGE_COLLAPSE, is_canonical
    from newsfacet.webapp.views_search import raw_query_string, read_state

    path = url.split("?")[0]
    times: dict[str, float] = {}

    def timed(part: str, work):
        started = time.perf_counter()
        value = work()
        times[part] = time.perf_counter() - started
        return value

    def missing():
        raise AssertionError(f"{url} is not cached")

    with app.test_request_context(url, headers=headers):
        def parse():
            state = read_state(PAGE_COLLAPSE if path == "/search" else API_COLLAPSE)
            assert path != "/search" or is_canonical(raw_query_string(), state)

        timed("parse_state_apart", parse)
        cache = get_cache()
        generation = timed("generation", lambda: get_backend().generation())
        generation += ":" + timed("choices_stamp", choices_stamp)
        etag = timed("etag", lambda: cache.etag(generation, KINDS[path]))
        body, source = timed("lookup", lambda: cache.body((generation, KINDS[path], request.url), missing))
        fill = (lambda: csrf_token().encode()) if path == "/search" else (lambda: b"")
        timed("respond", lambda: app.process_response(send(body, etag, source, path == "/search", fill=fill())))
    return times


def whole_answer(app, environ: dict) -> tuple[float, str]:
    """Seconds for one WSGI call of `environ`, body read, and its cache header."""
    seen: list = []
    started = time.perf_counter()
    answer = app(dict(environ), lambda status, headers, error=None: seen.append(headers))
    b"".join(answer)
    getattr(answer, "close", lambda: None)()
    return time.perf_counter() - started, dict(seen[0]).get("X-Newsfacet-Cache", "none")


def measure_hits(args: argparse.Namespace) -> None:
    from bench_web import ACCEPT_GZIP, REPEATED_URLS, distinct_urls, facet_tops
    from newsfacet.webapp import create_app
    from werkzeug.test import EnvironBuilder

    load_before = [round(x, 2) for x in os.getloadavg()]
    app = create_app({"data_dir": args.data_dir, "secret_key": "bench"})
    client = app.test_client()
    answer = client.get("/search.json?size=1")
    if answer.status_code != 200:
        raise SystemExit(f"/search.json answered {answer.status_code}")
    urls = distinct_urls(facet_tops(answer.get_json()["facets"]), args.seed)[:REPEATED_URLS]
    environs = {url: EnvironBuilder(path=url.split("?")[0], query_string=url.partition("?")[2],
                                    headers=ACCEPT_GZIP).get_environ() for url in urls}
    for url in urls:  # fill the cache (misses)
        whole_answer(app, environs[url])
    times: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    profile = cProfile.Profile() if args.profile else None
    for _ in range(args.rounds):
        for url in urls:
            kind = url.split("?")[0]
            if profile is not None:
                profile.enable()
            seconds, cached = whole_answer(app, environs[url])
            if profile is not None:
                profile.disable()
            if cached != "hit":
                raise SystemExit(f"{url} was not a cache hit ({cached})")
            times[kind]["whole"].append(seconds)
            for part, spent in hit_parts(app, url, ACCEPT_GZIP).items():
                times[kind][part].append(spent)
    app.extensions["newsfacet"].close()
    figures: dict = {"urls": len(urls), "rounds": args.rounds, "unit": "microseconds, median"}
    for kind, parts in sorted(times.items()):
        medians = {part: statistics.median(values) * 1e6 for part, values in parts.items()}
        medians["flask_hooks_and_view"] = medians["whole"] - sum(medians[part] for part in HIT_PARTS)
        figures[kind] = {part: round(value, 1) for part, value in medians.items()}
    figures.update(machine=platform.platform(), cpus=os.cpu_count(), python=platform.python_version(),
                   load_average_before=load_before, load_average_after=[round(x, 2) for x in os.getloadavg()])
    print(json.dumps(figures, indent=2))
    if profile is not None:
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)


# What a sampled stack was doing: the innermost frame that contains one of these decides.
SPY_PARTS = (
    ("app: the alias file read (generation)", "read_alias"),
    ("app: other file stats (generation, choices)", "Path.stat"),
    ("app: the rest of the Flask request", "Flask.wsgi_app"),
    ("gunicorn: access log", "glogging.py"),
    ("gunicorn: sending the response", "gunicorn/util.py"),
    ("gunicorn: reading and parsing the request", "gunicorn/http/"),
    ("gunicorn: keep-alive poller and accept loop", "ThreadWorker.run"),
    ("gunicorn: hand-off in the pool thread", "ThreadWorker.handle"),
    ("thread pool waiting for work", "_worker (concurrent"),
)


def spy_shares(raw: Path) -> dict[str, float]:
    """Shares of the samples of a py-spy raw file (`frame;frame;... count` lines) per SPY_PARTS."""
    counts: dict[str, int] = defaultdict(int)
    for line in raw.read_text().splitlines():
        stack, _, number = line.rpartition(" ")
        frames = stack.split(";")
        part = next((name for frame in reversed(frames) for name, needle in SPY_PARTS if needle in frame), "other")
        counts[part] += int(number)
    total = sum(counts.values())
    return {"samples": total, **{name: round(count / total, 3)
                                 for name, count in sorted(counts.items(), key=lambda item: -item[1])}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", help="An existing tantivy index folder.")
    parser.add_argument("--urls", type=int, default=120, help="URLs of the distinct mix to time (default 120).")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--profile", action="store_true", help="Also print the web layer's top functions.")
    parser.add_argument("--hit", action="store_true", help="Time cached answers (the repeat mix) instead.")
    parser.add_argument("--rounds", type=int, default=50, help="With --hit: times each URL is asked.")
    parser.add_argument("--spy", type=Path, metavar="FILE", help="Summarize a py-spy raw recording instead.")
    args = parser.parse_args()
    if args.spy:
        print(json.dumps(spy_shares(args.spy), indent=2))
        return
    if not args.data_dir:
        parser.error("give --data-dir (an index), or --spy FILE")
    if args.hit:
        measure_hits(args)
        return
    load_before = [round(x, 2) for x in os.getloadavg()]

    from bench_web import distinct_urls, facet_tops
    from newsfacet.webapp import create_app

    app = create_app({"data_dir": args.data_dir, "secret_key": "bench", "response_cache_mb": 0})
    client = app.test_client()
    answer = client.get("/search.json?size=1")
    if answer.status_code != 200:
        raise SystemExit(f"/search.json answered {answer.status_code}")
    documents = answer.get_json()["total"]
    urls = distinct_urls(facet_tops(answer.get_json()["facets"]), args.seed, SPLIT_FORMATS)[:args.urls]
    for url in urls:  # warm the index's pages and the templates
        with app.test_request_context(url):
            one_request(url, None)
    profile = cProfile.Profile() if args.profile else None
    times: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for url in urls:
        with app.test_request_context(url):
            for phase, seconds in one_request(url, profile).items():
                times[url.split("?")[0]][phase].append(seconds)
    app.extensions["newsfacet"].close()

    figures: dict = {"documents": documents, "urls": len(urls)}
    for kind, phases in sorted(times.items()):
        total = {phase: sum(phases[phase]) for phase in PHASES}
        web = total["parse"] + total["render"] + total["encode"]
        figures[kind] = {**{f"{phase}_median_ms": round(statistics.median(phases[phase]) * 1000, 2)
                            for phase in PHASES},
                         "web_over_engine": round(web / total["engine"], 3)}
    figures.update(machine=platform.platform(), cpus=os.cpu_count(), python=platform.python_version(),
                   load_average_before=load_before, load_average_after=[round(x, 2) for x in os.getloadavg()])
    print(json.dumps(figures, indent=2))
    if profile is not None:
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
