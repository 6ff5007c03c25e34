"""Calendar roll-up of daily counts, independent of any backend."""
from __future__ import annotations

from datetime import date

from engine.histogram import choose_interval, rollup


def test_months_are_calendar_months():
    days = {date(2024, 1, 31): 2, date(2024, 2, 1): 3, date(2024, 2, 29): 1, date(2024, 4, 1): 5}
    interval, buckets = rollup(days, "month")
    assert interval == "month"
    assert [(b.start, b.end, b.count) for b in buckets] == [
        (date(2024, 1, 1), date(2024, 2, 1), 2), (date(2024, 2, 1), date(2024, 3, 1), 4),
        (date(2024, 3, 1), date(2024, 4, 1), 0), (date(2024, 4, 1), date(2024, 5, 1), 5)]


def test_weeks_start_on_monday_and_years_on_january_first():
    days = {date(2024, 12, 29): 1, date(2024, 12, 30): 1, date(2025, 1, 5): 1, date(2025, 1, 6): 1}
    _, weeks = rollup(days, "week")
    assert [(b.start, b.count) for b in weeks] == [(date(2024, 12, 23), 1), (date(2024, 12, 30), 2),
                                                   (date(2025, 1, 6), 1)]
    _, years = rollup(days, "year")
    assert [(b.start, b.count) for b in years] == [(date(2024, 1, 1), 2), (date(2025, 1, 1), 2)]


def test_december_rolls_into_next_year():
    _, buckets = rollup({date(2023, 12, 5): 1, date(2024, 1, 5): 1}, "month")
    assert [b.start for b in buckets] == [date(2023, 12, 1), date(2024, 1, 1)]


def test_interval_choice_follows_span():
    assert choose_interval(date(2024, 1, 1), date(2024, 1, 31)) == "day"
    assert choose_interval(date(2024, 1, 1), date(2024, 9, 1)) == "week"
    assert choose_interval(date(2020, 1, 1), date(2024, 1, 1)) == "month"
    assert choose_interval(date(1987, 1, 1), date(2024, 1, 1)) == "year"


def test_explicit_range_fills_empty_ends():
    _, buckets = rollup({date(2024, 1, 10): 4}, "day", date(2024, 1, 8), date(2024, 1, 12))
    assert [b.count for b in buckets] == [0, 0, 4, 0, 0]


def test_no_dates_no_buckets():
    assert rollup({}, None) == ("day", [])
