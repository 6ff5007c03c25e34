"""Story ids and exact copies at index time: one story lookup per write batch.

Workers give each article its story keys (engine/stories.py). Here, in the main process, one
`Backend.story_candidates` call asks the index, for every article of the batch, for the stored
articles sharing its fingerprint or the most keys (at most MAX_CANDIDATES each); the batch's earlier
articles are looked up in memory the same way. Among an article's candidates, one with an equal
fingerprint is its exact copy (similarity 1.0: the indexer folds the input into it); otherwise the
most similar at or above the threshold gives the story. Memory is bounded by the batch and
MAX_CANDIDATES, never by the index: earlier batches, runs and a `--resume` are found in the index.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from newsfacet.engine.backends.base import Backend
from newsfacet.engine.model import Article
from newsfacet.engine.stories import MAX_CANDIDATES, best_match, exact_copy, lookup_of, shingles


class _BatchPool:
    """The batch's articles kept so far, by fingerprint and by story key (the index lacks them yet)."""

    def __init__(self) -> None:
        self._by_key: dict[str, list[Article]] = defaultdict(list)
        self._by_fingerprint: dict[str, Article] = {}

    def add(self, article: Article) -> None:
        self._by_fingerprint.setdefault(article.fingerprint, article)
        for key in article.story_keys:
            self._by_key[key].append(article)

    def sharing(self, article: Article) -> list[Article]:
        """Its exact copy first (if any), then articles sharing keys with `article`, the most first."""
        shared: Counter[str] = Counter()
        found: dict[str, Article] = {}
        for key in article.story_keys:
            for other in self._by_key.get(key, ()):
                if other.id != article.id:
                    shared[other.id] += 1
                    found[other.id] = other
        closest = [found[other_id] for other_id, _ in shared.most_common(MAX_CANDIDATES)]
        copy = self._by_fingerprint.get(article.fingerprint)
        return [copy, *(c for c in closest if c is not copy)] if copy else closest


@dataclass(frozen=True)
class Original:
    """The article an input is an exact copy of, and whether it came earlier in this batch."""

    article: Article
    in_batch: bool


class BatchStories:
    """A write batch's story lookup: ask `original_of` first, then `join` the articles that are kept."""

    def __init__(self, backend: Backend, articles: list[Article]) -> None:
        found = backend.story_candidates([lookup_of(article) for article in articles], MAX_CANDIDATES)
        self._stored = {id(article): candidates for article, candidates in zip(articles, found, strict=True)}
        self._pool = _BatchPool()

    def original_of(self, article: Article) -> Original | None:
        """The article this one copies exactly: an earlier one of the batch, else a stored one."""
        in_batch = exact_copy(article, self._pool.sharing(article))
        if in_batch is not None:
            return Original(in_batch, True)
        stored = exact_copy(article, self._stored.get(id(article), ()))
        return Original(stored, False) if stored is not None else None

    def join(self, article: Article) -> None:
        """Set `story_id` (its nearest version's story, else its own id) once its id is final."""
        article.story_id = article.id
        if article.story_keys:
            # Its own stored article (this input, indexed before with other text) is not another version.
            stored = [c for c in self._stored.get(id(article), ()) if c.id != article.id]
            match = best_match(shingles(article.title, article.body), [*self._pool.sharing(article), *stored])
            if match is not None:
                article.story_id = match.story_id
        self._pool.add(article)


def assign_stories(backend: Backend, articles: list[Article]) -> None:
    """Give every article its story id with one batch lookup (no copy folding: all are kept)."""
    stories = BatchStories(backend, articles)
    for article in articles:
        stories.join(article)
