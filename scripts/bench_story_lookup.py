"""Story lookups of one write batch: one request per article against one request for the batch.

    NEWSFACET_ES_URL=http://127.0.0.1:9200 .venv/bin/python scripts/bench_story_lookup.py

An index (tantivy in a temporary folder, and a throw-away Elasticsearch index when NEWSFACET_ES_URL
is set) holds 400 real BBC stories; a batch of 400 others plus 50 exact copies of stored ones asks
for its candidates (`Backend.story_candidates`) article by article, as the indexer did before
(one query each; it also made a separate fingerprint query per batch then), and all at once, as it
does now. Prints the medians of
`--rounds` timings, whether both ways give the same candidates, and how many copies were found.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsfacet.engine.backends.base import Backend  # noqa: E402
from newsfacet.engine.backends.tantivy_backend import TantivyBackend  # noqa: E402
from newsfacet.engine.model import Article  # noqa: E402
from newsfacet.engine.stories import MAX_CANDIDATES, keys_of, lookup_of  # noqa: E402
from newsfacet.indexer.stories import assign_stories  # noqa: E402

BBC = ROOT.parent / "shared" / "corpora" / "bbc-news" / "bbc"


def load(paths: list[Path]) -> list[Article]:
    """BBC files as articles with their story keys (first line the headline), one per id."""
    articles = []
    for path in paths:
        title, _, body = path.read_text(encoding="utf-8", errors="replace").partition("\n")
        article = Article(title=title.strip(), body=body.strip(), language="en")
        article.story_keys = keys_of(article)
        articles.append(article)
    return list({article.id: article for article in articles}.values())


def measure(name: str, backend: Backend, stored: list[Article], batch: list[Article], rounds: int) -> None:
    assign_stories(backend, stored)
    assert all(result.ok for result in backend.write(stored))
    lookups = [lookup_of(article) for article in batch]
    one_each, one_batch = [], []
    for _ in range(rounds):
        started = time.perf_counter()
        singles = [backend.story_candidates([lookup], MAX_CANDIDATES)[0] for lookup in lookups]
        one_each.append(time.perf_counter() - started)
        started = time.perf_counter()
        together = backend.story_candidates(lookups, MAX_CANDIDATES)
        one_batch.append(time.perf_counter() - started)
    same = [[c.id for c in found] for found in singles] == [[c.id for c in found] for found in together]
    pairs = zip(batch, together, strict=True)
    copies = sum(bool(found) and found[0].fingerprint == article.fingerprint for article, found in pairs)
    print(f"{name}: {len(batch)} lookups against {len(stored)} stored articles; one request per article "
          f"{statistics.median(one_each) * 1000:.0f} ms, one per batch {statistics.median(one_batch) * 1000:.0f} ms "
          f"(medians of {rounds}); same candidates: {same}; exact copies found first: {copies}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    files = sorted(BBC.rglob("*.txt"))
    if len(files) < 1400:
        raise SystemExit(f"{BBC} not found or incomplete")
    stored, batch = load(files[:400]), load(files[1000:1400]) + load(files[:50])
    with tempfile.TemporaryDirectory(prefix="bench-lookup-") as tmp:
        tantivy = TantivyBackend(Path(tmp) / "data")
        try:
            measure("tantivy", tantivy, stored, batch, args.rounds)
        finally:
            tantivy.close()
    url = os.environ.get("NEWSFACET_ES_URL")
    if url:
        measure_elasticsearch(url, stored, batch, args.rounds)


def measure_elasticsearch(url: str, stored: list[Article], batch: list[Article], rounds: int) -> None:
    from newsfacet.engine.backends import es_lifecycle as lifecycle
    from newsfacet.engine.backends.es_backend import ElasticsearchBackend

    index = f"bench-lookup-{uuid.uuid4().hex[:10]}"
    backend = ElasticsearchBackend.from_settings({"es_url": url, "index": index, "es_timeout": 30.0})
    try:
        measure("elasticsearch", backend, stored, batch, rounds)
    finally:
        for physical in lifecycle.versions(backend.client, index):
            lifecycle.drop(backend.client, physical)
        lifecycle.drop(backend.client, lifecycle.saved_index(index))
        lifecycle.drop(backend.client, lifecycle.entities_index(index))
        backend.close()


if __name__ == "__main__":
    main()
