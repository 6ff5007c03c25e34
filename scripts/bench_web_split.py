"""Where one search request's time goes in the web app: parse state, engine, render, encode.

Runs in this process against an existing index, with the response cache off, over URLs of
bench_web's distinct mix (HTML page and JSON twin). Each URL is timed phase by phase, calling the
same functions the views call, after one unmeasured pass that warms the index. Prints the median
and total per phase and format, the web layer's share (parse + render + encode) over the engine's,
and with `--profile` the functions that cost the web layer most.

    python scripts/bench_web_split.py --data-dir /work/bench-webcache/100k --urls 120 --profile
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", required=True, help="An existing tantivy index folder.")
    parser.add_argument("--urls", type=int, default=120, help="URLs of the distinct mix to time (default 120).")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--profile", action="store_true", help="Also print the web layer's top functions.")
    args = parser.parse_args()
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
