"""The search state a URL holds, read from request parameters and written back in one canonical form.

Canonical order: q; include values (facets by name, values sorted); exclude values (`not_<facet>`,
same order); from; to; interval; sort; collapse; exact; size; page; cursor. Defaults and empty values are
left out, so one search has exactly one link. Paging is reset by every change except moving between
pages.

`collapse` (one hit per story) defaults differ by reader: on for the HTML page, off for the machine
twins (JSON, Atom, CSV, JSON lines), so a link written for one names it when it differs from that
reader's default (`for_page` / `for_api`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, quote_plus

from newsfacet.engine.facets import facet_names
from newsfacet.engine.params import (
    EXCLUDE_PREFIX,
    Limits,
    ParamError,
    SearchParams,
    default_sort,
    effective_sort,
    known_params,
    parse_choice,
    parse_query_text,
    parse_search,
    parse_selections,
    search_request,
)
from newsfacet.engine.search import SORTS, SearchRequest
from werkzeug.datastructures import MultiDict

__all__ = ["EXCLUDE_PREFIX", "Limits", "ParamError", "SearchState", "known_params", "parse_state"]

MAX_TYPED_DATE = 40  # characters of a refused date shown back in the form
PAGE_COLLAPSE = True  # the HTML page shows one hit per story unless `collapse=0`
API_COLLAPSE = False  # the JSON API and exports list every article unless `collapse=1`


@dataclass(frozen=True)
class ActiveFilter:
    """One active filter: kind is query, include, exclude or dates; `without` drops it."""

    kind: str
    facet: str
    value: str
    without: SearchState


@dataclass(frozen=True)
class SearchState(SearchParams):
    """Everything that decides which results a page shows, and the links that change it; immutable,
    built by `parse_state`. The fields are the parsed parameters; `default_size` decides which page
    size the canonical URL leaves out."""

    collapse: bool = PAGE_COLLAPSE  # a bare SearchState() is the page's default search
    default_size: int = field(default=20, compare=False)
    default_collapse: bool = field(default=PAGE_COLLAPSE, compare=False)

    # -- the canonical form ------------------------------------------------------------------
    def pairs(self) -> list[tuple[str, str]]:
        """The URL parameters in canonical order, defaults left out."""
        out: list[tuple[str, str]] = [("q", self.query)] if self.query else []
        for name in sorted(self.include):  # facet names in sorted order, as active_filters lists them
            out += [(name, value) for value in self.include[name]]
        for name in sorted(self.exclude):
            out += [(EXCLUDE_PREFIX + name, value) for value in self.exclude[name]]
        if self.date_from:
            out.append(("from", self.date_from.isoformat()))
        if self.date_to:
            out.append(("to", self.date_to.isoformat()))
        if self.undated:
            out.append(("undated", "1"))
        if self.interval:
            out.append(("interval", self.interval))
        if effective_sort(self.query, self.sort) != default_sort(self.query):
            out.append(("sort", self.sort))
        if self.collapse != self.default_collapse:
            out.append(("collapse", "1" if self.collapse else "0"))
        if self.exact:
            out.append(("exact", "1"))
        if self.size != self.default_size:
            out.append(("size", str(self.size)))
        if self.page != 1:
            out.append(("page", str(self.page)))
        if self.cursor:
            out.append(("cursor", self.cursor))
        return out

    def query_string(self) -> str:
        # Same bytes as urlencode(); cached quoting because a page builds hundreds of links.
        return "&".join(f"{_quoted(name)}={_quoted(value)}" for name, value in self.pairs())

    def url(self, path: str = "/search") -> str:
        """Path plus canonical query string (relative to the site root)."""
        query = self.query_string()
        return f"{path}?{query}" if query else path

    def for_page(self) -> SearchState:
        """The same search, its links written for the HTML page's defaults."""
        return self.copy(default_collapse=PAGE_COLLAPSE)

    def for_api(self) -> SearchState:
        """The same search, its links written for the machine twins' defaults."""
        return self.copy(default_collapse=API_COLLAPSE)

    # -- derived states (each a new link) ----------------------------------------------------
    def copy(self, **changes: Any) -> SearchState:
        """`dataclasses.replace` without its per-field checks: a page builds hundreds of links."""
        clone = object.__new__(SearchState)
        clone.__dict__.update(self.__dict__, **changes)
        return clone

    def changed(self, **changes: Any) -> SearchState:
        """A new state with paging reset (any change of the result set starts at page 1)."""
        return self.copy(page=1, cursor=None, **changes)

    def toggled(self, facet: str, value: str) -> SearchState:
        """Select the value (OR with others) or, if selected or excluded, clear it."""
        if value in self.include.get(facet, ()) or value in self.exclude.get(facet, ()):
            return self.without_value(facet, value)
        return self.with_value(facet, value)

    def with_value(self, facet: str, value: str) -> SearchState:
        """Select the value (OR with the facet's other selected values)."""
        return self.changed(include=_with(self.include, facet, value),
                            exclude=_without(self.exclude, facet, value))

    def excluded(self, facet: str, value: str) -> SearchState:
        """Exclude the value (dropping it from the selection), or clear an existing exclusion."""
        if value in self.exclude.get(facet, ()):
            return self.without_value(facet, value)
        return self.changed(include=_without(self.include, facet, value),
                            exclude=_with(self.exclude, facet, value))

    def without_value(self, facet: str, value: str) -> SearchState:
        return self.changed(include=_without(self.include, facet, value),
                            exclude=_without(self.exclude, facet, value))

    def only(self, facet: str, value: str) -> SearchState:
        """Just this one filter, nothing else: the link behind an entity chip on an article page."""
        return SearchState(include={facet: (value,)}, size=self.default_size, default_size=self.default_size)

    def zoomed(self, start: date, end_exclusive: date) -> SearchState:
        """Narrow the date range to one histogram period; the interval is chosen afresh."""
        return self.changed(date_from=start, date_to=end_exclusive - timedelta(days=1), interval=None)

    def at_page(self, page: int, cursor: str | None = None) -> SearchState:
        return self.copy(page=page, cursor=cursor)

    def has_filters(self) -> bool:
        return bool(self.include or self.exclude or self.date_from or self.date_to or self.undated)

    def active_filters(self) -> list[ActiveFilter]:
        """Every active filter with the state without it, for 'remove' links."""
        removals = [ActiveFilter("query", "q", self.query, self.changed(query=""))] if self.query else []
        for name in sorted(facet_names()):
            removals += [ActiveFilter("include", name, value, self.without_value(name, value))
                         for value in self.include.get(name, ())]
            removals += [ActiveFilter("exclude", name, value, self.without_value(name, value))
                         for value in self.exclude.get(name, ())]
        if self.date_from or self.date_to:
            span = f"{self.date_from or '…'} to {self.date_to or '…'}"
            removals.append(ActiveFilter("dates", "published", span,
                                         self.changed(date_from=None, date_to=None, interval=None)))
        if self.undated:
            removals.append(ActiveFilter("dates", "published", "no date", self.changed(undated=False)))
        return removals

    # -- to the engine -----------------------------------------------------------------------
    def to_request(self, facet_size: int = 10, **overrides: Any) -> SearchRequest:
        """The engine request for this state (raises `RequestError` for what the engine refuses)."""
        return search_request(self, facet_size=facet_size, **overrides)

    def echo(self) -> dict[str, Any]:
        """The state as JSON, for the API's request echo."""
        return {"q": self.query, "include": {k: list(v) for k, v in self.include.items()},
                "exclude": {k: list(v) for k, v in self.exclude.items()},
                "from": self.date_from and self.date_from.isoformat(),
                "to": self.date_to and self.date_to.isoformat(), "interval": self.interval,
                "sort": self.sort, "collapse": self.collapse, "size": self.size, "page": self.page,
                "cursor": self.cursor, "undated": self.undated, "exact": self.exact}


@lru_cache(maxsize=4096)
def _quoted(text: str) -> str:
    return quote_plus(text)


def _with(chosen: dict[str, tuple[str, ...]], facet: str, value: str) -> dict[str, tuple[str, ...]]:
    values = tuple(sorted({*chosen.get(facet, ()), value}))
    return {**chosen, facet: values}


def _without(chosen: dict[str, tuple[str, ...]], facet: str, value: str) -> dict[str, tuple[str, ...]]:
    values = tuple(v for v in chosen.get(facet, ()) if v != value)
    rest = {name: vals for name, vals in chosen.items() if name != facet}
    return {**rest, facet: values} if values else rest


# -- parsing ----------------------------------------------------------------------------------
def parse_state(args: MultiDict, limits: Limits, default_collapse: bool = PAGE_COLLAPSE) -> SearchState:
    """Read and bound the search parameters (engine.params, shared with the CLI); `ParamError`
    names the first one out of bounds. `default_collapse`: PAGE_COLLAPSE or API_COLLAPSE."""
    params = parse_search(args.to_dict(flat=False), limits, default_collapse)
    return SearchState(**params.__dict__, default_size=limits.default_size, default_collapse=default_collapse)


def typed_state(args: MultiDict, limits: Limits) -> tuple[SearchState, dict[str, str]]:
    """What a refused request still says, to fill the form in again: the parts that parse (query,
    facet values) as a state, and the typed dates as text (shown back, never searched)."""
    def part(reader: Any, fallback: Any) -> Any:
        try:
            return reader()
        except ParamError:
            return fallback

    raw = args.to_dict(flat=False)
    query = part(lambda: parse_query_text(args.get("q", ""), limits.max_query_length), "")
    include, exclude = part(lambda: parse_selections(raw), ({}, {}))
    sort = effective_sort(query, part(lambda: parse_choice(args.get("sort", ""), "sort", SORTS, None), None))
    typed = {name: _printable(args.get(name, ""))[:MAX_TYPED_DATE] for name in ("from", "to")}
    state = SearchState(query=query, include=include, exclude=exclude, sort=sort, size=limits.default_size,
                        default_size=limits.default_size)
    return state, typed


def _printable(text: str) -> str:
    return "".join(char for char in text if char.isprintable())


def is_canonical(raw_query: str, state: SearchState) -> bool:
    """Whether the raw query string's parameters, decoded and in their order, are the canonical ones.

    Decoded pairs are compared rather than bytes, so percent-encoding variants never loop.
    """
    return parse_qsl(raw_query, keep_blank_values=True) == state.pairs()
