"""The histogram's links beyond its bars: zoom out, interval choice, undated matches. Registered as a
template global so every chart (search page, entity page) builds them from its own search state."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import Flask
from newsfacet.engine.histogram import INTERVALS, cannot_zoom, undated_count, wider_range
from newsfacet.webapp.state import SearchState


@dataclass(frozen=True)
class HistogramLinks:
    zoom_out: str | None  # a wider range, or None
    interval_links: list[tuple[str, str, bool]]  # (label, url, current)
    undated: int  # matches without a date (only counted when no date range hides them)
    undated_url: str  # the same search, only its undated matches
    finest: bool  # a single day: bars do not zoom
    range_url: str  # the search without dates: JavaScript adds from/to for a dragged range


def init_app(app: Flask) -> None:
    app.jinja_env.globals["histogram_links"] = histogram_links


def histogram_links(state: SearchState, total: int, buckets: list, interval: str | None) -> HistogramLinks:
    zoom_out = None
    if (state.date_from or state.date_to) and buckets:
        first, last = buckets[0].start, buckets[-1].end - timedelta(days=1)
        wider = wider_range(state.date_from or first, state.date_to or last, interval)
        zoom_out = (state.changed(date_from=wider[0], date_to=wider[1], interval=None) if wider
                    else state.changed(date_from=None, date_to=None, interval=None)).url()
    choices = [("auto", state.changed(interval=None).url(), state.interval is None)]
    choices += [(name, state.changed(interval=name).url(), state.interval == name) for name in INTERVALS]
    dated = not (state.date_from or state.date_to or state.undated)
    return HistogramLinks(zoom_out, choices, undated_count(total, buckets) if dated else 0,
                          state.changed(undated=True, date_from=None, date_to=None, interval=None).url(),
                          cannot_zoom(buckets, interval),
                          state.changed(date_from=None, date_to=None).url())
