"""Build a large embedded index from real news text, for benchmarks.

Base texts: the 2,225 BBC articles (English) and the 1,028 10kGNAD articles (German) read in
place from ../shared/corpora. Each copy of a base text gets its own id, a date between 1995 and
2025, an outlet, authors and entities drawn with Zipf-like skew from fixed pools, so facets have
realistic cardinality (thousands of people, hundreds of places). The text is real; the
metadata is synthetic and says so in the outlet names.

The copies of one base text share its fingerprint, word count and story keys (they follow from the
text alone), so those are made once per base text, not once per copy; each copy stays a story of its
own, as before. Articles stream into one writer that commits every --commit-every articles (one
commit per 20,000 made the 1M build take 71 minutes; the articles, dates and metadata drawn from the
seed are the same as before).

    python scripts/scale_corpus.py --docs 100000 --data-dir /tmp/bench-100k
    python scripts/scale_corpus.py --docs 100000 --backend elasticsearch --es-url http://127.0.0.1:9200
"""
from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import resource
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsfacet.engine.backends import open_backend  # noqa: E402
from newsfacet.engine.model import Article  # noqa: E402
from newsfacet.engine.stories import keys_of  # noqa: E402

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


class TextFacts:
    """What each base text's copies share, made on first use: (fingerprint, word count, story keys)."""

    def __init__(self) -> None:
        self.known: dict[int, tuple[str, int, list[str]]] = {}

    def of(self, number: int, title: str, body: str) -> tuple[str, int, list[str]]:
        if number not in self.known:
            first = Article(title=title, body=body)
            self.known[number] = (first.fingerprint, first.word_count, keys_of(first))
        return self.known[number]


def scaled_articles(total: int, seed: int, corpora: Path, shared_facts: bool = True) -> Iterator[Article]:
    """The corpus; `shared_facts=False` leaves each copy to make its own fingerprint and word count, and
    gives it no story keys (scripts/bench_reindex.py makes them per article, as the indexer does)."""
    rng = random.Random(seed)
    texts = base_texts(corpora)
    facts = TextFacts()
    outlets = [f"Synthetic Outlet {n}" for n in range(60)]
    people = [f"Person {n}" for n in range(8000)]
    orgs = [f"Organisation {n}" for n in range(2500)]
    places = [f"Place {n}" for n in range(600)]
    authors = [f"Reporter {n}" for n in range(1500)]
    for number in range(total):
        language, title, body = texts[number % len(texts)]
        text_fingerprint, word_count, keys = facts.of(number % len(texts), title, body) if shared_facts else ("", 0, [])
        article = Article(
            title=title, body=body, url=f"https://scaled.example/{number}", language=language,
            published=START + timedelta(seconds=rng.randrange(SPAN_SECONDS)),
            outlet=skewed(rng, outlets, 1)[0], authors=skewed(rng, authors, rng.randint(0, 2)),
            entities={"person": skewed(rng, people, rng.randint(0, 4)),
                      "organization": skewed(rng, orgs, rng.randint(0, 3)),
                      "location": skewed(rng, places, rng.randint(1, 3))},
            fingerprint=text_fingerprint, word_count=word_count,
        )
        article.story_keys = list(keys)
        yield article


def write_all(backend, articles: Iterator[Article], batch_size: int, commit_every: int,
              report: Callable[[int], None]) -> int:
    """Stream `articles` into `backend` in batches, committing every `commit_every` and at the end."""
    written = pending = 0
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) < batch_size:
            continue
        pending += len(batch)
        commit = pending >= commit_every
        written += sum(result.ok for result in backend.write(batch, commit=commit))
        batch, pending = [], 0 if commit else pending
        if commit or written % 100_000 < batch_size:
            report(written)
    if batch:
        written += sum(result.ok for result in backend.write(batch, commit=False))
    backend.commit()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--backend", default="tantivy", choices=["tantivy", "elasticsearch"])
    parser.add_argument("--data-dir", help="embedded index folder (tantivy)")
    parser.add_argument("--es-url", default="http://127.0.0.1:9200", help="cluster URL (elasticsearch)")
    parser.add_argument("--index", default="articles")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--batch", type=int, default=2_000, help="articles per write")
    parser.add_argument("--commit-every", type=int, default=250_000, help="articles between commits")
    parser.add_argument("--corpora", type=Path, default=CORPORA)
    args = parser.parse_args()
    if args.backend == "tantivy" and not args.data_dir:
        parser.error("--data-dir is required with the tantivy backend")
    backend = open_backend({"backend": args.backend, "data_dir": args.data_dir, "index": args.index,
                            "es_url": args.es_url, "es_timeout": 120.0})
    started = time.perf_counter()

    def report(written: int) -> None:
        print(f"{written} written, {written / (time.perf_counter() - started):.0f} docs/s", flush=True)

    written = write_all(backend, scaled_articles(args.docs, args.seed, args.corpora), args.batch,
                        args.commit_every, report)
    backend.close()  # waits for tantivy's merges: part of the build
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    where = args.data_dir if args.backend == "tantivy" else f"{args.es_url} index {args.index}"
    print(f"done: {written} articles in {seconds:.0f} s ({written / seconds:.0f} docs/s, peak RSS {peak:.0f} MB) "
          f"-> {where}; machine: {platform.platform()}, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
