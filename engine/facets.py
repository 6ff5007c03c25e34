"""Facet definitions and the facet rules both backends share.

Rules, written once here: OR between the selected values of one facet, AND across facets;
excluded values remove matching documents; each facet is counted under every filter except its
own selection, so its other values stay visible with correct counts. Backends only translate the
neutral filters below into their own queries.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine.search import SearchRequest


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    field: str


FACETS: dict[str, Facet] = {f.name: f for f in (
    Facet("outlet", "Outlet", "outlet"),
    Facet("language", "Language", "language"),
    Facet("author", "Author", "author"),
    Facet("topic", "Topic", "topic"),
    Facet("person", "Person", "person"),
    Facet("organization", "Organization", "organization"),
    Facet("location", "Location", "location"),
)}
FACET_NAMES = tuple(FACETS)


@dataclass(frozen=True)
class ValueFilter:
    """Documents whose `field` holds any of `values` (or, when `exclude`, none of them)."""

    field: str
    values: tuple[str, ...]
    exclude: bool = False


@dataclass(frozen=True)
class DateFilter:
    """Documents published in [start, end): UTC datetimes, either side open when None."""

    start: datetime | None
    end: datetime | None


Filter = ValueFilter | DateFilter


def request_filters(request: SearchRequest, leave_out: str | None = None) -> list[Filter]:
    """Every filter the request asks for, except the selection of facet `leave_out`."""
    filters: list[Filter] = []
    for name, selection in sorted(request.selections.items()):
        if name == leave_out:
            continue
        field = FACETS[name].field
        if selection.include:
            filters.append(ValueFilter(field, selection.include))
        if selection.exclude:
            filters.append(ValueFilter(field, selection.exclude, exclude=True))
    date = date_filter(request)
    if date is not None:
        filters.append(date)
    return filters


def date_filter(request: SearchRequest) -> DateFilter | None:
    """The request's inclusive day range as a half-open UTC datetime range."""
    if request.date_from is None and request.date_to is None:
        return None
    start = datetime.combine(request.date_from, time(), UTC) if request.date_from else None
    end = (datetime.combine(request.date_to, time(), UTC) + timedelta(days=1)
           if request.date_to else None)
    return DateFilter(start, end)


@dataclass(frozen=True)
class AggregationGroup:
    """Facets that are counted under the same filters; `leave_out` is the facet whose own
    selection is dropped (None for the group of unselected facets, the histogram and the hits)."""

    leave_out: str | None
    facets: tuple[str, ...]
    filters: tuple[Filter, ...]


def aggregation_groups(request: SearchRequest) -> list[AggregationGroup]:
    """Split the requested facets into groups that share filters.

    Unselected facets share one group with the full filter set; each facet with a selection gets a
    group of its own that leaves that selection out. The first group is always the full one.
    """
    selected = {name for name, sel in request.selections.items() if sel.include or sel.exclude}
    wanted = [name for name in request.facets if name in FACETS]
    groups = [AggregationGroup(None, tuple(n for n in wanted if n not in selected),
                               tuple(request_filters(request)))]
    for name in wanted:
        if name in selected:
            groups.append(AggregationGroup(name, (name,), tuple(request_filters(request, name))))
    return groups
