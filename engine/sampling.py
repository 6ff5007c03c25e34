"""Facet counts from a sample of the matches when there are many, so their cost is bounded by the
sample, not by the size of the archive.

Every article carries a sample key: 16 bits of BLAKE2b of its id, uniform over the ids and the same
on every engine, in every copy and after every reindex. A count pass (engine.plan) that matches more
than SAMPLE_ABOVE articles counts only those whose key is below a cut chosen so that about
SAMPLE_SIZE of them are counted, and scales each count by KEY_SPACE / cut. Both engines select the
sample by the same key range (not Elasticsearch's `random_sampler`), so they give the same
approximate counts, and a request may always ask for exact ones.
"""
from __future__ import annotations

import hashlib
import math

SAMPLE_KEY_FIELD = "sample_key"  # the field that holds it, on both engines
KEY_BITS = 16
KEY_SPACE = 1 << KEY_BITS
# Above this many matches a pass is sampled. Counting 100k matches costs about what a faceted search
# of a 100k archive costs (p95 ~30 ms on 2 cores), which is the bound we keep at any size.
SAMPLE_ABOVE = 100_000
# About this many matches are counted in a sampled pass: the relative error of a value holding a
# share p of them is about sqrt((1 - p) / (SAMPLE_SIZE * p)), 1.4% at p = 5% (scripts/bench_search.py
# prints the largest error of the top-10 values against exact counts).
SAMPLE_SIZE = 100_000


def sample_key(article_id: str) -> int:
    """The article's sample key, in [0, KEY_SPACE)."""
    digest = hashlib.blake2b(article_id.encode("utf-8"), digest_size=2).digest()
    return int.from_bytes(digest, "big")


def sample_cut(matches: int) -> int | None:
    """Count only keys below this cut when a pass has `matches` matches; None: count them all."""
    if matches <= SAMPLE_ABOVE:
        return None
    return min(KEY_SPACE, math.ceil(KEY_SPACE * SAMPLE_SIZE / matches))


def scaled(count: int, cut: int) -> int:
    """A count over the sample below `cut`, scaled to the whole."""
    return round(count * KEY_SPACE / cut)
