"""The facet registry and the facet rules both backends share.

One `Facet` object per facet owns everything about it (values, query aliases, tantivy fields,
Elasticsearch path, filter and count); everything that lists facets reads `FACETS` at call time, so
`register_facet` is the one step that adds a facet.

Rules, written once here: OR between the selected values of one facet, AND across facets;
excluded values remove matching documents; each facet is counted under every filter except its
own selection, so its other values stay visible with correct counts. Backends only translate the
neutral filters below into their own queries.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from newsfacet.engine.model import Article

if TYPE_CHECKING:
    from newsfacet.engine.search import FacetSelection, SearchRequest

# Where Elasticsearch keeps the values of facets that are not a field of the stored Article.
DERIVED_ES_OBJECT = "facets"
# Query fields that are not facets (engine.query); no facet or alias may take their names.
TEXT_FIELDS = ("title",)


@dataclass(frozen=True)
class ValueFilter:
    """Documents whose facet `facet` holds any of `values` (or, when `exclude`, none of them)."""

    facet: str
    values: tuple[str, ...]
    exclude: bool = False


# The field both engines index with the calendar day the outlet printed (Article.local_day, as that
# day's UTC midnight; schema 4): date filters and the histogram count it, so 06:30+09:00 on 22 January
# is on the 22nd. An index older than it counts the UTC day of `published` instead.
LOCAL_DAY_FIELD = "published_day"
UTC_INSTANT_FIELD = "published"


@dataclass(frozen=True)
class DateFilter:
    """Documents whose local day (LOCAL_DAY_FIELD) lies in [start, end), both UTC midnights; either
    side open when None."""

    start: datetime | None
    end: datetime | None
    undated: bool = False  # instead: documents without any publication day (the `undated` filter)


@dataclass(frozen=True)
class SampleFilter:
    """Documents whose sample key (engine.sampling) is below `below`: the sample a count pass counts."""

    below: int


@dataclass(frozen=True)
class IdFilter:
    """Only the articles with these ids (SearchRequest.ids)."""

    ids: tuple[str, ...]


Filter = ValueFilter | DateFilter | SampleFilter | IdFilter


@dataclass(frozen=True)
class TermsCount:
    """A primitive every backend runs: the `size` most frequent values of `facet` (optionally only
    those starting with `prefix`, case-insensitively) under some filters."""

    facet: str
    size: int
    prefix: str = ""


@dataclass(frozen=True)
class Facet:
    """Everything about one facet; the backends, the query language and the views read it from here.

    `values` yields an article's keyword values; `stored`, when given, yields the same from the
    stored `Article.to_dict()` so hits need not rebuild the Article. `es_path` is where the stored
    Article already holds them in Elasticsearch; None means a derived facet, written under
    `facets.<name>` at index time.
    `queryable` facets answer `name:value` (and each alias) on a word-analysed twin of the keyword
    field. `shown` facets appear in the web sidebar, in registry order.
    """

    name: str
    label: str
    values: Callable[[Article], list[str]]
    stored: Callable[[dict[str, Any]], list[str]] | None = None
    es_path: str | None = None
    aliases: tuple[str, ...] = ()
    queryable: bool = True
    shown: bool = True
    labels: Mapping[str, str] = field(default_factory=dict)  # value -> the name a page shows for it
    single_valued: bool = False  # an article holds at most one value (then selected values' counts add up)

    def label_of(self, value: str) -> str:
        return self.labels.get(value, value)

    def value_of(self, typed: str) -> str:
        """The value a user means by `typed`: a shown label (any case) stands for its value."""
        wanted = typed.casefold()
        return next((value for value, label in self.labels.items() if label.casefold() == wanted), typed)

    def stored_values(self, data: dict[str, Any]) -> list[str]:
        """The values from a stored `Article.to_dict()` (what search hits carry)."""
        if self.stored is not None:
            return self.stored(data)
        return self.values(Article.from_dict(data))

    @property
    def tantivy_field(self) -> str:
        """The raw keyword field that is counted and filtered on."""
        return self.name

    @property
    def tantivy_text_field(self) -> str:
        """The word-analysed twin, for `person:obama` style queries."""
        return f"{self.name}_text"

    @property
    def elasticsearch_path(self) -> str:
        """The keyword property in the document; its `.text` sub-field is the word twin."""
        return self.es_path or f"{DERIVED_ES_OBJECT}.{self.name}"

    @property
    def column(self) -> str:
        """The export column: the Article's own field name (`authors`, `person`), else the facet name."""
        return self.elasticsearch_path.rsplit(".", 1)[-1] if self.es_path else self.name

    @property
    def derived(self) -> bool:
        """True when the values are not already part of the stored Article."""
        return self.es_path is None

    def filters(self, selection: FacetSelection) -> list[ValueFilter]:
        """The filters a selection of this facet adds: OR within its chosen values, minus the excluded."""
        filters = []
        if selection.include:
            filters.append(ValueFilter(self.name, selection.include))
        if selection.exclude:
            filters.append(ValueFilter(self.name, selection.exclude, exclude=True))
        return filters

    def aggregation(self, size: int, prefix: str = "") -> TermsCount:
        """The count this facet asks for: its `size` most frequent values (starting with `prefix`)."""
        return TermsCount(self.name, size, prefix)


def _one(value: str | None) -> list[str]:
    return [value] if value else []


def _entities(kind: str) -> Callable[[Article], list[str]]:
    return lambda article: list(article.entities.get(kind, []))


def _stored_entities(kind: str) -> Callable[[dict[str, Any]], list[str]]:
    return lambda data: list((data.get("entities") or {}).get(kind) or [])


def _stored_one(key: str) -> Callable[[dict[str, Any]], list[str]]:
    return lambda data: _one(data.get(key))


def _stored_list(key: str) -> Callable[[dict[str, Any]], list[str]]:
    return lambda data: list(data.get(key) or [])


FACETS: dict[str, Facet] = {}


def register_facet(facet: Facet) -> Facet:
    """Add a facet (after the others); backends opened afterwards index, count and filter it."""
    if facet.name in FACETS or facet.name in TEXT_FIELDS:
        raise ValueError(f"a facet or field named {facet.name!r} exists already")
    if not facet.name.isidentifier() or facet.name.startswith("_"):
        # `_` names are the backends' own aggregation keys (`_dates`); names are URL parameters too.
        raise ValueError(f"a facet name is a plain identifier without a leading '_', not {facet.name!r}")
    taken = {alias: f.name for f in FACETS.values() for alias in f.aliases}
    clash = [alias for alias in facet.aliases if alias in taken or alias in FACETS or alias in TEXT_FIELDS]
    if clash:
        raise ValueError(f"alias {clash[0]!r} is taken")
    FACETS[facet.name] = facet
    return facet


def unregister_facet(name: str) -> None:
    """Remove a facet added with `register_facet` (tests that add one take it away again)."""
    del FACETS[name]


def facet_names() -> tuple[str, ...]:
    """Every registered facet name, in registry order."""
    return tuple(FACETS)


def shown_facets() -> tuple[str, ...]:
    """The facets the web sidebar shows, in order."""
    return tuple(name for name, facet in FACETS.items() if facet.shown)


def query_field_aliases() -> dict[str, str]:
    """Alias -> facet name for every queryable facet."""
    return {alias: facet.name for facet in FACETS.values() if facet.queryable for alias in facet.aliases}


def queryable_facets() -> tuple[str, ...]:
    """The facets a query may name as `name:value`."""
    return tuple(name for name, facet in FACETS.items() if facet.queryable)


def value_search_chars(typed: str) -> list[str]:
    """The facet value search (`Petrov` finds `Oleg Petrov`, `nunez` finds `José Núñez`): each typed
    character as the characters a value may hold in its place, both cases and accented forms.
    The backends write these as their regex syntax, matching at the start of any word of a value."""
    return [_LETTER_FORMS.get(_base_letter(char).lower()) or _cases(char) for char in typed]


def _cases(char: str) -> str:
    """The character in both cases (Cyrillic, Greek...), when each is one character."""
    return "".join(sorted({char, *(c for c in (char.lower(), char.upper()) if len(c) == 1)}))


def _base_letter(char: str) -> str:
    return unicodedata.normalize("NFD", char)[0] if char.isalpha() else char


def _letter_forms() -> dict[str, str]:
    """Base letter -> it and its precomposed accented forms (Latin letters up to U+024F), both cases."""
    forms: dict[str, set[str]] = {}
    for code in range(0x41, 0x250):
        char = chr(code)
        if char.isalpha() and char.lower() != char.upper():
            forms.setdefault(_base_letter(char).lower(), set()).update({char, char.lower(), char.upper()})
    return {base: "".join(sorted(chars)) for base, chars in forms.items() if len(base) == 1}


_LETTER_FORMS = _letter_forms()


# The names pages show for language codes; a query may type either (`language:English`).
LANGUAGE_NAMES = {"en": "English", "de": "German", "fr": "French", "ru": "Russian", "ko": "Korean",
                  "es": "Spanish", "it": "Italian", "pt": "Portuguese", "nl": "Dutch", "ja": "Japanese",
                  "zh": "Chinese", "ar": "Arabic", "sw": "Swahili", "ha": "Hausa", "yo": "Yoruba",
                  "am": "Amharic", "und": "Undetermined"}

for _facet in (
    Facet("outlet", "Outlet", lambda a: _one(a.outlet), _stored_one("outlet"), "outlet", aliases=("site",),
          single_valued=True),
    Facet("topic", "Topic", lambda a: list(a.topics), _stored_list("topics"), "topics"),
    Facet("language", "Language", lambda a: _one(a.language), _stored_one("language"), "language",
          aliases=("lang",), labels=LANGUAGE_NAMES, single_valued=True),
    Facet("person", "Person", _entities("person"), _stored_entities("person"), "entities.person"),
    Facet("organization", "Organization", _entities("organization"), _stored_entities("organization"),
          "entities.organization", aliases=("org", "organisation")),
    Facet("location", "Location", _entities("location"), _stored_entities("location"), "entities.location",
          aliases=("place",)),
    Facet("author", "Author", lambda a: list(a.authors), _stored_list("authors"), "authors"),
):
    register_facet(_facet)


def request_filters(request: SearchRequest, leave_out: str | None = None) -> list[Filter]:
    """Every filter the request asks for, except the selection of facet `leave_out`."""
    filters: list[Filter] = []
    for name, selection in sorted(request.selections.items()):
        if name == leave_out:
            continue
        filters += FACETS[name].filters(selection)
    date = date_filter(request)
    if date is not None:
        filters.append(date)
    if request.ids:
        filters.append(IdFilter(request.ids))
    return filters


def date_filter(request: SearchRequest) -> DateFilter | None:
    """The request's inclusive day range as half-open day bounds (see DateFilter), or undated only."""
    if request.undated:
        return DateFilter(None, None, undated=True)
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
