"""What templates need beyond the result: histogram bars, page links, labels, error marks."""
from __future__ import annotations

import hashlib
import math
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

from flask import Flask
from newsfacet.engine.facets import FACETS
from newsfacet.engine.histogram import HistogramBucket
from newsfacet.engine.model import ENTITY_TYPES, Article
from newsfacet.engine.params import default_sort
from newsfacet.engine.search import SearchResult
from newsfacet.webapp.state import ActiveFilter, SearchState

PAGE_LINKS = 10
CHART_WIDTH, CHART_HEIGHT = 600, 96


def init_app(app: Flask) -> None:
    app.jinja_env.filters["language_name"] = language_name
    app.jinja_env.filters["day"] = day
    app.jinja_env.filters["publication_time"] = publication_time
    app.jinja_env.filters["web_url"] = web_url
    app.jinja_env.filters["entity_chips"] = entity_chips
    app.jinja_env.filters["value_label"] = facet_value_label
    app.jinja_env.globals["facet_label"] = facet_label
    app.jinja_env.filters["filter_label"] = filter_label
    app.jinja_env.globals["value_id"] = value_id
    app.jinja_env.globals["hit_link"] = hit_link
    app.jinja_env.globals["default_sort"] = default_sort
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True


def language_name(code: str | None) -> str:
    return FACETS["language"].label_of(code or "und") if code else "Undetermined"


def facet_label(name: str) -> str:
    return FACETS[name].label if name in FACETS else name


def day(value: datetime | date | None) -> str:
    if value is None:
        return ""
    return (value.date() if isinstance(value, datetime) else value).isoformat()


def publication_time(article: Article) -> str:
    """The day the outlet printed, with the time and its zone when the page gave them:
    `2025-01-22 06:30 +09:00`, `2025-01-22 06:30` (no zone given), `2025-01-22` (no time given)."""
    local = article.published_local
    if local is None:
        return ""
    if article.published_precision == "day":
        return local.date().isoformat()
    if article.published_offset is None:
        return local.strftime("%Y-%m-%d %H:%M")
    return local.strftime("%Y-%m-%d %H:%M ") + local.isoformat()[-6:]


def web_url(url: str | None) -> str | None:
    """The URL if it is an http(s) address, else None: never link `javascript:` or `data:`."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def entity_chips(entities: dict[str, list[str]], per_kind: int = 4) -> list[tuple[str, str]]:
    """(kind, name) pairs for the chips under a hit: people, then organizations, then places."""
    return [(kind, value) for kind in ENTITY_TYPES for value in (entities.get(kind) or [])[:per_kind]]


def facet_value_label(value: str, facet: str) -> str:
    return FACETS[facet].label_of(value) if facet in FACETS else value


def sort_key(text: str) -> str:
    """Text as a name list orders it: case and accents folded (Ødegaard beside Odegaard)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def value_id(facet: str, value: str, excluded: bool = False) -> str:
    """A stable element id for a facet value's checkbox (kept across reloads for focus)."""
    digest = hashlib.sha1(value.encode("utf-8")).hexdigest()[:10]
    return f"{'x' if excluded else 'f'}-{facet}-{digest}"


def filter_label(active: ActiveFilter) -> str:
    """How an active filter reads in a 'remove' link: “Language: not German”."""
    if active.kind == "query":
        return f"the query “{active.value}”"
    if active.kind == "dates":
        return f"Published: {active.value}"
    shown = facet_value_label(active.value, active.facet)
    return f"{facet_label(active.facet)}: {'not ' if active.kind == 'exclude' else ''}{shown}"


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    count: int
    label: str
    url: str


def period_label(bucket: HistogramBucket, interval: str | None) -> str:
    if interval == "year":
        return str(bucket.start.year)
    if interval == "month":
        return bucket.start.strftime("%B %Y")
    if interval == "week":
        return f"week of {bucket.start.isoformat()}"
    return bucket.start.isoformat()


def histogram_bars(buckets: list[HistogramBucket], interval: str | None, state: SearchState) -> list[Bar]:
    """One bar per period, scaled to the tallest; each links to the search zoomed into its period."""
    if not buckets:
        return []
    tallest = max(bucket.count for bucket in buckets) or 1
    slot = CHART_WIDTH / len(buckets)
    gap = min(2.0, slot * 0.2)
    bars = []
    for number, bucket in enumerate(buckets):
        # Non-empty periods get at least 2 units so a single article stays visible.
        height = 0.0 if not bucket.count else max(2.0, CHART_HEIGHT * bucket.count / tallest)
        bars.append(Bar(x=round(number * slot, 2), y=round(CHART_HEIGHT - height, 2),
                        width=round(max(slot - gap, 0.5), 2), height=round(height, 2), count=bucket.count,
                        label=period_label(bucket, interval),
                        url=state.zoomed(bucket.start, bucket.end).url()))
    return bars


def chart_span(buckets: list[HistogramBucket]) -> tuple[str, str]:
    if not buckets:
        return "", ""
    return buckets[0].start.isoformat(), (buckets[-1].end - timedelta(days=1)).isoformat()


@dataclass(frozen=True)
class Pager:
    links: list[tuple[int, str]]  # (page number, url) for the first pages
    current: int
    previous: str | None
    next: str | None
    last_page: int


def pager(state: SearchState, result: SearchResult, max_page: int) -> Pager:
    """Numbered links for the first pages, then 'next' carrying the cursor for deep pages; results
    collapsed by story page by number only (the engine refuses a cursor there)."""
    last_page = max(1, math.ceil(shown_total(result) / state.size))
    shown = min(last_page, PAGE_LINKS, max_page)
    links = [(number, state.at_page(number).url()) for number in range(1, shown + 1)]
    previous = None
    if 1 < state.page <= max_page + 1:
        previous = state.at_page(state.page - 1).url()
    following = next_page(state, result, max_page)
    return Pager(links, state.page, previous, following.url() if following else None, last_page)


def shown_total(result: SearchResult) -> int:
    """What the hits count: stories when collapsed, else articles."""
    return result.total if result.stories_total is None else result.stories_total


def next_page(state: SearchState, result: SearchResult, max_page: int) -> SearchState | None:
    """The state of the page after this one, or None on the last: by number while collapsed or within
    the first PAGE_LINKS pages, by cursor past them."""
    upcoming = state.page + 1
    if result.stories_total is not None:
        more = len(result.hits) == state.size and state.page * state.size < result.stories_total
        return state.at_page(upcoming) if more and upcoming <= max_page else None
    if not result.next_cursor:
        return None
    plain = upcoming <= PAGE_LINKS and not state.cursor
    return state.at_page(upcoming, None if plain else result.next_cursor)


def hit_link(article_id: str, state: SearchState, rank: int | None) -> str:
    """An article's link that carries the search (and its place in the results) along."""
    params = state.copy(page=1, cursor=None).query_string()
    extra = f"rank={rank}" if rank else ""
    joined = "&".join(part for part in (params, extra) if part)
    return f"/article/{article_id}" + (f"?{joined}" if joined else "")


def split_at(text: str, position: int) -> tuple[str, str, str]:
    """The query around a syntax error: before, the character at fault (or a space), after."""
    position = max(0, min(position, len(text)))
    return text[:position], text[position:position + 1] or " ", text[position + 1:]
