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
SAMPLE_BUCKET_FIELD = "sample_bucket"  # the embedded index's term per bucket (see BUCKET_KEYS)
KEY_BITS = 16
KEY_SPACE = 1 << KEY_BITS
# Above this many matches a pass is sampled. Counting 100k matches costs about what a faceted search
# of a 100k archive costs (p95 ~30 ms on 2 cores), which is the bound we keep at any size.
SAMPLE_ABOVE = 100_000
# About this many matches are counted in a sampled pass: the relative error of a value holding a
# share p of them is about sqrt((1 - p) / (SAMPLE_SIZE * p)), 1.4% at p = 5% (scripts/bench_search.py
# prints the largest error of the top-10 values against exact counts).
SAMPLE_SIZE = 100_000
# The embedded index also files each article under its key's bucket of BUCKET_KEYS keys (an indexed
# term, engine.backends.tantivy_schema). A cut on a bucket boundary selects its sample by whole
# buckets, whose postings tantivy intersects with the pass's filters in time proportional to the
# sample; a range over the key's fast field is walked in step with the filters instead, so a browse
# under a big filter (580,000 articles of two outlets) cost as much as the filter, not the sample.
# Cuts up to BUCKETED_UP_TO (a sample of at most a quarter of the index) are rounded up to a boundary,
# on both engines, so both count the same articles. A larger sample comes from fewer than 400,000
# matches, which the range walks in about the time a quarter of the index's buckets take to read.
BUCKET_BITS = 6
BUCKET_KEYS = 1 << BUCKET_BITS
BUCKETED_UP_TO = KEY_SPACE // 4


def sample_key(article_id: str) -> int:
    """The article's sample key, in [0, KEY_SPACE)."""
    digest = hashlib.blake2b(article_id.encode("utf-8"), digest_size=2).digest()
    return int.from_bytes(digest, "big")


def sample_cut(matches: int) -> int | None:
    """Count only keys below this cut when a pass has `matches` matches; None: count them all."""
    if matches <= SAMPLE_ABOVE:
        return None
    cut = min(KEY_SPACE, math.ceil(KEY_SPACE * SAMPLE_SIZE / matches))
    if cut <= BUCKETED_UP_TO:
        cut = math.ceil(cut / BUCKET_KEYS) * BUCKET_KEYS  # at 10 million matches 7% more counted
    return cut


def sample_bucket(key: int) -> int:
    """The bucket an article's sample key is filed under (see BUCKET_KEYS)."""
    return key >> BUCKET_BITS


def whole_buckets(cut: int) -> int | None:
    """How many buckets make up the sample below `cut`, when `cut` is one sample_cut rounded to a
    bucket boundary; None when the sample is selected by key range."""
    if cut > BUCKETED_UP_TO or cut % BUCKET_KEYS:
        return None
    return cut >> BUCKET_BITS


def scaled(count: int, cut: int) -> int:
    """A count over the sample below `cut`, scaled to the whole."""
    return round(count * KEY_SPACE / cut)
