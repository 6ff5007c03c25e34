"""A scan returns every stored article exactly once, on every backend: articles that share a sort key
(same instant, same id prefix; undated ones), a key shared by more articles than a page holds, dates
decades apart, and articles deleted before the scan. Also the deferred commit a bulk fill uses."""
from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest
from newsfacet.engine.backends.tantivy_schema import sort_key
from newsfacet.engine.model import Article

from tests.articles import sample_articles

INSTANT = datetime(2021, 6, 1, 12, 0, tzinfo=UTC)


def twin(number: int, published: datetime | None) -> Article:
    """Articles whose ids share their first 8 hex digits: with one instant, one sort key."""
    return Article(id=f"abcdef01{number:012x}", title=f"Twin {number}", body=f"Shared key report {number}.",
                   url=f"https://twins.example/{number}", published=published, outlet="Twin Post",
                   language="en")


def neighbour(number: int) -> Article:
    """Articles of one instant whose ids' first 8 hex digits are consecutive: consecutive sort keys."""
    return Article(id=f"{0x10000000 + number:08x}{number:012x}", title=f"Neighbour {number}",
                   body=f"Adjacent key report {number}.", url=f"https://neighbours.example/{number}",
                   published=INSTANT, outlet="Twin Post", language="en")


def stored_articles() -> list[Article]:
    spread = [Article(title=f"Old {year}", body="An archive piece.", url=f"https://old.example/{year}",
                      published=datetime(year, 3, 1, tzinfo=UTC), language="en") for year in (1801, 1950, 2099)]
    same_key = [twin(n, INSTANT) for n in range(23)]
    undated_same_key = [twin(100 + n, None) for n in range(5)]
    neighbours = [neighbour(n) for n in range(40)]
    return sample_articles(300) + spread + same_key + undated_same_key + neighbours


def test_the_test_articles_really_share_sort_keys():
    keys = Counter(sort_key(article) for article in stored_articles())
    assert keys[sort_key(twin(0, INSTANT))] == 23 and keys[sort_key(twin(100, None))] == 5
    assert sort_key(neighbour(1)) - sort_key(neighbour(0)) == 1


@pytest.mark.parametrize("batch_size", [1, 7, 500])
def test_scan_returns_every_article_exactly_once(backend, batch_size):
    articles = stored_articles()
    assert all(result.ok for result in backend.write(articles))
    deleted = {article.id for article in articles[::9]} | {twin(3, INSTANT).id, twin(101, None).id}
    backend.delete(deleted)
    expected = {article.id for article in articles} - deleted
    seen = Counter(article.id for article in backend.scan(batch_size=batch_size))
    assert set(seen) == expected
    assert max(seen.values()) == 1
    assert backend.count() == len(expected)


def test_scan_of_an_empty_index_yields_nothing(backend):
    assert list(backend.scan(batch_size=10)) == []


def test_deferred_writes_are_searchable_after_commit(backend):
    articles = sample_articles(30)
    assert all(result.ok for result in backend.write(articles[:10]))
    assert all(result.ok for result in backend.write(articles[10:], commit=False))
    backend.commit()
    assert backend.count() == 30
    assert {article.id for article in backend.scan(batch_size=4)} == {article.id for article in articles}


def test_tantivy_defers_until_commit(tmp_path):
    from newsfacet.engine.backends.tantivy_backend import TantivyBackend

    backend = TantivyBackend(tmp_path / "data", "articles")
    try:
        backend.write(sample_articles(5))
        backend.write(sample_articles(12)[5:], commit=False)
        assert backend.count() == 5
        backend.commit()
        assert backend.count() == 12
    finally:
        backend.close()
