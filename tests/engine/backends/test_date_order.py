"""Undated articles come last in both date orders, on both engines, through offset pages and cursors."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from newsfacet.engine.model import Article
from newsfacet.engine.search import SearchRequest

from tests.articles import bbc_politics_stories

pytestmark = [pytest.mark.elasticsearch, pytest.mark.corpus]


def dated_and_undated() -> list[Article]:
    """24 real BBC politics stories: every third one without a date."""
    start = datetime(2005, 2, 1, 8, tzinfo=UTC)
    articles = []
    for number, (title, body, url) in enumerate(bbc_politics_stories(24)):
        published = None if number % 3 == 0 else start + timedelta(hours=13 * number)
        articles.append(Article(title=title, body=body, url=url, language="en", published=published))
    return articles


def walk(backend, sort: str, size: int, by_cursor: bool) -> list[str]:
    """Every hit id in order, page by page (by number or by cursor)."""
    ids, page, cursor = [], 1, None
    while True:
        request = SearchRequest(sort=sort, page=page, page_size=size, cursor=cursor, histogram=False, facets=())
        result = backend.search(request)
        ids += [hit.id for hit in result.hits]
        if not result.hits or (by_cursor and not result.next_cursor) or (not by_cursor and len(ids) >= result.total):
            return ids
        page, cursor = page + 1, result.next_cursor if by_cursor else None


@pytest.mark.parametrize("sort", ["newest", "oldest"])
@pytest.mark.parametrize("by_cursor", [False, True])
def test_undated_articles_come_last_in_either_date_order(backend, sort: str, by_cursor: bool) -> None:
    articles = dated_and_undated()
    assert all(result.ok for result in backend.write(articles))
    dated = sorted((a for a in articles if a.published), key=lambda a: a.published, reverse=sort == "newest")
    undated = {a.id for a in articles if a.published is None}
    ids = walk(backend, sort, 5, by_cursor)
    assert len(ids) == len(set(ids)) == len(articles)
    assert ids[:len(dated)] == [a.id for a in dated]
    assert set(ids[len(dated):]) == undated
