"""Outlet and author facet values on wcxb pages: coverage and the distinct values, to read by eye.

    NEWSFACET_SKIP_ES=1 venv/bin/python scripts/eval_outlets.py --half second

Counts the pages that declare a canonical or og:url and how many of them get an outlet from the page
metadata (bs4 only, no text extraction, so it runs in seconds); prints every distinct outlet with its
page count, the most frequent author values and the declared topics dropped for repeating the outlet,
each after the same per-article rules the indexer applies (indexer/process.py). `--half first` is the
part the rules were tuned on; `--half second` is held out. `--corpus trafilatura` reads
trafilatura-eval's pages instead (its halves likewise).
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eval_extraction import trafilatura_docs  # noqa: E402
from newsfacet.indexer.clean_authors import without_site_names  # noqa: E402
from newsfacet.indexer.html_dom import bounded_markup, parse  # noqa: E402
from newsfacet.indexer.html_meta import find_authors, find_outlet, find_topics, find_url, json_ld  # noqa: E402
from newsfacet.indexer.topics import normalise_topics  # noqa: E402

CORPORA = Path(os.environ.get("NEWSFACET_CORPORA", ROOT.parent / "shared" / "corpora"))


def _halves(paths: list[Path], half: str) -> list[Path]:
    middle = len(paths) // 2
    return {"first": paths[:middle], "second": paths[middle:]}.get(half, paths)


def wcxb_pages(half: str):
    folder = CORPORA / "wcxb-dev-articles"
    for path in _halves(sorted((folder / "ground-truth").glob("*.json")), half):
        url = json.loads(path.read_text(encoding="utf-8")).get("url")
        yield path.stem, url, gzip.decompress((folder / "html" / f"{path.stem}.html.gz").read_bytes())


def trafilatura_pages(half: str):
    """trafilatura-eval's pages (eval_extraction's reader) with the URL its metadata gives each."""
    for doc in _halves(list(trafilatura_docs(None)), half):
        yield doc.name, doc.url, doc.html


def pages(half: str, corpus: str = "wcxb"):
    return (trafilatura_pages if corpus == "trafilatura" else wcxb_pages)(half)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--half", choices=("first", "second", "all"), default="second")
    parser.add_argument("--corpus", choices=("wcxb", "trafilatura"), default="wcxb")
    parser.add_argument("--authors", type=int, default=40, help="most frequent author values to print")
    args = parser.parse_args()
    outlets: Counter = Counter()
    authors: Counter = Counter()
    dropped_topics: Counter = Counter()
    with_url = with_outlet = total = 0
    for _stem, url, html in pages(args.half, args.corpus):
        total += 1
        soup = parse(bounded_markup(html))
        ld = json_ld(soup)
        outlet = find_outlet(soup, ld, url)
        authors.update(without_site_names(find_authors(soup, ld), outlet))
        topics = find_topics(soup, ld)
        dropped_topics.update(set(topics) - set(normalise_topics(topics, outlet=outlet)))
        if find_url(soup, None, trusted_only=False):  # declared: canonical or og:url
            with_url += 1
            with_outlet += outlet is not None
        outlets[outlet or "(none)"] += 1
    print(f"{args.corpus} {args.half} half: {total} pages, {with_url} with a canonical/og URL, "
          f"{with_outlet} of them with an outlet ({with_outlet / max(1, with_url):.1%}); "
          f"{len(outlets)} distinct outlets")
    for name, count in sorted(outlets.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {count:4d}  {name}")
    print(f"\ntop {args.authors} authors:")
    for name, count in authors.most_common(args.authors):
        print(f"  {count:4d}  {name}")
    print(f"\ntopics dropped as the outlet's own name: {sum(dropped_topics.values())}")
    for name, count in dropped_topics.most_common():
        print(f"  {count:4d}  {name}")


if __name__ == "__main__":
    main()
