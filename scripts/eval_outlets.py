"""Outlet and author facet values on wcxb pages: coverage and the distinct values, to read by eye.

    NEWSFACET_SKIP_ES=1 venv/bin/python scripts/eval_outlets.py --half second

Counts the pages that declare a canonical or og:url (or have a fetch URL) and how many of them get an
outlet from the page metadata (bs4 only, no text extraction, so it runs in seconds); prints every
distinct outlet with its page count, and the most frequent author values. `--half first` is the part
the outlet rules were tuned on; `--half second` is held out.
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

from newsfacet.indexer.html_dom import bounded_markup, parse  # noqa: E402
from newsfacet.indexer.html_meta import find_authors, find_outlet, find_url, json_ld  # noqa: E402

CORPORA = Path(os.environ.get("NEWSFACET_CORPORA", ROOT.parent / "shared" / "corpora"))


def pages(half: str):
    folder = CORPORA / "wcxb-dev-articles"
    paths = sorted((folder / "ground-truth").glob("*.json"))
    middle = len(paths) // 2
    for path in {"first": paths[:middle], "second": paths[middle:]}.get(half, paths):
        url = json.loads(path.read_text(encoding="utf-8")).get("url")
        yield path.stem, url, gzip.decompress((folder / "html" / f"{path.stem}.html.gz").read_bytes())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--half", choices=("first", "second", "all"), default="second")
    parser.add_argument("--authors", type=int, default=40, help="most frequent author values to print")
    args = parser.parse_args()
    outlets: Counter = Counter()
    authors: Counter = Counter()
    with_url = with_outlet = total = 0
    for _stem, url, html in pages(args.half):
        total += 1
        soup = parse(bounded_markup(html))
        ld = json_ld(soup)
        outlet = find_outlet(soup, ld, url)
        authors.update(find_authors(soup, ld))
        if find_url(soup, url, trusted_only=False):
            with_url += 1
            with_outlet += outlet is not None
        outlets[outlet or "(none)"] += 1
    print(f"wcxb {args.half} half: {total} pages, {with_url} with a canonical/og/fetch URL, "
          f"{with_outlet} of them with an outlet ({with_outlet / max(1, with_url):.1%}); "
          f"{len(outlets)} distinct outlets")
    for name, count in sorted(outlets.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {count:4d}  {name}")
    print(f"\ntop {args.authors} authors:")
    for name, count in authors.most_common(args.authors):
        print(f"  {count:4d}  {name}")


if __name__ == "__main__":
    main()
