"""Reindex against a fresh build of the same index, in the same run: docs/s, their ratio, peak RSS.

    python scripts/bench_reindex.py --docs 100000                       # fresh build, then its reindex
    python scripts/bench_reindex.py --docs 100000 --rounds 2 --scan-pages
    python scripts/bench_reindex.py --reindex-only --data-dir /tmp/scale-1m   # an index built before
    python scripts/bench_reindex.py --docs 0 --scan-pages --data-dir /tmp/scale-1m   # paging cost only
    python scripts/bench_reindex.py --steps 20000 --data-dir /tmp/scale-1m   # the copy's Python steps

Each phase runs in its own process, so its peak RSS (`ru_maxrss`) is its own:
- fresh: the scale corpus (scripts/scale_corpus.py, same seed) written into a new index the way
  scale_corpus writes it, except that each article's story keys are made from its own text, as the
  indexer and the reindex make them (scale_corpus makes them once per base text);
- reindex: `engine.reindex.reindex` of that index into a new version (scan, story keys, entity
  curation, writes, commits, count check, alias switch), as `newsfacet reindex` runs it.
RSS is sampled during each phase (every 10% of the articles) to show whether memory stays flat.
CPU is given for the whole process and for its main thread (the Python side: reading, curating,
making documents); the difference is tantivy's own indexing and merging threads.
`--scan-pages` also times finding the pages of the keyset scan against offset paging (the scan before
it) over the fresh index: the first and the last pages, in milliseconds per page.
`--steps N` times, one after the other, each step the copy runs in its main thread (reading stored
articles, curating them, their stored form and its JSON, the CJK fields, the whole tantivy document)
over the first N articles of an index, in microseconds of that thread's CPU per article: what the
Python side of a reindex costs, without tantivy's threads (nothing is written).
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from newsfacet.engine.analysis import cjk_fields  # noqa: E402
from newsfacet.engine.backends import open_backend  # noqa: E402
from newsfacet.engine.backends.tantivy_scan import scan_pages  # noqa: E402
from newsfacet.engine.backends.tantivy_schema import stored_form, to_document  # noqa: E402
from newsfacet.engine.entity_choices import Curator  # noqa: E402
from newsfacet.engine.reindex import reindex  # noqa: E402
from newsfacet.engine.stories import keys_of  # noqa: E402
from scale_corpus import CORPORA, scaled_articles, write_all  # noqa: E402
from tantivy import Order, Query  # noqa: E402

BATCH = 1000


def rss_mb() -> str:
    """Resident memory now (Linux /proc), in MB: anonymous (heaps) + file-backed (tantivy's memory-mapped
    segment files, which the kernel may drop at any time; ru_maxrss counts both)."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line)
    anon, mapped = (int(fields[name].split()[0]) // 1024 for name in ("RssAnon", "RssFile"))
    return f"{anon}+{mapped}"


class Sampler:
    """RSS (anonymous + file-backed) at every tenth of the expected articles."""

    def __init__(self, expected: int) -> None:
        self.step = max(1, expected // 10)
        self.next = self.step
        self.samples: list[tuple[int, str]] = []

    def __call__(self, done: int, _expected: int | None = None) -> None:
        if done >= self.next:
            self.samples.append((done, rss_mb()))
            self.next += self.step


def _backend(data_dir: str):
    return open_backend({"backend": "tantivy", "data_dir": data_dir, "index": "articles"})


def phase_fresh(data_dir: str, docs: int, seed: int) -> dict:
    sampler = Sampler(docs)

    def with_own_keys():
        for number, article in enumerate(scaled_articles(docs, seed, CORPORA, shared_facts=False), 1):
            article.story_keys = keys_of(article)
            sampler(number)
            yield article

    backend = _backend(data_dir)
    started, cpu = time.perf_counter(), (time.process_time(), time.thread_time())
    written = write_all(backend, with_own_keys(), BATCH, 250_000, lambda done: None)
    backend.close()  # waits for tantivy's merges
    return _finish(written, started, cpu, sampler)


def phase_reindex(data_dir: str) -> dict:
    backend = _backend(data_dir)
    sampler = Sampler(backend.count())
    started, cpu = time.perf_counter(), (time.process_time(), time.thread_time())
    outcome = reindex(backend, keep=0, progress=sampler, batch_size=BATCH)
    backend.close()
    return _finish(outcome.documents, started, cpu, sampler)


def _finish(docs: int, started: float, cpu: tuple[float, float], sampler: Sampler) -> dict:
    """`cpu`: process and main-thread CPU seconds at the start; the main thread runs the Python side
    (reading, curating, making documents), the rest is tantivy's indexing and merging threads."""
    seconds = time.perf_counter() - started
    return {"docs": docs, "seconds": seconds, "cpu": time.process_time() - cpu[0],
            "main_cpu": time.thread_time() - cpu[1],
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "rss": sampler.samples}


class TimedSearcher:
    """A searcher that adds up the time spent in `search` (finding a page), not in `doc` (reading it:
    the same cost per article whichever way pages are found)."""

    def __init__(self, searcher) -> None:
        self.searcher = searcher
        self.num_docs = searcher.num_docs
        self.spent = 0.0

    def search(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return self.searcher.search(*args, **kwargs)
        finally:
            self.spent += time.perf_counter() - started

    def doc(self, address):
        return self.searcher.doc(address)


def phase_scan_pages(data_dir: str, edge: int = 10) -> dict:
    """ms spent finding each page (reading its articles aside): every keyset window of a whole scan,
    and the first and last `edge` pages of offset paging (a page's cost depends only on its offset)."""
    backend = _backend(data_dir)
    searcher, opened = backend._reader()
    timed = TimedSearcher(searcher)
    keyset, before = [], 0.0
    for _page in scan_pages(timed, opened.compiler.sort_key_between, BATCH):
        keyset.append((timed.spent - before) * 1000)
        before = timed.spent
    offsets = list(range(0, searcher.num_docs, BATCH))
    offset = []
    for start in offsets[:edge] + offsets[-edge:]:
        began = time.perf_counter()
        searcher.search(Query.all_query(), BATCH, count=False, offset=start, order_by_field="sort_key", order=Order.Asc)
        offset.append((time.perf_counter() - began) * 1000)
    return {"keyset": {"pages": len(keyset), "first": sum(keyset[:edge]) / edge, "last": sum(keyset[-edge:]) / edge,
                       "total_s": sum(keyset) / 1000},
            "offset": {"pages": len(offsets), "first": sum(offset[:edge]) / edge, "last": sum(offset[-edge:]) / edge,
                       "total_s": None}}


def phase_steps(data_dir: str, docs: int) -> dict:
    """Main-thread CPU per article of each step of the copy, over the first `docs` articles."""
    backend = _backend(data_dir)
    seconds = {}

    def timed(name, step):
        began = time.thread_time()
        done = step()
        seconds[name] = time.thread_time() - began
        return done

    articles = timed("read (scan, stored articles)", lambda: list(itertools.islice(backend.scan(BATCH), docs)))
    curator = Curator(backend.entity_choices(), backend.entity_type_counts, count_batch=False)
    timed("curate", lambda: [curator(articles[at:at + BATCH]) for at in range(0, len(articles), BATCH)])
    forms = timed("stored form", lambda: [stored_form(article) for article in articles])
    timed("its JSON", lambda: [json.dumps(form, ensure_ascii=False).encode("utf-8") for form in forms])
    timed("CJK fields", lambda: [cjk_fields(article.title, article.body) for article in articles])
    timed("tantivy document (the three above and the rest)", lambda: [to_document(article) for article in articles])
    backend.close()
    per_article = {name: spent / max(len(articles), 1) * 1e6 for name, spent in seconds.items()}
    return {"docs": len(articles), "steps": per_article}


def _child(phase: str, data_dir: str, args: argparse.Namespace) -> dict:
    command = [sys.executable, __file__, "--phase", phase, "--data-dir", data_dir, "--docs", str(args.docs),
               "--seed", str(args.seed)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{phase} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _line(name: str, result: dict) -> str:
    rate = result["docs"] / result["seconds"]
    memory = ", ".join(f"{done}:{mb}" for done, mb in result["rss"])
    return (f"  {name:<8} {result['docs']} articles in {result['seconds']:.1f} s = {rate:.0f} docs/s "
            f"(CPU {result['cpu']:.0f} s in this process, {result['main_cpu']:.0f} s of it in the main thread), "
            f"peak RSS {result['peak_rss_mb']:.0f} MB; "
            f"RSS MB (anonymous+file) by articles done: {memory}")


def _print_pages(pages: dict) -> None:
    for name, cost in pages.items():
        whole = f", all pages {cost['total_s']:.2f} s" if cost["total_s"] is not None else ""
        print(f"  {name} paging: {cost['pages']} pages; finding a page (its articles not read): first 10 "
              f"{cost['first']:.2f} ms/page, last 10 {cost['last']:.2f} ms/page{whole}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--data-dir", help="with --reindex-only: the index to reindex (in place, keep=0)")
    parser.add_argument("--reindex-only", action="store_true")
    parser.add_argument("--scan-pages", action="store_true", help="also time keyset against offset pages")
    parser.add_argument("--steps", type=int, metavar="N", help="with --data-dir: time the copy's Python steps")
    parser.add_argument("--phase", choices=("fresh", "reindex", "scan-pages", "steps"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        run = {"fresh": lambda: phase_fresh(args.data_dir, args.docs, args.seed),
               "reindex": lambda: phase_reindex(args.data_dir),
               "scan-pages": lambda: phase_scan_pages(args.data_dir),
               "steps": lambda: phase_steps(args.data_dir, args.docs)}[args.phase]
        print(json.dumps(run()))
        return
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.2f} at start")
    if args.steps:
        if not args.data_dir:
            parser.error("--steps needs --data-dir")
        args.docs = args.steps
        result = _child("steps", args.data_dir, args)
        print(f"corpus: the first {result['docs']} articles of the index in {args.data_dir}; main-thread CPU:")
        for name, micros in result["steps"].items():
            print(f"  {name:<50} {micros:7.1f} us/article")
        return
    if args.scan_pages and args.data_dir and args.reindex_only is False and args.docs == 0:
        print(f"corpus: the index in {args.data_dir}")
        _print_pages(_child("scan-pages", args.data_dir, args))
        return
    if args.reindex_only:
        if not args.data_dir:
            parser.error("--reindex-only needs --data-dir")
        print(f"corpus: the index in {args.data_dir}")
        print(_line("reindex", _child("reindex", args.data_dir, args)))
        print(f"load average at end: {os.getloadavg()[0]:.2f}")
        return
    print(f"corpus: scripts/scale_corpus.py --docs {args.docs} --seed {args.seed} (BBC + 10kGNAD texts, "
          "synthetic metadata), story keys made per article in both phases; tantivy")
    for number in range(1, args.rounds + 1):
        folder = tempfile.mkdtemp(prefix="bench-reindex-", dir=args.data_dir)
        try:
            fresh = _child("fresh", folder, args)
            pages = _child("scan-pages", folder, args) if args.scan_pages else None
            again = _child("reindex", folder, args)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        print(f"round {number}:")
        print(_line("fresh", fresh))
        print(_line("reindex", again))
        ratio = (again["docs"] / again["seconds"]) / (fresh["docs"] / fresh["seconds"])
        print(f"  reindex / fresh docs/s: {ratio:.2f}x")
        if pages:
            _print_pages(pages)
    print(f"load average at end: {os.getloadavg()[0]:.2f} (others' work on this machine skews the rates)")


if __name__ == "__main__":
    main()
