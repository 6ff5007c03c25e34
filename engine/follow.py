"""Following a saved search: which of its matches were indexed after a moment.

Neither backend can filter on `indexed_at` today (tantivy's schema does not index it; changing the
schema needs a reindex), so this reads the search's newest `FOLLOW_BOUND` matches by the existing
"newest" sort (publication time) and looks at each one's stored `indexed_at`. Past the bound the
answer is a lower bound, and says so with `more`.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from newsfacet.engine.backends.base import Backend
from newsfacet.engine.limits import MAX_PAGE_SIZE
from newsfacet.engine.model import Article
from newsfacet.engine.search import Hit, SearchRequest

FOLLOW_BOUND = 1_000


@dataclass(frozen=True)
class IndexedMatches:
    """A search's matches that were read (each hit with its stored article), newest indexed first."""

    matches: list[tuple[Hit, Article]]
    more: bool  # the search matches more than were read

    def count_since(self, since: datetime) -> int:
        return sum(1 for _, article in self.matches if article.indexed_at and article.indexed_at > since)

    def label_since(self, since: datetime) -> str:
        """"3", or "1,000+" style when the search matched more than was read."""
        return f"{self.count_since(since):,}{'+' if self.more else ''}"


def newest_indexed(backend: Backend, request: SearchRequest, bound: int = FOLLOW_BOUND,
                   snippets: bool = False) -> IndexedMatches:
    """Up to `bound` of the request's matches (newest published first), ordered by indexing time;
    highlighted `snippets` only when asked (a feed): a count has no use for them."""
    base = replace(request, sort="newest", page=1, page_size=MAX_PAGE_SIZE, cursor=None, facets=(),
                   histogram=False, collapse=False, highlight=snippets)
    hits: list[Hit] = []
    total = 0
    for page in range(1, -(-bound // MAX_PAGE_SIZE) + 1):
        result = backend.search(replace(base, page=page))
        total = result.total
        hits.extend(result.hits)
        if len(result.hits) < MAX_PAGE_SIZE or len(hits) >= bound:
            break
    hits = hits[:bound]
    articles = backend.get_many(hit.id for hit in hits)
    matches = [(hit, articles[hit.id]) for hit in hits if hit.id in articles]
    # Undated stamps (articles written before indexed_at was kept) sort last.
    matches.sort(key=lambda match: match[1].indexed_at.timestamp() if match[1].indexed_at else float("-inf"),
                 reverse=True)
    return IndexedMatches(matches, total > len(hits))
