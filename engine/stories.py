"""Stories: near-duplicate articles (one wire story in many outlets, a rewritten update) share an id.

An article's text is cut into word shingles (SHINGLE_WORDS consecutive words of its normalised
body). datasketch's MinHash gives the shingle set a signature, which locality-sensitive hashing cuts
into bands; each band's hash becomes a short key. The keys (`Article.story_keys`) are indexed with
the article (not in its stored document: they follow from its text), so a new article's candidates
are one query on the index, best scored (most keys shared) first: bounded memory, across runs and
`--resume`, the same on both engines, no table held in memory.
A candidate is a version of the same story when the Jaccard similarity of the two shingle sets,
computed exactly from the stored texts, is at least THRESHOLD; the new article then takes the
candidate's story id, otherwise its own id starts a story. Similarity 1.0 over the whole normalised
text (equal fingerprints) is the exact-copy case of the same lookup: a `StoryLookup` also names the
article's fingerprint, so its exact copy (if any) comes first among its candidates, and the indexer
folds such an input into that original instead of indexing it: a copy is always in its original's story.
"""
from __future__ import annotations

import base64
import hashlib
import re
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from newsfacet.engine.model import Article, normalise_text

# Tuned on the first half of scripts/eval_stories.py's labelled set, reported on the second
# (README "Measured"): a trimmed, re-headlined wire copy with outlet boilerplate stays above it,
# two stories on one topic stay far below.
THRESHOLD = 0.48
SHINGLE_WORDS = 5
NUM_PERM = 32
# LSH bands x rows: a pair at THRESHOLD shares a key with probability 1 - (1 - 0.5**2)**16 = 0.99;
# false candidates only cost an exact check. Fixed, not derived at run time: stored keys must mean
# the same thing in every run (changing them is a schema change).
BANDS, ROWS = 16, 2
KEY_BYTES = 6  # 8 base64 characters: collisions only add a candidate, which the exact check drops
SEED = 1
SCHEME = "affine32"  # named, not defaulted: a library default may change, stored keys may not
# Candidates compared per new article: the articles sharing the most keys (the best scored) first.
MAX_CANDIDATES = 20
# The score a lookup gives an exact copy (equal fingerprint): above any sum of key scores, so the copy is
# always among a lookup's candidates, first.
EXACT_COPY_SCORE = 1e6
_WORD = re.compile(r"\w+")
_SHA1_WORDS = 5  # a SHA-1 digest is five 32-bit words


def shingles(title: str, body: str) -> frozenset[str]:
    """The word shingles of the body (of title and body when the body is too short to shingle)."""
    words = _WORD.findall(normalise_text(body))
    if len(words) < SHINGLE_WORDS:
        words = _WORD.findall(normalise_text(f"{title}\n{body}"))
    if not words:
        return frozenset()
    if len(words) < SHINGLE_WORDS:
        return frozenset([" ".join(words)])
    # Each shingle joins a word with the next SHINGLE_WORDS - 1 (zip stops at the last full one).
    return frozenset(map(" ".join, zip(*(words[i:] for i in range(SHINGLE_WORDS)), strict=False)))


def jaccard(first: frozenset[str], second: frozenset[str]) -> float:
    """|A & B| / |A | B|; two empty texts are not a story."""
    if not first or not second:
        return 0.0
    common = len(first & second)
    return common / (len(first) + len(second) - common)


@lru_cache(maxsize=1)
def _permutations():
    """datasketch's permutations for NUM_PERM and SEED, made once per process (they cost ~1 ms)."""
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


def story_keys(shingle_set: Iterable[str]) -> list[str]:
    """The LSH band keys of a shingle set (empty for a text without words)."""
    import numpy
    from datasketch import MinHash

    digests = b"".join([hashlib.sha1(shingle.encode("utf-8")).digest() for shingle in shingle_set])
    if not digests:
        return []
    # datasketch's default hash (sha1_hash32: the first 4 bytes of SHA-1, little-endian) for all
    # shingles at once: calling it once per shingle was half the cost of a reindex. The values
    # then go through datasketch's own permutations unchanged (`int` passes them on as they are).
    hashes = numpy.frombuffer(digests, dtype="<u4")[::_SHA1_WORDS].tolist()
    signature = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=_permutations(), scheme=SCHEME, hashfunc=int)
    signature.update_batch(hashes)
    values = signature.hashvalues
    keys = []
    for band in range(BANDS):
        rows = values[band * ROWS:(band + 1) * ROWS]
        digest = hashlib.blake2b(struct.pack("<H", band) + rows.astype("<u8").tobytes(),
                                 digest_size=KEY_BYTES).digest()
        keys.append(base64.urlsafe_b64encode(digest).decode("ascii"))
    return keys


@dataclass(frozen=True)
class StoryLookup:
    """What one article asks the index: the articles sharing a story key, its exact copy first."""

    keys: tuple[str, ...]
    fingerprint: str


def lookup_of(article: Article) -> StoryLookup:
    return StoryLookup(tuple(article.story_keys), article.fingerprint)


def exact_copy(article: Article, candidates: Iterable[Article]) -> Article | None:
    """The similarity-1.0 candidate: the same normalised title and body (equal fingerprint).

    The one with the article's own id comes first: that is this very input, indexed before.
    """
    copies = [candidate for candidate in candidates if candidate.fingerprint == article.fingerprint]
    return min(copies, key=lambda copy: copy.id != article.id, default=None)


@dataclass(frozen=True)
class StoryMatch:
    """The story an article joins: the matched article, its story and how alike the texts are."""

    story_id: str
    article_id: str
    similarity: float


def best_match(shingle_set: frozenset[str], candidates: Iterable[Article]) -> StoryMatch | None:
    """The most similar candidate at or above THRESHOLD, or None.

    Candidates' shingles are made here, one at a time and not kept: memory stays that of one text.
    """
    best: StoryMatch | None = None
    for candidate in candidates:
        similarity = jaccard(shingle_set, shingles(candidate.title, candidate.body))
        if similarity >= THRESHOLD and (best is None or similarity > best.similarity):
            best = StoryMatch(candidate.story_id, candidate.id, similarity)
    return best


def keys_of(article: Article) -> list[str]:
    """The story keys of an article's own text (never keys a source claims for it)."""
    return story_keys(shingles(article.title, article.body))


# -- counting stories: one aggregation body both engines accept (they share Elasticsearch's syntax) --
STORY_FIELD = "story_id"
# Stories with two or more versions counted exactly per request; beyond, the count is marked approximate.
MAX_STORY_BUCKETS = 10_000
MULTI_VERSION = "multi_version_stories"


def multi_version_aggs() -> dict:
    """Every story with two or more articles among the matches, largest first.

    Exact on both engines (a cardinality estimate is not, and differs between them): stories =
    articles - sum(articles - 1) over these buckets.
    """
    return {MULTI_VERSION: {"terms": {"field": STORY_FIELD, "size": MAX_STORY_BUCKETS, "min_doc_count": 2}}}


def stories_among(articles: int, raw: dict) -> tuple[int, bool]:
    """(stories among `articles` matches, whether the count is exact) from `multi_version_aggs`."""
    terms = raw[MULTI_VERSION]
    folded = sum(bucket["doc_count"] - 1 for bucket in terms["buckets"])
    return articles - folded, not terms.get("sum_other_doc_count")


def story_stats(articles: int, raw: dict, largest: int, titles: dict[str, str]) -> dict:
    """The `stories` part of `stats`: how many, and the largest (id, articles, first article's title)."""
    count, exact = stories_among(articles, raw)
    top = [{"story_id": bucket["key"], "articles": bucket["doc_count"], "title": titles.get(bucket["key"], "")}
           for bucket in raw[MULTI_VERSION]["buckets"][:largest]]
    return {"count": count, "exact": exact, "largest": top}


def largest_story_ids(raw: dict, largest: int) -> list[str]:
    return [bucket["key"] for bucket in raw[MULTI_VERSION]["buckets"][:largest]]


STORY_SIZES = "story_sizes"


def story_sizes_aggs(count: int) -> dict:
    """Articles per story for `count` story ids (the query selects them), in the same body for both engines."""
    return {STORY_SIZES: {"terms": {"field": STORY_FIELD, "size": max(count, 1)}}}


def sizes_from(raw: dict) -> dict[str, int]:
    return {bucket["key"]: bucket["doc_count"] for bucket in raw[STORY_SIZES]["buckets"]}
