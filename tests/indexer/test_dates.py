"""Dates: partial values are not days, published beats modified, datelines in many languages."""
from __future__ import annotations

import gzip
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from newsfacet.indexer.clean import clean_html
from newsfacet.indexer.clean_html import choose_date
from newsfacet.indexer.dates import day_in_line, parse_date

from tests.corpora import corpus


@pytest.mark.parametrize("value", ["2023", "May 2023", "2023-05", "Updated in 2024", "yesterday"])
def test_a_year_or_a_month_alone_is_not_a_day(value: str) -> None:
    assert parse_date(value) is None
    assert day_in_line(value) is None


@pytest.mark.parametrize("value,day", [
    ("12 March 2024", date(2024, 3, 12)),
    ("12.03.2024", date(2024, 3, 12)),
    ("2024-03-12T06:30:00+09:00", date(2024, 3, 11)),
    ("Mon, 12 Mar 2024 10:00:00 GMT", date(2024, 3, 12)),
])
def test_full_dates_still_parse(value: str, day: date) -> None:
    parsed = parse_date(value)
    assert parsed is not None and parsed.date() == day


@pytest.mark.parametrize("line,languages,day", [
    ("14 mars 2024", ["fr", "en"], date(2024, 3, 14)),
    ("6. Juni 2024", ["de", "en"], date(2024, 6, 6)),
    ("19 января 2023", ["ru", "en"], date(2023, 1, 19)),
    ("2025년 1월 22일", ["ko", "en"], date(2025, 1, 22)),
    ("14 mars 2024", None, date(2024, 3, 14)),
])
def test_day_in_line_reads_every_supported_language(line: str, languages: list[str] | None, day: date) -> None:
    parsed = day_in_line(line, languages)
    assert parsed is not None and parsed.date() == day


def test_htmldate_bare_year_is_dropped_unless_ours_confirms_it() -> None:
    january_first = datetime(2020, 1, 1, tzinfo=UTC)
    assert choose_date(None, january_first) is None
    ours = datetime(2021, 8, 4, 9, 30, tzinfo=UTC)
    assert choose_date(ours, january_first) == ours
    confirmed = datetime(2020, 1, 1, 8, 0, tzinfo=timezone(timedelta(hours=1)))
    assert choose_date(confirmed, january_first) == confirmed


def test_published_beats_a_declared_modified_day() -> None:
    published = datetime(2024, 3, 17, 19, 47, tzinfo=UTC)
    modified = datetime(2024, 5, 3, tzinfo=UTC)
    assert choose_date(published, modified, {modified.date()}) == published
    # Without a declared update htmldate's day still wins a disagreement (measured better on wcxb).
    assert choose_date(published, modified) == modified


def test_real_page_published_date_not_its_update() -> None:
    # wcxb 0097 (tuning half): JSON-LD datePublished 2024-03-17, dateModified and
    # article:modified_time 2024-05-03; htmldate alone reports the update.
    folder = corpus("wcxb-dev-articles")
    html = gzip.decompress((folder / "html" / "0097.html.gz").read_bytes())
    article = clean_html(html, "https://www.krioda.com/language-learning-apps-compared/")
    assert article.published is not None
    assert article.published.date() == date(2024, 3, 17)


def test_a_declared_publication_stamp_beats_htmldate() -> None:
    published = datetime(2024, 9, 10, 16, 7, tzinfo=UTC)
    swapped = datetime(2024, 10, 9, tzinfo=UTC)  # htmldate read an ambiguous 09/10 the other way
    assert choose_date(published, swapped, published={published.date()}) == published
    assert choose_date(published, swapped) == swapped


def test_real_page_og_published_time_beats_a_bare_date_meta() -> None:
    # wcxb 0327 (tuning half): og:published_time 2024-10-08T00:00:00-04:00, <meta name=date
    # content="01/07/16"> which htmldate takes for 2016-07-01.
    html = gzip.decompress((corpus("wcxb-dev-articles") / "html" / "0327.html.gz").read_bytes())
    article = clean_html(html, "https://marketingsherpa.com/article/chart/digital-marketing-pricing")
    assert article.published is not None
    assert article.published.astimezone(timezone(timedelta(hours=-4))).date() == date(2024, 10, 8)


def _page(meta: str, byline: str) -> str:
    story = " ".join(["The harbour board met on Tuesday to agree the new tariffs for the season."] * 8)
    return (f"<html><head><title>Harbour tariffs</title>{meta}</head><body><article><h1>Harbour tariffs</h1>"
            f"<p class='byline'>{byline}</p><p>{story}</p><p>{story}</p></article></body></html>")


DECLARED = ('<meta property="article:published_time" content="2025-01-29T20:47:55+01:00">'
            '<meta property="article:modified_time" content="2025-08-19T13:25:59+01:00">')


@pytest.mark.parametrize("byline", [
    "By Ann Lee, January 29th, 2025 (updated Aug 19, 2025)",
    "By Ann Lee | Last updated: August 19, 2025",
    "By Ann Lee",
])
def test_published_beats_modified_whatever_the_byline_shows(byline: str) -> None:
    # A rule that took the printed update when the page shows no other day (22 of 37 misses on
    # wcxb's tuning half) lowered the held-out half from 0.824 to 0.777: wcxb's annotators do not
    # agree on it, so publication stays the day, as the product asks.
    article = clean_html(_page(DECLARED, byline))
    assert article.local_day == date(2025, 1, 29)
    assert article.published_offset == 60 and article.published_precision == "time"
    assert "Ann Lee" not in article.body  # the byline left the body
