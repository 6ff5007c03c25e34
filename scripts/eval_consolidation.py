"""What consolidation does to the entity facets of a corpus part: values before and after, cost.

Runs extract_entities (names as written) and then consolidate (indexer/consolidate.py) on each
text of one corpus part, and prints, per facet, the 40 values in most articles before and after;
how many distinct values were dropped as junk and how many merged into another value; and the
time per article of each step (consolidation / extraction, a ratio measured in the same run),
plus the one-off cost of loading the place table.

Parts: `bbc-tune` (BBC categories other than business: tune here), `wcxb-first` (first half of
wcxb-dev-articles by sorted id, its ground-truth title + main text: tune here); `bbc-business`
and `wcxb-second` are held out for reporting.

    .venv/bin/python scripts/eval_consolidation.py --part bbc-tune --limit 400
"""
from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from eval_extraction import wcxb_docs  # noqa: E402 - after the sys.path lines on purpose
from newsfacet.engine import places  # noqa: E402
from newsfacet.engine.model import ENTITY_TYPES  # noqa: E402
from newsfacet.indexer.consolidate import clean_mention, merge_variants  # noqa: E402
from newsfacet.indexer.entities import extract_entities  # noqa: E402
from newsfacet.indexer.entity_junk import TextWords  # noqa: E402
from newsfacet.indexer.entity_names import Entity  # noqa: E402
from newsfacet.indexer.language import detect_language  # noqa: E402

CORPORA = Path(os.environ.get("NEWSFACET_CORPORA", ROOT.parent / "shared" / "corpora"))
BBC_HELD_OUT = "business"
TOP = 40
EXAMPLES = 60


def bbc_texts(held_out: bool, limit: int | None) -> Iterator[str]:
    """BBC stories (title line + body) of the tuning categories, or of the held-out one."""
    folder = CORPORA / "bbc-news" / "bbc"
    categories = sorted(p.name for p in folder.iterdir() if p.is_dir())
    chosen = [BBC_HELD_OUT] if held_out else [c for c in categories if c != BBC_HELD_OUT]
    paths = sorted(path for category in chosen for path in (folder / category).glob("*.txt"))
    # Spread a limit over every chosen category rather than taking the first one's files only.
    step = max(1, len(paths) // limit) if limit else 1
    for path in paths[::step][:limit]:
        yield path.read_bytes().decode("latin-1")


def part_texts(part: str, limit: int | None) -> Iterator[str]:
    if part.startswith("bbc-"):
        return bbc_texts(part == "bbc-business", limit)
    half = part.removeprefix("wcxb-")
    return (f"{doc.title or ''}\n{doc.text}" for doc in wcxb_docs(limit, half))


def load_cost() -> tuple[float, float]:
    """Seconds and MB of resident memory the place table takes on first use."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    places.canonical_place("Lisbonne", "fr")
    seconds = time.perf_counter() - start
    return seconds, (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024


def top_table(before: Counter[Entity], after: Counter[Entity], kind: str) -> None:
    """The kind's most frequent values before and after, side by side (articles per value)."""
    left = [(e.name, n) for e, n in before.most_common() if e.type == kind][:TOP]
    right = [(e.name, n) for e, n in after.most_common() if e.type == kind][:TOP]
    print(f"\n{kind}: {'before':<36} after")
    for rank in range(max(len(left), len(right))):
        a = f"{left[rank][0][:28]} {left[rank][1]}" if rank < len(left) else ""
        b = f"{right[rank][0][:28]} {right[rank][1]}" if rank < len(right) else ""
        print(f"  {rank + 1:>2}. {a:<36} {b}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=("bbc-tune", "bbc-business", "wcxb-first", "wcxb-second"),
                        default="bbc-tune")
    parser.add_argument("--limit", type=int, default=None, help="at most N texts of the part")
    args = parser.parse_args()
    print(f"machine: {platform.platform()} cpus={os.cpu_count()} python {platform.python_version()} "
          f"load={os.getloadavg()[0]:.1f}")
    print(f"corpus part: {args.part} (limit {args.limit})")
    seconds, megabytes = load_cost()
    print(f"place table first use: {seconds:.2f} s, +{megabytes:.0f} MB resident")
    extract_entities("Warm-up in London.", "en")

    before: Counter[Entity] = Counter()
    after: Counter[Entity] = Counter()
    junk_values: Counter[Entity] = Counter()
    merged_values: Counter[Entity] = Counter()
    extract_s = consolidate_s = 0.0
    articles = 0
    for text in part_texts(args.part, args.limit):
        language = detect_language(text)
        start = time.perf_counter()
        found = extract_entities(text, language)
        middle = time.perf_counter()
        words = TextWords(text)
        cleaned = {entity: clean_mention(entity, words, language) for entity in found}
        clean = [entity for entity in cleaned.values() if entity]
        final = merge_variants(clean, text, language)
        consolidate_s += time.perf_counter() - middle
        extract_s += middle - start
        articles += 1
        before.update(found)
        after.update(final)
        junk_values.update(entity for entity, kept in cleaned.items() if kept is None)
        merged_values.update(entity for entity, kept in cleaned.items() if kept and kept not in final)
    print(f"articles: {articles}")
    for kind in ENTITY_TYPES:
        distinct = [len({e for e in counter if e.type == kind}) for counter in (before, after)]
        junk = sum(1 for e in junk_values if e.type == kind)
        merged = sum(1 for e in merged_values if e.type == kind)
        print(f"  {kind:<13} distinct values {distinct[0]:>6} -> {distinct[1]:>6}   "
              f"junk values dropped {junk:>5}   variants merged {merged:>5}")
    per_article = 1000 / max(articles, 1)
    print(f"cost per article: extraction {extract_s * per_article:.1f} ms, consolidation "
          f"{consolidate_s * per_article:.2f} ms, ratio {consolidate_s / max(extract_s, 1e-9):.3f}")
    for kind in ENTITY_TYPES:
        top_table(before, after, kind)
    for label, counter in (("junk dropped", junk_values), ("merged into another value", merged_values)):
        examples = ", ".join(f"{e.type[:3]}:{e.name} {n}" for e, n in counter.most_common(EXAMPLES))
        print(f"\nmost frequent values {label}: {examples}")


if __name__ == "__main__":
    main()
