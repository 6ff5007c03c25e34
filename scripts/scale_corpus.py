"""Build a large embedded index from real news text, for benchmarks.

Base texts: the 2,225 BBC articles (English) and the 1,028 10kGNAD articles (German) read in
place from ../shared/corpora. Each copy of a base text gets its own id, a date between 1995 and
2025, an outlet, authors and entities drawn with Zipf-like skew from fixed pools, so facets have
realistic cardinality (thousands of people, hundreds of places). The text is real; the
metadata is synthetic and says so in the outlet names.

    python scripts/scale_corpus.py --docs 100000 --data-dir /tmp/bench-100k
    python scripts/scale_corpus.py --docs 100000 --backend elasticsearch --es-url http://127.0.0.1:9200
"""
from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsfacet.engine.backends import open_backend  # noqa: E402
from newsfacet.engine.model import Article  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"
START = datetime(1995, 1, 1, tzinfo=UTC)
SPAN_SECONDS = int((datetime(2025, 12, 31, tzinfo=UTC) - START).total_seconds())


def base_texts(corpora: Path) -> list[tuple[str, str, str]]:
    """(language, title, body) for every base article."""
    texts = []
    for path in sorted((corpora / "bbc-news" / "bbc").rglob("*.txt")):
        lines = path.read_bytes().decode("utf-8", "replace").strip().splitlines()
        texts.append(("en", lines[0].strip(), "\n".join(lines[1:]).strip()))
    with open(corpora / "10kgnad" / "test.csv", encoding="utf-8", newline="") as handle:
        for _label, text in csv.reader(handle, delimiter=";", quotechar="'"):
            title, _, body = text.partition(". ")
            texts.append(("de", title.strip(), body.strip()))
    return texts


def skewed(rng: random.Random, pool: list[str], count: int) -> list[str]:
    """`count` distinct values, low indexes much more likely (rank-frequency like real entities)."""
    picked = {pool[min(int(rng.paretovariate(1.1)) - 1, len(pool) - 1)] for _ in range(count)}
    return sorted(picked)


def scaled_articles(total: int, seed: int, corpora: Path) -> Iterator[Article]:
    rng = random.Random(seed)
    texts = base_texts(corpora)
    outlets = [f"Synthetic Outlet {n}" for n in range(60)]
    people = [f"Person {n}" for n in range(8000)]
    orgs = [f"Organisation {n}" for n in range(2500)]
    places = [f"Place {n}" for n in range(600)]
    authors = [f"Reporter {n}" for n in range(1500)]
    for number in range(total):
        language, title, body = texts[number % len(texts)]
        yield Article(
            title=title, body=body, url=f"https://scaled.example/{number}", language=language,
            published=START + timedelta(seconds=rng.randrange(SPAN_SECONDS)),
            outlet=skewed(rng, outlets, 1)[0], authors=skewed(rng, authors, rng.randint(0, 2)),
            entities={"person": skewed(rng, people, rng.randint(0, 4)),
                      "organization": skewed(rng, orgs, rng.randint(0, 3)),
                      "location": skewed(rng, places, rng.randint(1, 3))},
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--backend", default="tantivy", choices=["tantivy", "elasticsearch"])
    parser.add_argument("--data-dir", help="embedded index folder (tantivy)")
    parser.add_argument("--es-url", default="http://127.0.0.1:9200", help="cluster URL (elasticsearch)")
    parser.add_argument("--index", default="articles")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--batch", type=int, default=20_000)
    parser.add_argument("--corpora", type=Path, default=CORPORA)
    args = parser.parse_args()
    if args.backend == "tantivy" and not args.data_dir:
        parser.error("--data-dir is required with the tantivy backend")
    backend = open_backend({"backend": args.backend, "data_dir": args.data_dir, "index": args.index,
                            "es_url": args.es_url, "es_timeout": 120.0})
    started, batch, written = time.perf_counter(), [], 0
    for article in scaled_articles(args.docs, args.seed, args.corpora):
        batch.append(article)
        if len(batch) == args.batch:
            written += sum(r.ok for r in backend.write(batch))
            batch = []
            print(f"{written} written, {written / (time.perf_counter() - started):.0f} docs/s", flush=True)
    if batch:
        written += sum(r.ok for r in backend.write(batch))
    backend.close()
    where = args.data_dir if args.backend == "tantivy" else f"{args.es_url} index {args.index}"
    print(f"done: {written} articles in {time.perf_counter() - started:.0f} s "
          f"({written / (time.perf_counter() - started):.0f} docs/s) -> {where}")


if __name__ == "__main__":
    main()
