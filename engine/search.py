"""What a search asks for and what it gets back, the same for every backend and every view."""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from newsfacet.engine.cursor import PROCESS_KEY, open_cursor, sign_cursor
from newsfacet.engine.facets import FACETS, facet_names
from newsfacet.engine.histogram import INTERVALS, HistogramBucket, coarsening_note
from newsfacet.engine.limits import (
    EARLIEST_DAY,
    LATEST_DAY,
    MAX_FACET_SIZE,
    MAX_PAGE_SIZE,
    MAX_QUERY_LENGTH,
    MAX_RESULT_WINDOW,
    RequestError,
)
from newsfacet.engine.model import local_time
from newsfacet.engine.query import Node, parse_query

SORTS = ("relevance", "newest", "oldest")


@dataclass(frozen=True)
class FacetSelection:
    """Values chosen in one facet: documents with any `include` value, and none of `exclude`."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True)
class SearchRequest:
    query: str = ""
    selections: dict[str, FacetSelection] = field(default_factory=dict)
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20
    cursor: str | None = None
    facets: tuple[str, ...] = field(default_factory=facet_names)
    facet_size: int = 10
    histogram: bool = True
    interval: str | None = None
    highlight: bool = True
    collapse: bool = False  # one hit per story (engine/collapse.py)
    undated: bool = False  # only articles without a publication day
    exact: bool = False  # count every match, never a sample (engine.sampling)
    # Only these articles (at most a page of them): how a collapsed page highlights the hits it chose.
    ids: tuple[str, ...] = ()
    # Milliseconds from the search's start after which no more facet counts start (engine.plan);
    # None: no limit. A deployment setting, not part of what the request asks.
    facet_time_limit_ms: float | None = field(default=None, compare=False)
    # Signs and checks cursors; the web app and the CLI pass their own (engine.cursor).
    cursor_key: bytes = field(default=PROCESS_KEY, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        """Raise `RequestError` naming the first parameter out of bounds."""
        if len(self.query) > MAX_QUERY_LENGTH:
            raise RequestError(f"query is longer than {MAX_QUERY_LENGTH} characters")
        if self.sort not in SORTS:
            raise RequestError(f"sort must be one of {', '.join(SORTS)}, not {self.sort!r}")
        if not _whole(self.page_size) or not 1 <= self.page_size <= MAX_PAGE_SIZE:
            raise RequestError(f"page size must be between 1 and {MAX_PAGE_SIZE}")
        if not _whole(self.page) or self.page < 1:
            raise RequestError("page must be 1 or more")
        if len(self.ids) > MAX_PAGE_SIZE:
            raise RequestError(f"at most {MAX_PAGE_SIZE} article ids")
        if self.offset + self.page_size > MAX_RESULT_WINDOW:
            raise RequestError(f"pages end at result {MAX_RESULT_WINDOW:,}; narrow the search or export it")
        if not _whole(self.facet_size) or not 1 <= self.facet_size <= MAX_FACET_SIZE:
            raise RequestError(f"facet size must be between 1 and {MAX_FACET_SIZE}")
        for day in (self.date_from, self.date_to):
            if day is not None and not EARLIEST_DAY <= day <= LATEST_DAY:
                raise RequestError(f"dates must lie between {EARLIEST_DAY} and {LATEST_DAY}")
        if self.interval is not None and self.interval not in INTERVALS:
            raise RequestError(f"interval must be one of {', '.join(INTERVALS)}")
        unknown = [n for n in (*self.selections, *self.facets) if n not in FACETS]
        if unknown:
            raise RequestError(f"unknown facet {unknown[0]!r} (known: {', '.join(facet_names())})")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise RequestError("the 'from' date is after the 'to' date")
        if self.undated and (self.date_from or self.date_to):
            raise RequestError("undated articles have no date to lie between 'from' and 'to'")

    @property
    def parsed(self) -> Node | None:
        """The query's AST, or None for an empty query (which matches every article)."""
        return parse_query(self.query) if self.query.strip() else None

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    def _matching(self) -> dict[str, Any]:
        """What decides which articles match."""
        return {"q": self.query, "selections": {name: asdict(chosen) for name, chosen in self.selections.items()},
                "from": self.date_from, "to": self.date_to, "undated": self.undated, "ids": self.ids}

    def fingerprint(self) -> str:
        """Identifies the result set and page size (not the page): a cursor is only valid for it."""
        data = {**self._matching(), "sort": self.sort, "size": self.page_size, "collapse": self.collapse}
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:32]

    def counts_key(self) -> str:
        """Everything that decides the facet counts and the histogram, as one string: not the page,
        its size, the order, snippets or story collapsing (engine.counts_memo)."""
        data = {**self._matching(), "facets": self.facets, "facet_size": self.facet_size,
                "histogram": self.histogram, "interval": self.interval, "exact": self.exact}
        return json.dumps(data, sort_keys=True, default=str)

    def cache_key(self) -> str:
        """Everything that decides the result (the page and what is counted too), as one string: two
        requests with the same key get the same answer from the same index generation."""
        data = {"result_set": self.fingerprint(), "page": self.page, "cursor": self.cursor, "facets": self.facets,
                "facet_size": self.facet_size, "histogram": self.histogram, "interval": self.interval,
                "highlight": self.highlight, "exact": self.exact}
        return json.dumps(data, sort_keys=True, default=str)


def _whole(value: object) -> bool:
    return type(value) is int


def encode_cursor(request: SearchRequest, position: dict[str, Any]) -> str:
    """A signed, opaque cursor for the page after this one (engine.cursor)."""
    return sign_cursor(request.cursor_key, request.fingerprint(), position)


def decode_cursor(request: SearchRequest) -> dict[str, Any] | None:
    """The backend position in the request's cursor; `RequestError` if it is not this search's."""
    if not request.cursor:
        return None
    return open_cursor(request.cursor_key, request.fingerprint(), request.cursor)


@dataclass(frozen=True)
class StoryVersion:
    """Another version of a hit's story, as a collapsed result lists it."""

    id: str
    title: str
    outlet: str | None
    published: datetime | None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "outlet": self.outlet,
                "published": self.published.isoformat() if self.published else None}


@dataclass
class Hit:
    id: str
    title: str
    url: str | None
    outlet: str | None
    published: datetime | None
    language: str
    authors: list[str]
    entities: dict[str, list[str]]
    snippet: str  # safe HTML: escaped text with <mark> around matches
    score: float | None = None
    topics: list[str] = field(default_factory=list)
    story_id: str = ""  # the story it is a version of (engine/stories.py); its own id when alone
    # Filled in collapsed results only: the story's other versions (at most a few) and how many there are.
    versions: list[StoryVersion] = field(default_factory=list)
    version_count: int = 0
    # Values of every registered facet, for exports that list them (not part of the JSON hit).
    facet_values: dict[str, list[str]] = field(default_factory=dict, repr=False)

    def to_dict(self) -> dict[str, Any]:
        # Field by field, not asdict(): its deep copy was most of a JSON answer's encoding time. Lists
        # are copied (one level is all there is) so the dict never shares them with a cached result.
        data = {name: getattr(self, name) for name in self.__dataclass_fields__ if name != "facet_values"}
        data.update(authors=list(self.authors), topics=list(self.topics),
                    entities={kind: list(names) for kind, names in self.entities.items()},
                    versions=[version.to_dict() for version in self.versions],
                    published=self.published.isoformat() if self.published else None)
        return data

    @classmethod
    def from_stored(cls, data: dict[str, Any], snippet: str, score: float | None = None) -> Hit:
        """A hit straight from a stored `Article.to_dict()`: no Article is rebuilt on the hot path."""
        published = data.get("published")
        return cls(id=data["id"], title=data["title"], url=data.get("url"), outlet=data.get("outlet"),
                   published=local_time(datetime.fromisoformat(published) if published else None,
                                        data.get("published_offset")),
                   language=data.get("language") or "und", authors=list(data.get("authors") or []),
                   entities={kind: list(names) for kind, names in (data.get("entities") or {}).items()},
                   snippet=snippet, score=score, topics=list(data.get("topics") or []),
                   story_id=data.get("story_id") or data["id"],
                   facet_values={name: facet.stored_values(data) for name, facet in FACETS.items()})


@dataclass
class FacetBucket:
    value: str
    count: int
    selected: bool = False
    excluded: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}  # asdict() without its deep copy


@dataclass
class FacetResult:
    name: str
    buckets: list[FacetBucket]
    other_count: int = 0  # documents holding values beyond the listed ones
    truncated: bool = False  # counts may be approximate (the backend bounded the work)
    approximate: bool = False  # counted on a sample of the matches and scaled (engine.sampling)
    timed_out: bool = False  # not counted: the facet time budget ran out first (engine.plan)

    @property
    def has_more(self) -> bool:
        return self.other_count > 0


def facet_result(name: str, raw: list[tuple[str, int]], other: int, request: SearchRequest,
                 truncated: bool = False, approximate: bool = False) -> FacetResult:
    """Buckets marked selected/excluded; chosen values always appear, even with a zero count."""
    selection = request.selections.get(name, FacetSelection())
    counts = dict(raw)
    for value in (*selection.include, *selection.exclude):
        counts.setdefault(value, 0)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    buckets = [FacetBucket(value, count, value in selection.include, value in selection.exclude)
               for value, count in ordered]
    return FacetResult(name, buckets, other, truncated, approximate)


def facet_from_terms(name: str, raw: dict[str, Any], request: SearchRequest,
                     approximate: bool = False) -> FacetResult:
    """A facet from a terms aggregation; tantivy and Elasticsearch answer in the same shape."""
    buckets = [(bucket["key"], bucket["doc_count"]) for bucket in raw.get("buckets", [])]
    truncated = bool(raw.get("doc_count_error_upper_bound"))
    return facet_result(name, buckets, raw.get("sum_other_doc_count", 0), request, truncated, approximate)


@dataclass
class SearchResult:
    hits: list[Hit]
    total: int
    facets: dict[str, FacetResult]
    histogram: list[HistogramBucket]
    interval: str | None
    took_ms: float
    next_cursor: str | None = None
    requested_interval: str | None = None  # what the request asked for, when it did
    stories_total: int | None = None  # stories matching, when the hits are collapsed by story
    # False when estimated (engine.collapse.STORIES_COUNTED_UP_TO) or past engine.stories.MAX_STORY_BUCKETS
    stories_exact: bool = True
    # Collapsed paging past its bound (engine/collapse.py): the stories it reaches, and the page's message.
    stories_reachable: int | None = None
    stories_note: str | None = None
    histogram_approximate: bool = False  # the histogram counts a sample of the matches, scaled
    histogram_timed_out: bool = False  # not counted: the facet time budget ran out first

    @property
    def approximate(self) -> bool:
        """Whether any count besides the total comes from a sample (engine.sampling)."""
        return self.histogram_approximate or any(facet.approximate for facet in self.facets.values())

    @property
    def timed_out(self) -> bool:
        """Whether some facet or the histogram was left uncounted by the facet time budget."""
        return self.histogram_timed_out or any(facet.timed_out for facet in self.facets.values())

    @property
    def histogram_note(self) -> str | None:
        """Why the histogram is coarser than asked (the bucket cap), or None."""
        return coarsening_note(self.requested_interval, self.interval)

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            # What the numbers count: total, facets and histogram count articles; collapsed hits are stories.
            "counts": {"total": "articles", "facets": "articles", "histogram": "articles",
                       "hits": "stories" if self.stories_total is not None else "articles"},
            "stories_total": self.stories_total,
            "stories_total_exact": self.stories_exact,
            "stories_reachable": self.stories_reachable,
            "stories_note": self.stories_note,
            # Facets and histogram may count a sample of the matches (scaled); the total never does.
            "approximate": self.approximate,
            "timed_out": self.timed_out,
            "took_ms": round(self.took_ms, 2),
            "next_cursor": self.next_cursor,
            "hits": [hit.to_dict() for hit in self.hits],
            "facets": {name: {"buckets": [b.to_dict() for b in result.buckets],
                              "other_count": result.other_count, "has_more": result.has_more,
                              "truncated": result.truncated, "approximate": result.approximate,
                              "timed_out": result.timed_out}
                       for name, result in self.facets.items()},
            "histogram": {"interval": self.interval, "requested_interval": self.requested_interval,
                          "coarsened": self.histogram_note is not None, "note": self.histogram_note,
                          "approximate": self.histogram_approximate, "timed_out": self.histogram_timed_out,
                          "buckets": [b.to_dict() for b in self.histogram]},
        }
