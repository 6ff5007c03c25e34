"""What an entity page shows: how often a name is mentioned over time, the outlets that name it, and
the entities named with it most, scored so that the index's most frequent names do not simply repeat.

Everything comes from facet counts, which both engines compute the same way: the counts within the
entity's articles (foreground) against the counts in the whole index (background). The score is
Elasticsearch `significant_terms`' default JLH, computed here rather than asked of Elasticsearch so
that tantivy gives the same ranking:

    fg = together / entity_articles,  bg = everywhere / all_articles
    JLH = (fg - bg) * (fg / bg)   when fg > bg, else 0 (not related, only common)

A name must appear in at least `MIN_TOGETHER` of the entity's articles: one shared article is chance.

Names of the entity's own type are the exception: a facet's counts ignore the selection on that same
facet (multi-select: they show what choosing another value would add), so for them the entity's
articles are read (up to `MAX_READ`) and their names counted here, identically for both engines.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from newsfacet.engine.backends.base import Backend
from newsfacet.engine.histogram import HistogramBucket
from newsfacet.engine.model import ENTITY_TYPES
from newsfacet.engine.search import FacetSelection, SearchRequest

MIN_TOGETHER = 2
CANDIDATES_PER_TYPE = 50  # co-occurring names read per type from the entity's articles
BACKGROUND_SIZE = 1000  # most frequent names per type read from the whole index
MAX_LOOKUPS = 20  # candidates outside the background list whose own count is asked for one by one
RELATED_SHOWN = 10  # per type
OUTLETS_SHOWN = 15
RECENT_SHOWN = 10
MAX_READ = 1000  # articles of the entity read to count names of its own type
READ_PAGE = 100


@dataclass(frozen=True)
class RelatedEntity:
    kind: str
    name: str
    together: int  # articles naming both
    everywhere: int  # articles naming it in the whole index
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.kind, "name": self.name, "together": self.together,
                "everywhere": self.everywhere, "score": round(self.score, 6)}


@dataclass
class EntityPage:
    kind: str
    name: str
    total: int  # articles naming it
    all_articles: int
    histogram: list[HistogramBucket]
    interval: str | None
    outlets: list[tuple[str, int]]
    related: dict[str, list[RelatedEntity]]
    recent: list[Any] = field(default_factory=list)  # engine.search.Hit, newest first

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.kind, "name": self.name, "total": self.total, "all_articles": self.all_articles,
                "histogram": {"interval": self.interval, "buckets": [b.to_dict() for b in self.histogram]},
                "outlets": [{"name": name, "count": count} for name, count in self.outlets],
                "related": {kind: [entity.to_dict() for entity in found] for kind, found in self.related.items()},
                "related_measure": {"name": "JLH", "min_together": MIN_TOGETHER},
                "recent": [hit.to_dict() for hit in self.recent]}


def jlh(together: int, entity_articles: int, everywhere: int, all_articles: int) -> float:
    """Elasticsearch's JLH significance of a name in the foreground set against the background."""
    if not entity_articles or not everywhere or not all_articles:
        return 0.0
    foreground = together / entity_articles
    background = everywhere / all_articles
    if foreground <= background:
        return 0.0
    return (foreground - background) * (foreground / background)


def entity_page(backend: Backend, kind: str, name: str) -> EntityPage | None:
    """The page of entity `name` of type `kind` (person, organization, location); None if never named."""
    if kind not in ENTITY_TYPES:
        return None
    own = backend.search(SearchRequest(selections={kind: FacetSelection((name,))}, sort="newest",
                                       facets=("outlet", *ENTITY_TYPES), facet_size=CANDIDATES_PER_TYPE,
                                       page_size=RECENT_SHOWN, highlight=False))
    if not own.total:
        return None
    whole = backend.search(SearchRequest(facets=ENTITY_TYPES, facet_size=BACKGROUND_SIZE, page_size=1,
                                         histogram=False, highlight=False))
    together = {other: _counts(own, other) for other in ENTITY_TYPES if other != kind}
    together[kind] = _same_kind_counts(backend, kind, name)
    related = {other: _related(backend, other, together[other], _counts(whole, other), own.total, whole.total)
               for other in ENTITY_TYPES}
    outlets = [(b.value, b.count) for b in own.facets["outlet"].buckets[:OUTLETS_SHOWN]]
    return EntityPage(kind, name, own.total, whole.total, own.histogram, own.interval, outlets, related,
                      own.hits)


def _counts(result: Any, kind: str) -> dict[str, int]:
    """Value -> article count of one facet."""
    return {b.value: b.count for b in result.facets[kind].buckets if b.count}


def _same_kind_counts(backend: Backend, kind: str, name: str) -> dict[str, int]:
    """Names of type `kind` in the entity's articles (the first MAX_READ, newest first), itself left out."""
    counts: Counter[str] = Counter()
    for page in range(1, MAX_READ // READ_PAGE + 1):
        result = backend.search(SearchRequest(selections={kind: FacetSelection((name,))}, sort="newest",
                                              facets=(), histogram=False, highlight=False, page=page,
                                              page_size=READ_PAGE))
        for hit in result.hits:
            counts.update(set(hit.entities.get(kind, [])) - {name})
        if page * READ_PAGE >= result.total:
            break
    return dict(counts)


def _related(backend: Backend, kind: str, together: dict[str, int], everywhere: dict[str, int],
             entity_articles: int, all_articles: int) -> list[RelatedEntity]:
    """The names of one type ranked by JLH, those below MIN_TOGETHER dropped."""
    candidates = {value: count for value, count in together.items() if count >= MIN_TOGETHER}
    missing = [value for value in candidates if value not in everywhere][:MAX_LOOKUPS]
    background = dict(everywhere)
    background.update({value: _articles_naming(backend, kind, value) for value in missing})
    scored = [RelatedEntity(kind, value, count, background[value],
                            jlh(count, entity_articles, background[value], all_articles))
              for value, count in candidates.items() if value in background]
    scored = [entity for entity in scored if entity.score > 0]
    scored.sort(key=lambda entity: (-entity.score, -entity.together, entity.name))
    return scored[:RELATED_SHOWN]


def _articles_naming(backend: Backend, kind: str, value: str) -> int:
    """How many articles of the whole index name `value` (a name past the background list)."""
    request = SearchRequest(selections={kind: FacetSelection((value,))}, facets=(), page_size=1,
                            histogram=False, highlight=False)
    return backend.search(request).total
