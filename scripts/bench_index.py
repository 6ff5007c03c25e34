"""Indexing benchmark: cost per stage (ms per document) and documents per second with 1 and 2 workers.

    .venv/bin/python scripts/bench_index.py                      # wcxb HTML + BBC text, tantivy
    .venv/bin/python scripts/bench_index.py --html-limit 100 --text-limit 300 --backend tantivy
    .venv/bin/python scripts/bench_index.py --stories-cost --rounds 3   # story grouping: with/without

Stages are timed in this process, one document at a time: read (file + gunzip), decode (bytes ->
text), clean (main text + metadata), language, entities, and write (backend.write in batches,
spread over the batch). Throughput runs the real pipeline (`indexer.pipeline.run_pipeline`) into a
fresh index per run. Two rates are printed: wall (including worker start-up and model loading)
and steady (after the first 10% of documents), since start-up is paid once per run.

`--compare REF` measures the stage costs of the code at git ref REF (exported with `git archive` to a
temporary folder and imported from there in a child process) and of this working tree, alternating
for `--rounds` rounds in the same run, and prints each stage's median and the ratio current / REF:

    .venv/bin/python scripts/bench_index.py --compare main --rounds 3 --html-limit 100 --text-limit 300
"""
from __future__ import annotations

import argparse
import io
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsfacet.engine.backends import open_backend  # noqa: E402
from newsfacet.engine.settings import load_settings  # noqa: E402
from newsfacet.indexer.pipeline import PipelineOptions, run_pipeline  # noqa: E402
from newsfacet.indexer.process import WorkOptions  # noqa: E402
from newsfacet.indexer.progress import Progress  # noqa: E402
from newsfacet.indexer.report import ReportWriter, Summary  # noqa: E402
from newsfacet.indexer.resume import Journal  # noqa: E402
from newsfacet.indexer.sources import Source, iter_sources  # noqa: E402

CORPORA = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora"
STAGES = ("read", "decode", "clean", "language", "entities", "write")


def pick(folder: Path, limit: int) -> list[Source]:
    """The first `limit` inputs of a folder (sorted), as the pipeline finds them."""
    found = []
    for source in iter_sources([str(folder)], 20_000_000):
        found.append(source)
        if len(found) == limit:
            break
    return found


def _timed(table: dict[str, list[float]], stage: str, action, *args, **kwargs):
    started = time.perf_counter()
    value = action(*args, **kwargs)
    table[stage].append((time.perf_counter() - started) * 1000)
    return value


def stage_costs(sources: list[Source], settings: dict, batch: int = 100, entities: bool = True) -> dict[str, float]:
    """Mean ms per document for each stage, in this process (entities 0 when switched off)."""
    from newsfacet.indexer.clean import clean_html, clean_text
    from newsfacet.indexer.decode import decode_document
    from newsfacet.indexer.entities import entity_dict, extract_entities
    from newsfacet.indexer.language import detect_language
    from newsfacet.indexer.sources.files import read_bytes

    table: dict[str, list[float]] = {stage: [] for stage in STAGES}
    articles = []
    if entities:
        extract_entities("Warm up the model in Paris.", "en")  # model loading is not a per-document cost
    # Loading lazily imported code and profiles is paid once per process, not per document.
    detect_language("Warm up the language profiles.")
    clean_html(f"<html><body><article><h1>Warm up</h1><p>{'Warm up the cleaner. ' * 30}</p></article></body></html>")
    for source in sources:
        try:
            data = _timed(table, "read", read_bytes, source.path, 20_000_000)
            is_html = source.kind == "html"
            text = _timed(table, "decode", decode_document, data, is_html=is_html)
            if is_html:
                article = _timed(table, "clean", clean_html, text, None)
            else:
                article = _timed(table, "clean", clean_text, text, source.source)
        except Exception as error:  # noqa: BLE001 - a benchmark counts what it can clean
            print(f"  (not cleaned: {source.source}: {error})", file=sys.stderr)
            continue
        joined = f"{article.title}\n{article.body}"
        article.language = _timed(table, "language", detect_language, joined)
        if entities:
            article.entities = entity_dict(_timed(table, "entities", extract_entities, joined, article.language))
        articles.append(article)
    backend = open_backend(settings)
    try:
        for start in range(0, len(articles), batch):
            part = articles[start:start + batch]
            started = time.perf_counter()
            backend.write(part)
            table["write"] += [(time.perf_counter() - started) * 1000 / len(part)] * len(part)
    finally:
        backend.close()
    return {stage: statistics.fmean(values) if values else 0.0 for stage, values in table.items()}


class _Clock(Progress):
    """Records (time, documents done) to compute a steady-state rate after start-up."""

    def __init__(self) -> None:
        super().__init__(None, stream=io.StringIO(), enabled=True, every=1e9)
        self.marks: list[tuple[float, int]] = []

    def update(self, summary: Summary) -> None:
        self.marks.append((time.monotonic(), summary.read))


def throughput(sources: list[Source], settings: dict, workers: int, entities: bool,
               stories: bool = True) -> tuple[float, float, float]:
    """(wall docs/s, steady docs/s, docs/s projected for an idle machine) with this many workers.

    The projection uses CPU time, which other processes on a shared machine do not inflate:
    the workers' CPU time spread over `workers` cores, or the main process's own CPU time
    (walking, writing, journaling), whichever is longer.
    """
    main_cpu = resource.getrusage(resource.RUSAGE_SELF)
    data_dir = Path(settings["data_dir"])
    backend = open_backend(settings)
    journal = Journal(data_dir / "journal.sqlite3", resume=False)
    report = ReportWriter(data_dir / "report.jsonl")
    summary, clock = Summary(), _Clock()
    options = PipelineOptions(workers=workers, work=WorkOptions(entities=entities, stories=stories))
    started = time.monotonic()
    try:
        run_pipeline(backend, iter(sources), options, journal, report, summary, clock)
    finally:
        backend.close()
        journal.close()
        report.close()
    elapsed = time.monotonic() - started
    used = resource.getrusage(resource.RUSAGE_SELF)
    main_seconds = used.ru_utime + used.ru_stime - main_cpu.ru_utime - main_cpu.ru_stime
    worker_seconds = summary.stage_seconds.get("worker_cpu", 0.0)
    if workers == 1:  # the work ran in this process: its CPU time is all of it
        projected = summary.read / max(main_seconds, 1e-9)
    else:
        projected = summary.read / max(worker_seconds / min(workers, os.cpu_count() or 1), main_seconds, 1e-9)
    wall = summary.read / elapsed
    after = [(t, n) for t, n in clock.marks if n >= summary.read * 0.1]
    steady = (after[-1][1] - after[0][1]) / (after[-1][0] - after[0][0]) if len(after) > 1 and \
        after[-1][0] > after[0][0] else wall
    return wall, steady, projected


def _settings(backend: str, data_dir: str) -> dict:
    return load_settings({"backend": backend, "data_dir": data_dir, "index": f"bench-{os.getpid()}"})


def bench_corpus(name: str, folder: Path, limit: int, args: argparse.Namespace) -> None:
    sources = pick(folder, limit)
    print(f"\n== {name}: {folder} ({len(sources)} documents)", flush=True)
    rates = {}
    for workers in args.workers:
        with tempfile.TemporaryDirectory(prefix="bench-index-") as tmp:
            rates[workers] = throughput(sources, _settings(args.backend, tmp), workers, not args.no_entities)
        wall, steady, projected = rates[workers]
        print(f"pipeline, {workers} worker(s): {wall:7.1f} docs/s wall, {steady:7.1f} docs/s steady, "
              f"{projected:7.1f} docs/s projected from CPU time", flush=True)
    if 1 in rates and 2 in rates:
        print(f"2-worker / 1-worker ratio: {rates[2][0] / rates[1][0]:.2f}x wall, "
              f"{rates[2][1] / rates[1][1]:.2f}x steady, {rates[2][2] / rates[1][2]:.2f}x projected (idle machine)")
    # After the throughput runs, so that the 1-worker run (in this process) starts as cold as the others.
    with tempfile.TemporaryDirectory(prefix="bench-index-") as tmp:
        costs = stage_costs(sources, _settings(args.backend, str(Path(tmp) / "stages")))
    print("per-stage cost, ms per document (mean, in-process):")
    for stage in STAGES:
        print(f"  {stage:<9} {costs[stage]:8.2f}")
    print(f"  {'total':<9} {sum(costs.values()):8.2f}")


def _folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def stories_cost(name: str, folder: Path, limit: int, args: argparse.Namespace) -> None:
    """CPU ms and index bytes per article with and without story grouping, interleaved runs, 1 worker.

    One worker runs everything in this process, so its CPU time per article is the whole cost and is
    not inflated by other processes on a shared machine (wall time is).
    """
    sources = pick(folder, limit)
    print(f"\n== story grouping cost, {name}: {folder} ({len(sources)} documents, {args.rounds} rounds)", flush=True)
    cpu: dict[bool, list[float]] = {False: [], True: []}
    size: dict[bool, list[float]] = {False: [], True: []}
    for _ in range(args.rounds):
        for stories in (False, True):
            with tempfile.TemporaryDirectory(prefix="bench-stories-") as tmp:
                settings = _settings(args.backend, tmp)
                _, _, projected = throughput(sources, settings, 1, not args.no_entities, stories)
                cpu[stories].append(1000 / projected)
                if args.backend == "tantivy":
                    size[stories].append(_folder_bytes(Path(tmp) / "tantivy") / len(sources))
    for stories in (False, True):
        label = "with stories   " if stories else "without stories"
        shown = f", index {statistics.median(size[stories]):8.0f} bytes/article" if size[stories] else ""
        print(f"  {label}: CPU {statistics.median(cpu[stories]):7.2f} ms/article (median of "
              f"{', '.join(f'{v:.2f}' for v in cpu[stories])}){shown}")
    ratio = statistics.median(cpu[True]) / statistics.median(cpu[False])
    print(f"  time ratio with/without: {ratio:.3f} ({(ratio - 1) * 100:+.1f}% per article)")
    if size[True]:
        print(f"  index bytes added per article: {statistics.median(size[True]) - statistics.median(size[False]):.0f}")


def export_ref(ref: str, into: Path) -> Path:
    """The code at git ref `ref` as an importable `newsfacet` namespace under `into` (the working
    tree is not touched): the folders land in `into/newsfacet/`, as `package_dir` maps them."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into / "newsfacet", filter="data")
    return into


def _child_costs(corpus: str, folder: Path, limit: int, backend: str, pythonpath: str | None,
                 entities: bool) -> dict:
    """Stage costs measured in a fresh process importing newsfacet from `pythonpath` (None: this tree)."""
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath  # found before the editable install's finder
    command = [sys.executable, __file__, "--stage-costs-json", corpus, "--backend", backend,
               f"--{corpus}", str(folder), f"--{corpus}-limit", str(limit)]
    if not entities:
        command.append("--no-entities")
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"stage costs failed ({pythonpath or 'this tree'}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def compare(args: argparse.Namespace) -> None:
    """Stage costs of `args.compare` against this tree, alternating in one run; ratios current / ref."""
    with tempfile.TemporaryDirectory(prefix="bench-ref-") as tmp:
        base = str(export_ref(args.compare, Path(tmp)))
        for corpus, folder, limit in (("html", args.html, args.html_limit), ("text", args.text, args.text_limit)):
            runs: dict[str, list[dict]] = {"ref": [], "current": []}
            for number in range(args.rounds):
                order = [("ref", base), ("current", None)]
                for side, path in order if number % 2 == 0 else order[::-1]:
                    runs[side].append(_child_costs(corpus, folder, limit, args.backend, path, not args.no_entities))
            code = {side: runs[side][0]["code"] for side in runs}
            print(f"\n== {corpus}: {folder} ({runs['current'][0]['documents']} documents), {args.rounds} rounds; "
                  f"ref {args.compare} from {code['ref']}, current from {code['current']}")
            print(f"  {'stage':<9} {'ref ms':>9} {'current ms':>11} {'ratio':>7}")
            for stage in (*STAGES, "total"):
                if stage == "entities" and args.no_entities:
                    continue
                ref = statistics.median(run["costs"][stage] for run in runs["ref"])
                now = statistics.median(run["costs"][stage] for run in runs["current"])
                print(f"  {stage:<9} {ref:9.2f} {now:11.2f} {now / ref if ref else float('nan'):6.2f}x")


def _print_stage_costs_json(args: argparse.Namespace) -> None:
    import newsfacet.engine

    corpus = args.stage_costs_json
    folder, limit = (args.html, args.html_limit) if corpus == "html" else (args.text, args.text_limit)
    sources = pick(folder, limit)
    with tempfile.TemporaryDirectory(prefix="bench-index-") as tmp:
        costs = stage_costs(sources, _settings(args.backend, str(Path(tmp) / "stages")), entities=not args.no_entities)
    costs["total"] = sum(costs.values())
    print(json.dumps({"costs": costs, "documents": len(sources),
                      "code": str(Path(newsfacet.engine.__file__).parents[1])}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--html", type=Path, default=CORPORA / "wcxb-dev-articles" / "html")
    parser.add_argument("--text", type=Path, default=CORPORA / "bbc-news" / "bbc")
    parser.add_argument("--html-limit", type=int, default=200)
    parser.add_argument("--text-limit", type=int, default=400)
    parser.add_argument("--workers", type=lambda v: [int(x) for x in v.split(",")], default=[1, 2],
                        help="comma-separated worker counts (default 1,2)")
    parser.add_argument("--backend", default="tantivy", choices=["tantivy", "elasticsearch"])
    parser.add_argument("--no-entities", action="store_true",
                        help="throughput runs (and --compare's stage costs) without entity extraction")
    parser.add_argument("--stories-cost", action="store_true",
                        help="only compare indexing with and without story grouping (time and bytes per article)")
    parser.add_argument("--compare", metavar="REF", help="stage costs of git ref REF against this tree, same run")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds of --compare or --stories-cost")
    parser.add_argument("--stage-costs-json", choices=("html", "text"), help=argparse.SUPPRESS)  # --compare's child
    args = parser.parse_args()
    if args.stage_costs_json:
        _print_stage_costs_json(args)
        return
    print(f"machine: {platform.platform()}, {platform.machine()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.2f} at start")
    if args.compare:
        compare(args)
        print(f"\nload average at end: {os.getloadavg()[0]:.2f}")
        return
    print(f"backend: {args.backend}; entities in throughput runs: {not args.no_entities}")
    for name, folder, limit in (("HTML", args.html, args.html_limit), ("text", args.text, args.text_limit)):
        if not folder.is_dir():
            print(f"\n== {name}: {folder} not found, skipped")
            continue
        (stories_cost if args.stories_cost else bench_corpus)(name, folder, limit, args)
    print(f"\nload average at end: {os.getloadavg()[0]:.2f} (others' work on this machine skews the rates)")


if __name__ == "__main__":
    main()
