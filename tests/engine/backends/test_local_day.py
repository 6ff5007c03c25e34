"""Local publication day: an article belongs to the calendar day its outlet printed, on both engines.

`2025-01-22T06:30+09:00` is 21:30 UTC on the 21st; the histogram, date filters and hits put it on
the 22nd, and the instant (sorting, `published`) stays exact. Runs on tantivy and Elasticsearch.
"""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from newsfacet.engine.model import Article
from newsfacet.engine.search import SearchRequest

SEOUL, NEW_YORK = timezone(timedelta(hours=9)), timezone(timedelta(hours=-5))


def dated(title: str, published: datetime) -> Article:
    return Article(title=title, body=f"{title} harbour report with enough words to index.", published=published,
                   url=f"https://example.org/{title.replace(' ', '-')}", outlet="Example", language="en")


ARTICLES = [
    dated("busan typhoon", datetime(2025, 1, 22, 6, 30, tzinfo=SEOUL)),      # 21 Jan 21:30 UTC
    dated("late new york", datetime(2025, 1, 21, 22, 15, tzinfo=NEW_YORK)),  # 22 Jan 03:15 UTC
    dated("london noon", datetime(2025, 1, 21, 12, 0, tzinfo=UTC)),
    dated("day only", datetime(2025, 1, 22)),                                # a page that gave no time
]


def days(result) -> dict[date, int]:
    return {bucket.start: bucket.count for bucket in result.histogram if bucket.count}


def titles(backend, **dates) -> set[str]:
    result = backend.search(SearchRequest(query="harbour", page_size=10, **dates))
    return {hit.title for hit in result.hits}


def test_histogram_and_filters_count_the_local_day(backend):
    assert all(result.ok for result in backend.write(ARTICLES))
    result = backend.search(SearchRequest(query="harbour", interval="day"))
    assert days(result) == {date(2025, 1, 21): 2, date(2025, 1, 22): 2}
    assert titles(backend, date_from=date(2025, 1, 22), date_to=date(2025, 1, 22)) == {"busan typhoon", "day only"}
    assert titles(backend, date_to=date(2025, 1, 21)) == {"late new york", "london noon"}
    assert titles(backend, date_from=date(2025, 1, 22)) == {"busan typhoon", "day only"}
    # The instant is unchanged: newest first is by UTC time, and hits show the page's own offset.
    newest = backend.search(SearchRequest(query="harbour", sort="newest"))
    assert [hit.title for hit in newest.hits] == ["late new york", "day only", "busan typhoon", "london noon"]
    busan = next(hit for hit in newest.hits if hit.title == "busan typhoon")
    assert busan.published == datetime(2025, 1, 21, 21, 30, tzinfo=UTC)
    assert busan.published.isoformat() == "2025-01-22T06:30:00+09:00"
    stored = backend.get(ARTICLES[0].id)
    assert (stored.published_offset, stored.published_precision, stored.local_day) == (540, "time", date(2025, 1, 22))


def test_months_follow_the_local_day(backend):
    new_year = dated("new year", datetime(2025, 1, 1, 0, 30, tzinfo=SEOUL))  # 31 Dec 2024 UTC
    assert all(result.ok for result in backend.write([new_year, *ARTICLES[2:]]))
    result = backend.search(SearchRequest(query="harbour", interval="month"))
    assert days(result) == {date(2025, 1, 1): 3}


def test_the_model_keeps_offset_and_precision():
    seoul = ARTICLES[0]
    assert seoul.published.utcoffset() == timedelta(0) and seoul.published_local.hour == 6
    assert ARTICLES[3].published_precision == "day" and ARTICLES[3].published_offset is None
    again = Article.from_dict(seoul.to_dict())
    assert (again.published, again.published_offset, again.local_day) == (seoul.published, 540, date(2025, 1, 22))


@pytest.mark.parametrize("forged", [10_000, -5000, "540", 3.5, True])
def test_a_forged_offset_is_dropped(forged):
    article = Article(title="t", body="b", published=datetime(2025, 1, 21, 21, 30, tzinfo=UTC),
                      published_offset=forged)
    assert article.published_offset is None and article.local_day == date(2025, 1, 21)
