"""Measure newsfacet's HTML cleaner against trafilatura alone, on the same documents in one run.

Corpora (read in place from ../shared/corpora):
- wcxb: wcxb-dev-articles, full main text per page -> bag-of-tokens precision/recall/F1 averaged
  over documents, plus title / date (to the day) / author accuracy where the truth is given.
- trafilatura: trafilatura-eval, must ("with") / must-not ("without") snippets -> the share of
  snippets found / correctly absent, plus title / date / author accuracy where given.

trafilatura alone is run with its defaults except include_comments=False (comments are not main
text in either ground truth; this only makes the baseline stronger).

    .venv/bin/python scripts/eval_extraction.py --corpus wcxb --limit 100
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402
from newsfacet.indexer.clean import clean_html  # noqa: E402
from newsfacet.indexer.clean_authors import split_authors  # noqa: E402
from newsfacet.indexer.dates import parse_date  # noqa: E402
from newsfacet.indexer.errors import InputRejected  # noqa: E402

CORPORA = Path(os.environ.get("NEWSFACET_CORPORA", ROOT.parent / "shared" / "corpora"))
_WORD = re.compile(r"\w+")


@dataclass
class Doc:
    """One evaluation page and its truth."""

    name: str
    html: bytes
    url: str | None
    text: str | None = None
    with_: list[str] = field(default_factory=list)
    without: list[str] = field(default_factory=list)
    title: str | None = None
    date: str | None = None
    author: str | None = None


@dataclass
class Result:
    """What one extractor said about one page."""

    text: str = ""
    title: str = ""
    date: str | None = None  # the page's own calendar day (newsfacet: Article.local_day)
    authors: list[str] = field(default_factory=list)
    utc_date: str | None = None  # newsfacet only: the UTC day of the instant, as before schema 4
    reports_utc: bool = False
    seconds: float = 0.0
    cpu_seconds: float = 0.0


def _half(paths: list[Path], half: str) -> list[Path]:
    """The first or second half of the sorted ids (tune on one, report on the other), or all."""
    middle = len(paths) // 2
    return {"first": paths[:middle], "second": paths[middle:]}.get(half, paths)


def wcxb_docs(limit: int | None, half: str = "all") -> Iterator[Doc]:
    folder = CORPORA / "wcxb-dev-articles"
    for truth_path in _half(sorted((folder / "ground-truth").glob("*.json")), half)[:limit]:
        data = json.loads(truth_path.read_text(encoding="utf-8"))
        truth = data["ground_truth"]
        html = gzip.decompress((folder / "html" / f"{truth_path.stem}.html.gz").read_bytes())
        yield Doc(truth_path.stem, html, data.get("url"), text=truth.get("main_content") or "",
                  with_=truth.get("with") or [], without=truth.get("without") or [],
                  title=truth.get("title"), date=truth.get("publish_date"), author=truth.get("author"))


def _text_field(value: object) -> str | None:
    """A ground-truth field as one string (some entries hold lists, e.g. several authors)."""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value if v) or None
    return str(value) if value else None


def trafilatura_docs(limit: int | None) -> Iterator[Doc]:
    folder = CORPORA / "trafilatura-eval" / "tests"
    data = json.loads((folder / "evaldata.json").read_text(encoding="utf-8"))
    for url, entry in list(data.items())[:limit]:
        name = entry["file"] + ".gz"
        path = folder / "cache" / name
        if not path.exists():
            path = folder / "eval" / name
        yield Doc(entry["file"], gzip.decompress(path.read_bytes()), url,
                  with_=entry.get("with") or [], without=entry.get("without") or [],
                  title=_text_field(entry.get("title")), date=_text_field(entry.get("date")),
                  author=_text_field(entry.get("author")))


def timed(run: Callable[[Doc], Result]) -> Callable[[Doc], Result]:
    """Wall and CPU time of one extraction (CPU time is steadier on a shared machine)."""
    def wrapper(doc: Doc) -> Result:
        wall, cpu = time.perf_counter(), time.process_time()
        result = run(doc)
        result.seconds, result.cpu_seconds = time.perf_counter() - wall, time.process_time() - cpu
        return result
    return wrapper


@timed
def run_ours(doc: Doc) -> Result:
    try:
        article = clean_html(doc.html, doc.url)
    except InputRejected:
        return Result(reports_utc=True)
    local_day = getattr(article, "local_day", None)  # None in releases before schema 4: UTC day below
    utc_day = article.published.date().isoformat() if article.published else None
    day = local_day.isoformat() if local_day else utc_day
    return Result(article.body, article.title, day, article.authors, utc_date=utc_day, reports_utc=True)


@timed
def run_trafilatura(doc: Doc) -> Result:
    found = trafilatura.bare_extraction(doc.html, url=doc.url, include_comments=False, with_metadata=True)
    if found is None:
        return Result()
    # trafilatura's date is the page's calendar day; parse_date makes it comparable with ours.
    date = parse_date(found.date) if found.date else None
    return Result(found.text or "", found.title or "", date.date().isoformat() if date else None,
                  split_authors([found.author or ""], strict=False))


def _norm(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return " ".join(_WORD.findall(text))


def token_prf(found: str, truth: str) -> tuple[float, float, float]:
    """Bag-of-tokens precision, recall, F1 of `found` against `truth`."""
    got, want = Counter(_norm(found).split()), Counter(_norm(truth).split())
    common = sum((got & want).values())
    if not got or not want:
        return (1.0, 1.0, 1.0) if got == want else (0.0, 0.0, 0.0)
    precision, recall = common / sum(got.values()), common / sum(want.values())
    f1 = 2 * precision * recall / (precision + recall) if common else 0.0
    return precision, recall, f1


def author_ok(found: list[str], truth: str) -> bool:
    """Same set of name words (order, separators and "and" ignored)."""
    want = set(_norm(truth).split()) - {"and", "und", "by"}
    return want == set(_norm(" ".join(found)).split()) - {"and", "und", "by"}


def date_ok(found: str | None, truth: str) -> bool:
    return found is not None and found == truth[:10]


class Tally:
    """Running sums for one extractor."""

    def __init__(self) -> None:
        self.sums: Counter = Counter()
        self.counts: Counter = Counter()

    def add(self, key: str, value: float) -> None:
        self.sums[key] += value
        self.counts[key] += 1

    def mean(self, key: str) -> str:
        return f"{self.sums[key] / self.counts[key]:.3f} (n={self.counts[key]})" if self.counts[key] else "-"


def score(doc: Doc, result: Result, tally: Tally, misses: list[str] | None = None) -> None:
    if doc.text:
        for key, value in zip(("precision", "recall", "f1"), token_prf(result.text, doc.text), strict=True):
            tally.add(key, value)
    found = _norm(result.text)
    for snippet in doc.with_:
        tally.add("must (found)", _norm(snippet) in found)
    for snippet in doc.without:
        tally.add("must-not (absent)", _norm(snippet) not in found)
    if doc.title:
        tally.add("title", _norm(result.title) == _norm(doc.title))
    if doc.date:
        tally.add("date", date_ok(result.date, doc.date))
        if result.reports_utc:
            tally.add("date (UTC day)", date_ok(result.utc_date, doc.date))
        if misses is not None and not date_ok(result.date, doc.date):
            misses.append(f"{doc.name}\ttruth {doc.date[:10]}\tfound {result.date}\t{doc.url or ''}")
    if doc.author:
        tally.add("author", author_ok(result.authors, doc.author))
    tally.add("ms/page (wall)", result.seconds * 1000)
    tally.add("ms/page (cpu)", result.cpu_seconds * 1000)


def evaluate(name: str, docs: Iterator[Doc], runners: dict[str, Callable[[Doc], Result]],
             show_date_misses: bool = False) -> None:
    tallies = {label: Tally() for label in runners}
    misses: list[str] = []
    count = 0
    for doc in docs:
        count += 1
        for label, runner in runners.items():
            score(doc, runner(doc), tallies[label], misses if show_date_misses and runner is run_ours else None)
    if misses:
        print(f"\nnewsfacet date misses ({len(misses)}):")
        print("\n".join(misses))
    print(f"\ncorpus: {name}  documents: {count}  (load average now: {os.getloadavg()[0]:.1f})")
    keys = ["precision", "recall", "f1", "must (found)", "must-not (absent)", "title", "date", "date (UTC day)",
            "author", "ms/page (wall)", "ms/page (cpu)"]
    print(f"{'metric':<20}" + "".join(f"{label:>24}" for label in runners))
    for key in keys:
        if any(t.counts[key] for t in tallies.values()):
            print(f"{key:<20}" + "".join(f"{tallies[label].mean(key):>24}" for label in runners))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", choices=("wcxb", "trafilatura", "all"), default="all")
    parser.add_argument("--limit", type=int, default=None, help="first N documents of each corpus")
    parser.add_argument("--half", choices=("first", "second", "all"), default="all",
                        help="wcxb: the first half of the sorted ids (for tuning), the second (held out), or all")
    parser.add_argument("--date-misses", action="store_true",
                        help="list newsfacet's date misses (page, truth, found, URL); only on a tuning half")
    parser.add_argument("--only-ours", action="store_true", help="skip the trafilatura-alone baseline")
    args = parser.parse_args()
    print(f"machine: {platform.platform()} | python {platform.python_version()} | "
          f"{platform.processor() or platform.machine()} | cpus: {os.cpu_count()}")
    code = Path(clean_html.__code__.co_filename).parents[1]
    print(f"trafilatura {trafilatura.__version__}; newsfacet code from {code}")
    runners: dict[str, Callable[[Doc], Result]] = {"newsfacet": run_ours}
    if not args.only_ours:
        runners["trafilatura alone"] = run_trafilatura
    if args.corpus in ("wcxb", "all"):
        evaluate(f"wcxb-dev-articles ({args.half})", wcxb_docs(args.limit, args.half), runners, args.date_misses)
    if args.corpus in ("trafilatura", "all"):
        evaluate("trafilatura-eval", trafilatura_docs(args.limit), runners, args.date_misses)


if __name__ == "__main__":
    main()
