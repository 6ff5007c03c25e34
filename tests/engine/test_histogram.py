"""Calendar roll-up of daily counts, independent of any backend."""
from __future__ import annotations

from datetime import date

from newsfacet.engine.histogram import (
    choose_interval,
    coarsening_note,
    fitting_interval,
    period_count,
    requested_interval,
    rollup,
)
from newsfacet.engine.limits import EARLIEST_DAY, LATEST_DAY, MAX_HISTOGRAM_BUCKETS


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


def test_an_interval_past_the_bucket_cap_becomes_the_next_coarser_one():
    first, last = date(2000, 1, 1), date(2009, 12, 31)  # 3,653 days, 523 ISO weeks, 120 months
    assert [fitting_interval(i, first, last) for i in ("day", "week", "month", "year")] == [
        "month", "month", "month", "year"]
    assert period_count(first, last, "week") == 523 > MAX_HISTOGRAM_BUCKETS
    interval, buckets = rollup({date(2005, 6, 1): 3}, "day", first, last)
    assert interval == "month" and len(buckets) == 120 and sum(b.count for b in buckets) == 3
    assert coarsening_note("day", interval) == f"Shown by month: by day the chart would have more than " \
                                               f"{MAX_HISTOGRAM_BUCKETS} bars."
    assert coarsening_note("month", "month") is None and coarsening_note(None, "year") is None


def test_the_widest_supported_range_fits_as_years():
    interval, buckets = rollup({}, "day", EARLIEST_DAY, LATEST_DAY)
    assert interval == "year" and len(buckets) == LATEST_DAY.year - EARLIEST_DAY.year + 1 <= MAX_HISTOGRAM_BUCKETS
    assert requested_interval("day", EARLIEST_DAY, LATEST_DAY) == "year"


def test_data_spanning_more_years_than_the_cap_keeps_the_newest():
    """Only an index holding dates outside the supported range can do this; the cap still holds."""
    interval, buckets = rollup({date(1, 1, 1): 1, date(2024, 5, 1): 2}, "year")
    assert interval == "year" and len(buckets) == MAX_HISTOGRAM_BUCKETS
    assert buckets[-1].start == date(2024, 1, 1) and buckets[-1].count == 2
