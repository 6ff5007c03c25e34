"""Story ids at index time: each article of a write batch joins the story of its nearest version.

Workers give each article its story keys (engine/stories.py); here, in the main process, each
article asks the index for the stored articles sharing the most keys (at most MAX_CANDIDATES) and
looks among the batch's earlier articles, then takes the story of the most similar at or above the
threshold. Memory is bounded by the batch and MAX_CANDIDATES, never by the index: stories from
earlier runs (and a `--resume`) are found in the index itself.
"""
from __future__ import annotations

from collections import Counter, defaultdict

from newsfacet.engine.backends.base import Backend
from newsfacet.engine.model import Article
from newsfacet.engine.stories import MAX_CANDIDATES, best_match, shingles


class _BatchPool:
    """The batch's articles already given a story, by key (the index does not hold them yet)."""

    def __init__(self) -> None:
        self._by_key: dict[str, list[Article]] = defaultdict(list)

    def add(self, article: Article) -> None:
        for key in article.story_keys:
            self._by_key[key].append(article)

    def sharing(self, article: Article) -> list[Article]:
        """Articles sharing a key with `article`, those sharing the most first."""
        shared: Counter[str] = Counter()
        found: dict[str, Article] = {}
        for key in article.story_keys:
            for other in self._by_key.get(key, ()):
                if other.id != article.id:
                    shared[other.id] += 1
                    found[other.id] = other
        return [found[other_id] for other_id, _ in shared.most_common(MAX_CANDIDATES)]


def assign_stories(backend: Backend, articles: list[Article]) -> None:
    """Set each article's `story_id`: its nearest version's story, else its own id."""
    pool = _BatchPool()
    for article in articles:
        article.story_id = article.id
        if not article.story_keys:
            continue
        stored = [c for c in backend.story_candidates(article.story_keys, MAX_CANDIDATES) if c.id != article.id]
        match = best_match(shingles(article.title, article.body), [*pool.sharing(article), *stored])
        if match is not None:
            article.story_id = match.story_id
        pool.add(article)
