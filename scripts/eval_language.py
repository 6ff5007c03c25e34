"""Accuracy and speed of indexer.language.detect_language on the shared corpora.

Usage: .venv/bin/python scripts/eval_language.py [--limit N] [--prefix CHARS] [--no-script-shortcut]

Reads ../shared/corpora in place: masakhanews (16 languages), 10kgnad (German), factrueval-2016
(Russian), sci-news-sum-kr-50 (Korean); only texts longer than 200 characters count.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsfacet.indexer import language  # noqa: E402 - after the sys.path line on purpose

CORPORA = Path(os.environ.get("NEWSFACET_CORPORA", ROOT.parent / "shared" / "corpora"))
MIN_CHARS = 200

# MasakhaNEWS folder (ISO 639-3) -> the ISO 639-1 code we expect, for languages langdetect knows.
MASAKHANE_SUPPORTED = {"eng": "en", "fra": "fr", "som": "so", "swa": "sw"}

csv.field_size_limit(10_000_000)


def masakhanews(lang: str) -> Iterator[str]:
    """Headline + text of every test article of one MasakhaNEWS language."""
    with open(CORPORA / "masakhanews" / "data" / lang / "test.tsv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            yield f"{row['headline']}\n{row['text']}"


def gnad() -> Iterator[str]:
    """The German 10kGNAD test articles."""
    with open(CORPORA / "10kgnad" / "test.csv", encoding="utf-8", newline="") as f:
        for row in csv.reader(f, delimiter=";", quotechar="'"):
            yield row[1]


def factrueval() -> Iterator[str]:
    """The Russian FactRuEval texts (dev + test)."""
    for path in sorted((CORPORA / "factrueval-2016").glob("*set/book_*.txt")):
        yield path.read_text(encoding="utf-8")


def korean() -> Iterator[str]:
    """The Korean sci-news-sum articles: title + sentences."""
    for path in sorted((CORPORA / "sci-news-sum-kr-50" / "data").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        yield data["title"] + "\n" + " ".join(data["sentences"])


def run(texts: Iterator[str], limit: int | None) -> tuple[Counter, float, int]:
    """Detected codes (counted), total seconds and document count for texts over MIN_CHARS."""
    codes: Counter = Counter()
    seconds = 0.0
    for text in texts:
        if len(text) <= MIN_CHARS:
            continue
        if limit is not None and sum(codes.values()) >= limit:
            break
        start = time.perf_counter()
        codes[language.detect_language(text)] += 1
        seconds += time.perf_counter() - start
    return codes, seconds, sum(codes.values())


def report(name: str, expected: str | None, texts: Iterator[str], limit: int | None,
           totals: Counter) -> None:
    """Print one corpus line; add to the supported-language totals."""
    codes, seconds, count = run(texts, limit)
    top = ", ".join(f"{code}:{n}" for code, n in codes.most_common(4))
    ms = 1000 * seconds / max(count, 1)
    if expected is None:
        und = codes[language.UNDETERMINED]
        print(f"{name:<22} {count:>5} docs  unsupported  und {und / max(count, 1):6.1%}  "
              f"{ms:5.2f} ms/doc  [{top}]")
        return
    right = codes[expected]
    totals["docs"] += count
    totals["right"] += right
    totals["ms"] += 1000 * seconds
    print(f"{name:<22} {count:>5} docs  expect {expected:<3} accuracy {right / max(count, 1):7.2%}  "
          f"{ms:5.2f} ms/doc  [{top}]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="at most N documents per corpus/language")
    parser.add_argument("--prefix", type=int, default=language.PREFIX_CHARS, help="characters read per text")
    parser.add_argument("--no-script-shortcut", action="store_true", help="always ask langdetect")
    args = parser.parse_args()
    language.PREFIX_CHARS = args.prefix
    if args.no_script_shortcut:
        language._script_shortcut = lambda text, letters: None  # measuring what the shortcut buys
    print(f"corpora: {CORPORA}  machine: {platform.platform()} {platform.processor() or ''} "
          f"cpus={os.cpu_count()}  python {platform.python_version()}")
    print(f"prefix={language.PREFIX_CHARS} min_letters={language.MIN_LETTERS} "
          f"min_probability={language.MIN_PROBABILITY} shortcut={not args.no_script_shortcut}")
    language.detect_language("warm up the profiles before timing anything at all")
    totals: Counter = Counter()
    report("10kgnad", "de", gnad(), args.limit, totals)
    report("factrueval-2016", "ru", factrueval(), args.limit, totals)
    report("sci-news-sum-kr-50", "ko", korean(), args.limit, totals)
    for lang in sorted(p.name for p in (CORPORA / "masakhanews" / "data").iterdir()):
        report(f"masakhanews/{lang}", MASAKHANE_SUPPORTED.get(lang), masakhanews(lang), args.limit, totals)
    docs = max(totals["docs"], 1)
    print(f"supported languages overall: {totals['docs']} docs, accuracy {totals['right'] / docs:.2%}, "
          f"{totals['ms'] / docs:.2f} ms/doc")


if __name__ == "__main__":
    main()
