"""Ingest cost: CPU seconds of `newsfacet index --workers 1` against the components it runs, alone.

    .venv/bin/python scripts/bench_ingest_cost.py                         # 200 wcxb + 200 BBC + 50 FactRuEval
    .venv/bin/python scripts/bench_ingest_cost.py --html-limit 50 --text-limit 50 --russian-limit 20

In one run, on the same real inputs (wcxb HTML pages, BBC text files, FactRuEval Russian texts read
in place), two child processes, each timed by its CPU time (user + system, the child and anything it
waited for, from `resource.getrusage(RUSAGE_CHILDREN)`), so other work on a shared machine does not
count:

- index: `newsfacet index --workers 1 --no-progress PATHS...` into a fresh embedded index;
- components: the libraries alone on the same inputs: trafilatura's extraction of each page (the
  call the cleaner makes), langdetect on the text's first characters (the same prefix), spaCy's
  English NER on English texts and Natasha's Russian NER (segment, NER, morphology, normal forms)
  on Russian ones, spaCy's French NER on French ones (loaded on the first, as the indexer does).

Both pay interpreter start-up, imports and model loading once. The issue's target is
index <= 1.5x components; the ratio is printed beside both figures.
"""
from __future__ import annotations

import argparse
import gzip
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_index import CORPORA, pick  # noqa: E402

TARGET_RATIO = 1.5


def _inputs(args: argparse.Namespace) -> dict[str, list[str]]:
    """Paths of each part, the first N of each folder as the indexer walks it."""
    russian = sorted((CORPORA / "factrueval-2016").glob("*set/book_*.txt"))[: args.russian_limit]
    return {"wcxb HTML": [s.path for s in pick(args.html, args.html_limit)],
            "BBC text": [s.path for s in pick(args.text, args.text_limit)],
            "FactRuEval Russian text": [str(p) for p in russian]}


def _child_cpu(command: list[str]) -> tuple[float, float, subprocess.CompletedProcess]:
    """(CPU seconds, wall seconds, result) of a child process run to its end."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True)
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return cpu, wall, result


def _read_text(path: str) -> str:
    data = Path(path).read_bytes()
    data = gzip.decompress(data) if path.endswith(".gz") else data
    return data.decode("utf-8", errors="replace")


def run_components(paths: list[str]) -> None:
    """The child side of the components run: each library on each input, nothing of ours between."""
    import trafilatura
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
    from newsfacet.indexer.entities import MAX_CHARS, english_pipeline, french_pipeline, russian_pipeline
    from newsfacet.indexer.language import PREFIX_CHARS

    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(0)
    english = english_pipeline()  # spacy.load of the model with the NER components only
    russian = russian_pipeline()  # Natasha's own objects: segmenter, NER tagger, morph tagger, vocabulary
    import natasha

    for path in paths:
        text = _read_text(path)
        if ".htm" in path:
            doc = trafilatura.bare_extraction(text, include_comments=False, with_metadata=True, include_tables=True)
            text = f"{getattr(doc, 'title', '') or ''}\n{getattr(doc, 'text', '') or ''}"
        detector = factory.create()
        detector.append(text[:PREFIX_CHARS])
        try:
            language = detector.detect()
        except Exception:  # noqa: BLE001 - langdetect raises on text without features
            language = "und"
        text = text[:MAX_CHARS]
        if language == "en":
            english(text)
        elif language == "fr":
            french_pipeline()(text)
        elif language == "ru":
            doc = natasha.Doc(text)
            doc.segment(russian["segmenter"])
            doc.tag_ner(russian["ner"])
            doc.tag_morph(russian["morph"])
            for span in doc.spans:
                span.normalize(russian["vocab"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--html", type=Path, default=CORPORA / "wcxb-dev-articles" / "html")
    parser.add_argument("--text", type=Path, default=CORPORA / "bbc-news" / "bbc")
    parser.add_argument("--html-limit", type=int, default=200)
    parser.add_argument("--text-limit", type=int, default=200)
    parser.add_argument("--russian-limit", type=int, default=50)
    parser.add_argument("--components", type=Path, help=argparse.SUPPRESS)  # the child side: a list of paths
    args = parser.parse_args()
    if args.components:
        run_components(args.components.read_text(encoding="utf-8").splitlines())
        return
    parts = _inputs(args)
    paths = [path for part in parts.values() for path in part]
    print(f"machine: {platform.platform()}, {platform.machine()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.2f} at start")
    print("corpus: " + ", ".join(f"{name} {len(part)}" for name, part in parts.items()) + f" ({CORPORA})")
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        listing = Path(tmp) / "paths.txt"
        listing.write_text("\n".join(paths), encoding="utf-8")
        index_cmd = [sys.executable, "-m", "newsfacet.cli", "--data-dir", str(Path(tmp) / "data"),
                     "index", "--workers", "1", "--no-progress", *paths]
        index_cpu, index_wall, result = _child_cpu(index_cmd)
        if result.returncode != 0:
            print(f"index exited {result.returncode}: {result.stderr.strip()[-500:]}")
        summary = [line.strip() for line in result.stdout.splitlines() if line.strip().split(" ")[0] in
                   ("indexed", "duplicate", "skipped", "failed")]
        components_cpu, components_wall, result = _child_cpu(
            [sys.executable, __file__, "--components", str(listing)])
        if result.returncode != 0:
            sys.exit(f"components run failed: {result.stderr.strip()[-800:]}")
    print(f"index      (newsfacet index --workers 1): {index_cpu:8.1f} s CPU, {index_wall:7.1f} s wall  "
          f"[{'; '.join(summary)}]")
    print(f"components (trafilatura, langdetect, spaCy en, Natasha): {components_cpu:8.1f} s CPU, "
          f"{components_wall:7.1f} s wall")
    ratio = index_cpu / max(components_cpu, 1e-9)
    verdict = "within" if ratio <= TARGET_RATIO else "above"
    print(f"ratio index / components: {ratio:.2f}x CPU ({verdict} the {TARGET_RATIO}x target), "
          f"{index_wall / max(components_wall, 1e-9):.2f}x wall")
    print(f"load average at end: {os.getloadavg()[0]:.2f} (CPU time is what the ratio compares)")


if __name__ == "__main__":
    main()
