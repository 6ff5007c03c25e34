"""Calendar-aligned date histograms, built from daily counts so every backend agrees.

Backends count documents per local publication day (the day the outlet printed, indexed as
`published_day`, see engine.facets.LOCAL_DAY_FIELD; an index older than schema 4 counts UTC days) and
per month of it (tantivy's date_histogram only offers fixed intervals);
this module chooses an interval from the range and rolls days up into calendar weeks (ISO, Monday
first), months or years, filling empty periods so a chart has no holes. No histogram has more than
`MAX_HISTOGRAM_BUCKETS` bars: an interval that would exceed it is replaced by the next coarser one.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from newsfacet.engine.limits import MAX_HISTOGRAM_BUCKETS

INTERVALS = ("day", "week", "month", "year")
# Most buckets a chart should show before we move to the next coarser interval.
_MAX_BUCKETS = {"day": 62, "week": 60, "month": 120}


@dataclass(frozen=True)
class HistogramBucket:
    start: date
    end: date  # exclusive
    count: int

    def to_dict(self) -> dict:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "count": self.count}


def choose_interval(first: date, last: date) -> str:
    """The finest interval that keeps the chart readable for the span first..last."""
    days = (last - first).days + 1
    if days <= _MAX_BUCKETS["day"]:
        return "day"
    if days <= _MAX_BUCKETS["week"] * 7:
        return "week"
    if days <= _MAX_BUCKETS["month"] * 30:
        return "month"
    return "year"


def period_count(first: date, last: date, interval: str) -> int:
    """How many calendar periods of `interval` the days first..last touch."""
    if interval == "day":
        return (last - first).days + 1
    if interval == "week":
        return (period_start(last, "week") - period_start(first, "week")).days // 7 + 1
    if interval == "month":
        return (last.year - first.year) * 12 + last.month - first.month + 1
    return last.year - first.year + 1


def fitting_interval(interval: str, first: date, last: date) -> str:
    """`interval`, or the first coarser one whose buckets from first to last fit the cap."""
    for candidate in INTERVALS[INTERVALS.index(interval):]:
        if period_count(first, last, candidate) <= MAX_HISTOGRAM_BUCKETS:
            return candidate
    return INTERVALS[-1]


def coarsening_note(requested: str | None, used: str | None) -> str | None:
    """The sentence telling a reader the histogram is coarser than asked, or None."""
    if not requested or not used or requested == used:
        return None
    return (f"Shown by {used}: by {requested} the chart would have more than "
            f"{MAX_HISTOGRAM_BUCKETS} bars.")


def requested_interval(interval: str | None, first: date | None, last: date | None) -> str | None:
    """The interval when the request alone decides it: asked for, or a closed date range."""
    if interval and first and last:
        return fitting_interval(interval, first, last)
    if interval:
        return interval
    if first and last:
        return choose_interval(first, last)
    return None


def interval_for_months(month_counts: dict[date, int], first: date | None, last: date | None) -> str:
    """The interval for an open range, from the span of the months (keyed by month start) that match."""
    first = first or min(month_counts)
    last = last or next_period(max(month_counts), "month") - timedelta(days=1)
    return choose_interval(first, last)


def period_start(day: date, interval: str) -> date:
    if interval == "day":
        return day
    if interval == "week":
        return day - timedelta(days=day.weekday())
    if interval == "month":
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def next_period(start: date, interval: str) -> date:
    if interval == "day":
        return start + timedelta(days=1)
    if interval == "week":
        return start + timedelta(days=7)
    if interval == "month":
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return date(start.year + 1, 1, 1)


def rollup(day_counts: dict[date, int], interval: str | None = None,
           first: date | None = None, last: date | None = None) -> tuple[str, list[HistogramBucket]]:
    """Roll counts into calendar buckets from `first` to `last` (default: the data's span).

    Keys are the start of the period counted: days, or month starts when the caller only needs
    months or years.

    Returns the interval used and the buckets, empty periods included.
    """
    days = [d for d, n in day_counts.items() if n]
    if not days and (first is None or last is None):
        return interval or "day", []
    first = first or min(days)
    last = last or max(days)
    interval = fitting_interval(interval or choose_interval(first, last), first, last)
    if period_count(first, last, interval) > MAX_HISTOGRAM_BUCKETS:
        # Only data dated outside EARLIEST_DAY..LATEST_DAY can span this much: keep the newest years.
        first = date(last.year - MAX_HISTOGRAM_BUCKETS + 1, 1, 1)
    totals: Counter[date] = Counter()
    start = period_start(first, interval)
    # Keys may be days or month starts (coarser counts for wide spans): compare by period.
    for day, count in day_counts.items():
        if start <= day <= last:
            totals[period_start(day, interval)] += count
    buckets = []
    while start <= last:
        end = next_period(start, interval)
        buckets.append(HistogramBucket(start, end, totals.get(start, 0)))
        start = end
    return interval, buckets


# The range one step wider than a chart's span: the period of the next coarser interval around it.
_WIDER = {"day": "month", "week": "month", "month": "year"}


def wider_range(first: date, last: date, interval: str | None) -> tuple[date, date] | None:
    """The date range to zoom out to from a chart over first..last at `interval` (inclusive days);
    None when only dropping the range widens it (a chart by year, or one spanning several years)."""
    coarser = _WIDER.get(interval or "year")
    while coarser is not None:
        start = period_start(first, coarser)
        end = next_period(period_start(last, coarser), coarser) - timedelta(days=1)
        if (start, end) != (first, last) and period_start(last, coarser) == start:
            return start, end
        coarser = _WIDER.get(coarser)
    return None


def undated_count(total: int, buckets: list[HistogramBucket]) -> int:
    """Matches the chart cannot place: the total less what its bars count (never below zero)."""
    return max(0, total - sum(bucket.count for bucket in buckets))


def cannot_zoom(buckets: list[HistogramBucket], interval: str | None) -> bool:
    """A chart of a single day: no bar narrows the range further."""
    return interval == "day" and len(buckets) == 1
