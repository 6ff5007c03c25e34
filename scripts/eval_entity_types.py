"""Does deciding an entity's type across the index help? CoNLL-2003, gold types as the judge.

Usage: .venv/bin/python scripts/eval_entity_types.py [--split valid|train] [--limit N]

Each document of the split is run through the indexer's extractor (as scripts/eval_entities.py
does), stored in a real embedded index, and the index is rebuilt by `engine.reindex` (which gives
every name the type most of its articles hold it under). Document-level P/R/F1 of (type, name)
sets, against the same gold, before (per-document types) and after (index-wide types). The rule has
nothing to tune; `valid` is where it was looked at while writing it, `train` (the shared copy has no
`test`) is the report on documents not looked at.
Reindex time with and without curation is compared in the same run (copy only = baseline).
"""
from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

import eval_entities as quality  # noqa: E402 - scripts/eval_entities.py: corpus reader and scoring
from bench_curation import compare_reindex  # noqa: E402
from newsfacet.engine.backends.tantivy_backend import TantivyBackend  # noqa: E402
from newsfacet.engine.model import ENTITY_TYPES, Article  # noqa: E402
from newsfacet.indexer import entities, entity_names  # noqa: E402
from newsfacet.indexer.entity_names import Entity  # noqa: E402


def predicted(text: str) -> set[Entity]:
    """The extractor's (type, name) set for one document, cleaned and folded as at index time."""
    found = [Entity(kind, name) for kind, surface in entities.raw_spans(text, "en")
             if (name := entity_names.clean_name(surface, kind, "en"))]
    return set(entity_names.fold_document(found, fold_people=True, vote_kinds=True))


def as_article(number: int, text: str, found: set[Entity]) -> Article:
    lines = text.splitlines() or [""]
    return Article(title=lines[0], body=text, url=f"https://conll.example/{number}", language="en",
                   entities={kind: sorted(e.name for e in found if e.type == kind) for kind in ENTITY_TYPES})


def stored_sets(backend: TantivyBackend) -> dict[str, set[Entity]]:
    return {article.id: {Entity(kind, name) for kind in ENTITY_TYPES for name in article.entities[kind]}
            for article in backend.scan()}


def report(name: str, pairs: list[tuple[set[Entity], set[Entity]]]) -> None:
    counts = quality.score(pairs)
    cells = "  ".join(f"{kind[:3].upper()} P {p:.3f} R {r:.3f} F1 {f:.3f}"
                      for kind, (p, r, f) in ((k, quality.prf(c)) for k, c in counts.items()))
    print(f"  {name:<18} {cells}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["valid", "train"], default="train")
    parser.add_argument("--limit", type=int, default=None, help="first N documents")
    args = parser.parse_args()
    path = quality.CORPORA / "conll2003" / "data" / f"{args.split}.txt"
    documents = list(quality.conll_documents(path))[:args.limit]
    print(f"machine: {platform.platform()} cpus={os.cpu_count()} python {platform.python_version()} "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"corpus: {path} ({len(documents)} documents); model {entities.ENGLISH_MODEL}")
    articles = [as_article(n, text, predicted(text)) for n, (text, _) in enumerate(documents)]
    gold = {article.id: quality.gold_entities(spans, "en", True)
            for article, (_, spans) in zip(articles, documents, strict=True)}
    with tempfile.TemporaryDirectory() as folder:
        backend = TantivyBackend(folder)
        backend.write(articles)
        before = stored_sets(backend)
        mixed = sum(1 for name, kinds in _kinds_by_name(before).items() if len(kinds) > 1)
        copy, curated = compare_reindex(backend, rounds=2)
        after = stored_sets(backend)
        backend.close()
    print(f"names under more than one type: {mixed} before, "
          f"{sum(1 for kinds in _kinds_by_name(after).values() if len(kinds) > 1)} after")
    report("per-document types", [(before[i], gold[i]) for i in gold])
    report("index-wide types", [(after[i], gold[i]) for i in gold])
    print(f"reindex of {len(articles)} articles (best of 2): copy {copy:.2f} s, copy + curation {curated:.2f} s, "
          f"ratio {curated / copy:.2f}x")


def _kinds_by_name(sets: dict[str, set[Entity]]) -> dict[str, set[str]]:
    kinds: dict[str, set[str]] = {}
    for found in sets.values():
        for entity in found:
            kinds.setdefault(entity.name, set()).add(entity.type)
    return kinds


if __name__ == "__main__":
    main()
