"""The search state a URL holds, read from request parameters and written back in one canonical form.

Canonical order: q; include values (facets by name, values sorted); exclude values (`not_<facet>`,
same order); from; to; interval; sort; size; page; cursor. Defaults and empty values are left out,
so one search has exactly one link. Paging is reset by every change except moving between pages.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, quote_plus

from werkzeug.datastructures import MultiDict

from engine.facets import FACET_NAMES
from engine.histogram import INTERVALS
from engine.search import MAX_PAGE_SIZE, SORTS, FacetSelection, SearchRequest

EXCLUDE_PREFIX = "not_"
CANONICAL_FACETS = tuple(sorted(FACET_NAMES))
KNOWN_PARAMS = frozenset({"q", "from", "to", "interval", "sort", "size", "page", "cursor",
                          *FACET_NAMES, *(EXCLUDE_PREFIX + name for name in FACET_NAMES)})
MAX_FILTER_VALUES = 50
MAX_VALUE_LENGTH = 300
MAX_CURSOR_LENGTH = 4000
MAX_CURSOR_PAGE = 1_000_000


class ParamError(ValueError):
    """A URL parameter the app refuses; the message is shown to the user with status 400."""


@dataclass(frozen=True)
class Limits:
    """Bounds from the settings table that parameters must respect."""

    default_size: int = 20
    max_page: int = 500
    max_query_length: int = 500

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> Limits:
        return cls(settings["page_size"], settings["max_page"], settings["max_query_length"])


@dataclass(frozen=True)
class ActiveFilter:
    """One active filter: kind is query, include, exclude or dates; `without` drops it."""

    kind: str
    facet: str
    value: str
    without: SearchState


@dataclass(frozen=True)
class SearchState:
    """Everything that decides which results a page shows; immutable, built by `parse_state`."""

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
    default_size: int = field(default=20, compare=False)

    # -- the canonical form ------------------------------------------------------------------
    def pairs(self) -> list[tuple[str, str]]:
        """The URL parameters in canonical order, defaults left out."""
        out: list[tuple[str, str]] = [("q", self.query)] if self.query else []
        for name in sorted(self.include):  # facet names sort as CANONICAL_FACETS does
            out += [(name, value) for value in self.include[name]]
        for name in sorted(self.exclude):
            out += [(EXCLUDE_PREFIX + name, value) for value in self.exclude[name]]
        if self.date_from:
            out.append(("from", self.date_from.isoformat()))
        if self.date_to:
            out.append(("to", self.date_to.isoformat()))
        if self.interval:
            out.append(("interval", self.interval))
        if self.sort != "relevance":
            out.append(("sort", self.sort))
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
        return bool(self.include or self.exclude or self.date_from or self.date_to)

    def active_filters(self) -> list[ActiveFilter]:
        """Every active filter with the state without it, for 'remove' links."""
        removals = [ActiveFilter("query", "q", self.query, self.changed(query=""))] if self.query else []
        for name in CANONICAL_FACETS:
            removals += [ActiveFilter("include", name, value, self.without_value(name, value))
                         for value in self.include.get(name, ())]
            removals += [ActiveFilter("exclude", name, value, self.without_value(name, value))
                         for value in self.exclude.get(name, ())]
        if self.date_from or self.date_to:
            span = f"{self.date_from or '…'} to {self.date_to or '…'}"
            removals.append(ActiveFilter("dates", "published", span,
                                         self.changed(date_from=None, date_to=None, interval=None)))
        return removals

    # -- to the engine -----------------------------------------------------------------------
    def to_request(self, facet_size: int = 10, **overrides: Any) -> SearchRequest:
        """The engine request for this state (raises `RequestError` for what the engine refuses)."""
        selections = {name: FacetSelection(self.include.get(name, ()), self.exclude.get(name, ()))
                      for name in FACET_NAMES if name in self.include or name in self.exclude}
        values: dict[str, Any] = dict(query=self.query, selections=selections, date_from=self.date_from,
                                      date_to=self.date_to, sort=self.sort, page=self.page,
                                      page_size=self.size, cursor=self.cursor, facet_size=facet_size,
                                      interval=self.interval)
        values.update(overrides)
        return SearchRequest(**values)

    def echo(self) -> dict[str, Any]:
        """The state as JSON, for the API's request echo."""
        return {"q": self.query, "include": {k: list(v) for k, v in self.include.items()},
                "exclude": {k: list(v) for k, v in self.exclude.items()},
                "from": self.date_from and self.date_from.isoformat(),
                "to": self.date_to and self.date_to.isoformat(), "interval": self.interval,
                "sort": self.sort, "size": self.size, "page": self.page, "cursor": self.cursor}


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
def parse_state(args: MultiDict, limits: Limits) -> SearchState:
    """Read and bound the search parameters; `ParamError` names the first one out of bounds."""
    query = " ".join(args.get("q", "").split())
    if len(query) > limits.max_query_length:
        raise ParamError(f"The query is longer than {limits.max_query_length} characters; shorten it.")
    include, exclude = _selections(args)
    date_from, date_to = _day(args, "from"), _day(args, "to")
    if date_from and date_to and date_from > date_to:
        raise ParamError("The 'from' date is after the 'to' date.")
    size = _integer(args, "size", limits.default_size, 1, MAX_PAGE_SIZE, "Results per page")
    cursor = args.get("cursor", "").strip() or None
    if cursor and len(cursor) > MAX_CURSOR_LENGTH:
        raise ParamError("The cursor is too long; start again from the first page.")
    deepest = MAX_CURSOR_PAGE if cursor else limits.max_page
    page = _integer(args, "page", 1, 1, deepest, "The page number")
    return SearchState(query=query, include=include, exclude=exclude, date_from=date_from, date_to=date_to,
                       interval=_choice(args, "interval", INTERVALS, None),
                       sort=_choice(args, "sort", SORTS, "relevance"), size=size, page=page,
                       cursor=cursor, default_size=limits.default_size)


def _selections(args: MultiDict) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    include: dict[str, tuple[str, ...]] = {}
    exclude: dict[str, tuple[str, ...]] = {}
    count = 0
    for name in FACET_NAMES:
        excluded = _values(args.getlist(EXCLUDE_PREFIX + name))
        # A value both chosen and excluded is excluded: the safer reading of a contradiction.
        included = tuple(v for v in _values(args.getlist(name)) if v not in excluded)
        count += len(included) + len(excluded)
        if included:
            include[name] = included
        if excluded:
            exclude[name] = excluded
    if count > MAX_FILTER_VALUES:
        raise ParamError(f"At most {MAX_FILTER_VALUES} facet values can be chosen at once.")
    return include, exclude


def _values(raw: list[str]) -> tuple[str, ...]:
    values = {value.strip() for value in raw if value.strip()}
    if any(len(value) > MAX_VALUE_LENGTH for value in values):
        raise ParamError(f"A facet value is longer than {MAX_VALUE_LENGTH} characters.")
    return tuple(sorted(values))


def _day(args: MultiDict, name: str) -> date | None:
    raw = args.get(name, "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ParamError(f"The '{name}' date must look like 2024-03-31, not {raw[:40]!r}.") from None


def _integer(args: MultiDict, name: str, default: int, low: int, high: int, label: str) -> int:
    raw = args.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or len(raw) > 9:
        raise ParamError(f"{label} ('{name}') must be a whole number.")
    value = int(raw)
    if not low <= value <= high:
        raise ParamError(f"{label} ('{name}') must be between {low} and {high}.")
    return value


def _choice(args: MultiDict, name: str, allowed: tuple[str, ...], default: str | None) -> str | None:
    raw = args.get(name, "").strip()
    if not raw:
        return default
    if raw not in allowed:
        raise ParamError(f"'{name}' must be one of {', '.join(allowed)}.")
    return raw


def is_canonical(raw_query: str, state: SearchState) -> bool:
    """Whether the raw query string's parameters, decoded and in their order, are the canonical ones.

    Decoded pairs are compared rather than bytes, so percent-encoding variants never loop.
    """
    return parse_qsl(raw_query, keep_blank_values=True) == state.pairs()
