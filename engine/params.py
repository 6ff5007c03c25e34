"""One parsing layer for every search parameter, shared by the web pages, the JSON API and the CLI.

Raw text in (URL parameters, or CLI options under the same names), bounded values out, or a
`ParamError` whose message a user can act on. Whole numbers are ASCII digits only (`²`, `٣`, `１`
are refused although Python's `int()` takes some), dates are `YYYY-MM-DD` within
`EARLIEST_DAY..LATEST_DAY`, every text has a length cap. The query's syntax and nesting depth are
checked by `engine.query.parse_query`, which every caller runs before searching.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from newsfacet.engine.facets import facet_names
from newsfacet.engine.histogram import INTERVALS
from newsfacet.engine.limits import (
    EARLIEST_DAY,
    LATEST_DAY,
    MAX_CURSOR_LENGTH,
    MAX_FILTER_VALUES,
    MAX_NUMBER_DIGITS,
    MAX_PAGE_SIZE,
    MAX_PREFIX_LENGTH,
    MAX_RESULT_WINDOW,
    MAX_VALUE_LENGTH,
)
from newsfacet.engine.search import SORTS, FacetSelection, SearchRequest

EXCLUDE_PREFIX = "not_"
STATE_PARAMS = ("q", "from", "to", "undated", "interval", "sort", "collapse", "exact", "size", "page", "cursor")
# How a yes/no parameter is written: one canonical spelling each, so one search has one link.
FLAG_VALUES = {"1": True, "0": False}
_WHOLE_NUMBER = re.compile(rf"[0-9]{{1,{MAX_NUMBER_DIGITS}}}", re.ASCII)
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_CURSOR_CHARS = re.compile(r"[A-Za-z0-9_.-]+", re.ASCII)
# Control characters and unpaired surrogates (a CLI argument that was not UTF-8) match nothing in
# an index and break XML feeds and terminals, so text holding them is refused.
_REFUSED_CATEGORIES = ("Cc", "Cs")


class ParamError(ValueError):
    """A parameter the app refuses; the message is shown to the user (web: status 400; CLI: exit 2)."""


def known_params() -> frozenset[str]:
    """Every URL parameter of the search state: the fixed ones and two per registered facet."""
    names = facet_names()
    return frozenset({*STATE_PARAMS, *names, *(EXCLUDE_PREFIX + name for name in names)})


@dataclass(frozen=True)
class Limits:
    """Bounds from the settings table that parameters must respect."""

    default_size: int = 20
    max_page: int = 500
    max_query_length: int = 500

    @classmethod
    def from_settings(cls, settings: dict[str, Any], default_size: int | None = None) -> Limits:
        return cls(default_size or settings["page_size"], settings["max_page"], settings["max_query_length"])


@dataclass(frozen=True)
class SearchParams:
    """A search as parsed from parameters: every value checked, bounded and normalized."""

    query: str = ""
    include: dict[str, tuple[str, ...]] = field(default_factory=dict)
    exclude: dict[str, tuple[str, ...]] = field(default_factory=dict)
    date_from: date | None = None
    date_to: date | None = None
    interval: str | None = None
    sort: str = "relevance"
    size: int = 20
    page: int = 1
    cursor: str | None = None
    collapse: bool = False  # one hit per story (engine.collapse)
    undated: bool = False  # only articles without a publication day
    exact: bool = False  # facet and histogram counts over every match, never a sample (engine.sampling)


def parse_search(values: Mapping[str, Sequence[str]], limits: Limits,
                 default_collapse: bool = False) -> SearchParams:
    """Read and bound the search parameters (name -> raw values); `ParamError` names the first bad one.

    `default_collapse` is what an absent `collapse` means: the web page groups by story, the API not.
    """
    def first(name: str) -> str:
        found = values.get(name) or ()
        return found[0] if found else ""

    query = parse_query_text(first("q"), limits.max_query_length)
    include, exclude = parse_selections(values)
    date_from, date_to = parse_day(first("from"), "from"), parse_day(first("to"), "to")
    if date_from and date_to and date_from > date_to:
        raise ParamError("The 'from' date is after the 'to' date.")
    undated = parse_flag(first("undated"), "undated", False)
    if undated and (date_from or date_to):
        raise ParamError("Undated articles have no date: choose either 'undated' or a date range.")
    size = parse_whole_number(first("size"), "size", "Results per page", 1, MAX_PAGE_SIZE, limits.default_size)
    cursor = parse_cursor(first("cursor"))
    page = parse_whole_number(first("page"), "page", "The page number", 1, deepest_page(size, cursor, limits), 1)
    return SearchParams(query=query, include=include, exclude=exclude, date_from=date_from, date_to=date_to,
                        interval=parse_choice(first("interval"), "interval", INTERVALS, None),
                        sort=effective_sort(query, parse_choice(first("sort"), "sort", SORTS, None)),
                        size=size, page=page, cursor=cursor,
                        collapse=parse_flag(first("collapse"), "collapse", default_collapse),
                        undated=undated, exact=parse_flag(first("exact"), "exact", False))


def default_sort(query: str) -> str:
    """Relevance ranks the matches of a query; with no query there is nothing to rank: newest first."""
    return "relevance" if query else "newest"


def effective_sort(query: str, sort: str | None) -> str:
    """The order a search runs in: the asked one, the default when none, and never 'relevance'
    without a query (it would be index order)."""
    if not sort or (sort == "relevance" and not query):
        return default_sort(query)
    return sort


def deepest_page(size: int, cursor: str | None, limits: Limits) -> int:
    """The last page reachable: `max_page` by number, the result window with a cursor."""
    in_window = (MAX_RESULT_WINDOW - size) // size + 1
    return in_window if cursor else min(limits.max_page, in_window)


def parse_query_text(raw: str, max_length: int) -> str:
    """The query with whitespace collapsed; refused when too long or holding control characters."""
    query = " ".join(raw.split())
    if len(query) > max_length:
        raise ParamError(f"The query is longer than {max_length} characters; shorten it.")
    _refuse_control_characters(query, "The query")
    return query


def parse_selections(values: Mapping[str, Sequence[str]]) -> tuple[dict[str, tuple[str, ...]],
                                                                    dict[str, tuple[str, ...]]]:
    """Chosen (`<facet>`) and excluded (`not_<facet>`) values per facet, sorted, at most MAX_FILTER_VALUES."""
    include: dict[str, tuple[str, ...]] = {}
    exclude: dict[str, tuple[str, ...]] = {}
    count = 0
    for name in facet_names():
        excluded = parse_values(values.get(EXCLUDE_PREFIX + name) or ())
        # A value both chosen and excluded is excluded: the safer reading of a contradiction.
        included = tuple(v for v in parse_values(values.get(name) or ()) if v not in excluded)
        count += len(included) + len(excluded)
        if included:
            include[name] = included
        if excluded:
            exclude[name] = excluded
    if count > MAX_FILTER_VALUES:
        raise ParamError(f"At most {MAX_FILTER_VALUES} facet values can be chosen at once.")
    return include, exclude


def parse_values(raw: Sequence[str]) -> tuple[str, ...]:
    """Distinct, stripped, non-empty facet values, sorted."""
    if len(raw) > MAX_FILTER_VALUES:
        raise ParamError(f"At most {MAX_FILTER_VALUES} facet values can be chosen at once.")
    values = {value.strip() for value in raw if value.strip()}
    for value in values:
        if len(value) > MAX_VALUE_LENGTH:
            raise ParamError(f"A facet value is longer than {MAX_VALUE_LENGTH} characters.")
        _refuse_control_characters(value, "A facet value")
    return tuple(sorted(values))


def parse_day(raw: str, name: str) -> date | None:
    """A UTC day written YYYY-MM-DD within the supported range, or None when empty."""
    text = raw.strip()
    if not text:
        return None
    try:
        day = date.fromisoformat(text) if _DAY.fullmatch(text) else None
    except ValueError:
        day = None
    if day is None:
        raise ParamError(f"The '{name}' date must look like 2024-03-31, not {text[:40]!r}.")
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise ParamError(f"The '{name}' date must lie between {EARLIEST_DAY} and {LATEST_DAY}.")
    return day


def parse_whole_number(raw: str, name: str, label: str, low: int, high: int, default: int) -> int:
    """ASCII digits within low..high (the default when empty)."""
    text = raw.strip()
    if not text:
        return default
    if not _WHOLE_NUMBER.fullmatch(text):
        raise ParamError(f"{label} ('{name}') must be a whole number written with the digits 0-9, "
                         f"between {low} and {high}.")
    value = int(text)
    if not low <= value <= high:
        raise ParamError(f"{label} ('{name}') must be between {low} and {high}.")
    return value


def parse_choice(raw: str, name: str, allowed: tuple[str, ...], default: str | None) -> str | None:
    text = raw.strip()
    if not text:
        return default
    if text not in allowed:
        raise ParamError(f"'{name}' must be one of {', '.join(allowed)}.")
    return text


def parse_flag(raw: str, name: str, default: bool) -> bool:
    """`1` (yes) or `0` (no); the default when empty."""
    text = raw.strip()
    if not text:
        return default
    if text not in FLAG_VALUES:
        raise ParamError(f"'{name}' must be 1 (yes) or 0 (no), not {text[:20]!r}.")
    return FLAG_VALUES[text]


def parse_cursor(raw: str) -> str | None:
    """The cursor's text if it could be one (length, alphabet); the engine checks its signature."""
    text = raw.strip()
    if not text:
        return None
    if len(text) > MAX_CURSOR_LENGTH or not _CURSOR_CHARS.fullmatch(text):
        raise ParamError("The cursor is damaged; start again from the first page.")
    return text


def parse_prefix(raw: str) -> str:
    """The text a facet page's value search starts with."""
    text = raw.strip()
    if len(text) > MAX_PREFIX_LENGTH:
        raise ParamError(f"The facet search text is longer than {MAX_PREFIX_LENGTH} characters.")
    _refuse_control_characters(text, "The facet search text")
    return text


def search_request(params: SearchParams | Any, **overrides: Any) -> SearchRequest:
    """The engine request for parsed parameters (anything with SearchParams' fields)."""
    selections = {name: FacetSelection(params.include.get(name, ()), params.exclude.get(name, ()))
                  for name in facet_names() if name in params.include or name in params.exclude}
    values: dict[str, Any] = dict(query=params.query, selections=selections, date_from=params.date_from,
                                  date_to=params.date_to, sort=effective_sort(params.query, params.sort),
                                  page=params.page,
                                  page_size=params.size, cursor=params.cursor, interval=params.interval,
                                  collapse=params.collapse, undated=params.undated, exact=params.exact)
    values.update(overrides)
    return SearchRequest(**values)


def _refuse_control_characters(text: str, what: str) -> None:
    if any(unicodedata.category(char) in _REFUSED_CATEGORIES for char in text):
        raise ParamError(f"{what} contains a control character or bytes that are not UTF-8; remove them.")
