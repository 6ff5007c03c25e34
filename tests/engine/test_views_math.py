"""The arithmetic behind the timeline links and the entity page's ranking, without an index."""
from __future__ import annotations

from datetime import date

import pytest
from newsfacet.engine.entity_page import jlh
from newsfacet.engine.histogram import HistogramBucket, cannot_zoom, undated_count, wider_range


@pytest.mark.parametrize("first, last, interval, wider", [
    (date(2024, 3, 5), date(2024, 3, 5), "day", (date(2024, 3, 1), date(2024, 3, 31))),
    (date(2024, 3, 1), date(2024, 3, 31), "day", (date(2024, 1, 1), date(2024, 12, 31))),
    (date(2024, 3, 4), date(2024, 3, 17), "day", (date(2024, 3, 1), date(2024, 3, 31))),
    (date(2024, 2, 20), date(2024, 3, 10), "day", (date(2024, 1, 1), date(2024, 12, 31))),
    (date(2024, 1, 1), date(2024, 12, 31), "month", None),
    (date(2023, 12, 1), date(2024, 1, 31), "week", None),
    (date(2020, 1, 1), date(2024, 12, 31), "year", None),
])
def test_zoom_out_goes_to_the_month_then_the_year_then_everything(first, last, interval, wider) -> None:
    assert wider_range(first, last, interval) == wider


def test_undated_count_and_the_finest_zoom() -> None:
    day = HistogramBucket(date(2024, 3, 5), date(2024, 3, 6), 4)
    assert undated_count(7, [day]) == 3 and undated_count(2, [day]) == 0
    assert cannot_zoom([day], "day") and not cannot_zoom([day], "month") and not cannot_zoom([day, day], "day")


def test_jlh_prefers_names_concentrated_in_the_entity_articles() -> None:
    # Named in 10 of the entity's 20 articles: rare in the index (12 of 1000) beats common (500 of 1000).
    assert jlh(10, 20, 12, 1000) > jlh(10, 20, 500, 1000) == 0.0
    assert jlh(10, 20, 12, 1000) == pytest.approx((0.5 - 0.012) * (0.5 / 0.012))
    assert jlh(0, 0, 0, 0) == 0.0
