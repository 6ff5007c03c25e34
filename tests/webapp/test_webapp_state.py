"""The URL state: one canonical form per search, derived links, and parameter bounds."""
from __future__ import annotations

from datetime import date

import pytest
from newsfacet.webapp.state import Limits, ParamError, SearchState, is_canonical, parse_state
from werkzeug.datastructures import MultiDict

LIMITS = Limits(default_size=20, max_page=50, max_query_length=100)


def state_of(query_string: str) -> SearchState:
    from urllib.parse import parse_qsl

    return parse_state(MultiDict(parse_qsl(query_string, keep_blank_values=True)), LIMITS)


def test_canonical_order_sorts_facets_and_values_and_drops_defaults() -> None:
    state = state_of("sort=newest&outlet=b&page=1&q=oil&size=20&not_language=de&outlet=a&to=2024-02-01"
                     "&person=Zed&from=2024-01-01&interval=&cursor=")
    assert state.query_string() == ("q=oil&outlet=a&outlet=b&person=Zed&not_language=de"
                                    "&from=2024-01-01&to=2024-02-01&sort=newest")


def test_same_search_in_any_order_has_one_link() -> None:
    first = state_of("q=oil&outlet=a&outlet=b&language=en")
    second = state_of("language=en&outlet=b&q=oil&outlet=a")
    assert first == second and first.url() == second.url()


def test_is_canonical_compares_decoded_pairs_not_bytes() -> None:
    state = state_of("q=oil prices&outlet=Harbour Times")
    assert is_canonical("q=oil+prices&outlet=Harbour+Times", state)
    assert is_canonical("q=oil%20prices&outlet=Harbour%20Times", state)
    assert not is_canonical("outlet=Harbour+Times&q=oil+prices", state)
    assert not is_canonical("q=oil+prices&outlet=Harbour+Times&utm_source=x", state)


def test_whitespace_in_query_is_folded() -> None:
    assert state_of("q=%20%20oil%20%20%20prices%20").query == "oil prices"


def test_value_both_chosen_and_excluded_is_excluded() -> None:
    state = state_of("outlet=a&not_outlet=a")
    assert state.include == {} and state.exclude == {"outlet": ("a",)}


def test_toggle_exclude_and_remove_links() -> None:
    state = state_of("q=oil&outlet=a&page=3")
    added = state.toggled("outlet", "b")
    assert added.include["outlet"] == ("a", "b") and added.page == 1
    assert state.toggled("outlet", "a").include == {}
    excluded = state.excluded("outlet", "a")
    assert excluded.include == {} and excluded.exclude == {"outlet": ("a",)}
    assert excluded.excluded("outlet", "a").exclude == {}
    removals = [(f.kind, f.facet, f.value, f.without.query_string()) for f in state.active_filters()]
    assert removals == [("query", "q", "oil", "outlet=a"), ("include", "outlet", "a", "q=oil")]


def test_zoom_sets_inclusive_range_and_resets_interval() -> None:
    state = state_of("interval=week")
    zoomed = state.zoomed(date(2024, 3, 1), date(2024, 4, 1))
    assert (zoomed.date_from, zoomed.date_to, zoomed.interval) == (date(2024, 3, 1), date(2024, 3, 31), None)


def test_paging_keeps_filters() -> None:
    state = state_of("q=oil&outlet=a")
    assert state.at_page(2, "abc").query_string() == "q=oil&outlet=a&page=2&cursor=abc"


@pytest.mark.parametrize("query_string, words", [
    ("size=101", "between 1 and 100"),
    ("size=0", "between 1 and 100"),
    ("size=ten", "whole number"),
    ("page=51", "between 1 and 50"),
    ("q=" + "x" * 101, "longer than 100"),
    ("from=2024-13-01", "must look like"),
    ("from=2024-02-01&to=2024-01-01", "after"),
    ("sort=random", "must be one of"),
    ("interval=hour", "must be one of"),
    ("&".join(f"outlet=v{n}" for n in range(51)), "At most 50"),
])
def test_bounds_raise_param_error(query_string: str, words: str) -> None:
    with pytest.raises(ParamError, match=words):
        state_of(query_string)


def test_cursor_pages_may_go_deeper_than_max_page() -> None:
    assert state_of("page=400&cursor=abc").page == 400


def test_collapse_is_written_only_where_it_differs_from_the_readers_default() -> None:
    from urllib.parse import parse_qsl

    from newsfacet.webapp.state import API_COLLAPSE

    folded = state_of("q=oil&page=3")  # the page's default: one per story
    assert folded.collapse and folded.query_string() == "q=oil&page=3"
    assert folded.for_api().query_string() == "q=oil&collapse=1&page=3"
    every = folded.changed(collapse=False)
    assert every.query_string() == "q=oil&collapse=0"  # a change of view starts at page 1
    assert state_of("collapse=0&sort=oldest").query_string() == "sort=oldest&collapse=0"
    assert state_of("collapse=0&sort=newest").query_string() == "collapse=0"  # newest: the default with no query
    api = parse_state(MultiDict(parse_qsl("q=oil")), LIMITS, API_COLLAPSE)
    assert not api.collapse and api.query_string() == "q=oil" and api.for_page().query_string() == "q=oil&collapse=0"
    assert api.for_page() == every  # the same search, whichever reader wrote it
    assert state_of("collapse=1") == state_of("") and state_of("collapse=1").query_string() == ""


@pytest.mark.parametrize("value", ["2", "on", "True", "01", "1.0", "٣", " 1x"])
def test_collapse_takes_only_one_or_zero(value: str) -> None:
    with pytest.raises(ParamError, match="'collapse' must be 1"):
        state_of(f"collapse={value}")
