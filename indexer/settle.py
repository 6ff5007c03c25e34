"""At the end of an index run, every article agrees on the type of each name the run wrote.

Index time decides a name's type per write batch, from the index and the batch
(engine.entity_choices.curate), so that the batch's articles agree. A later batch, or a later run,
whose articles outvote that decision writes the new type for its own articles only; and how a run
splits into batches depends on the machine's speed (a slow stream is flushed every few seconds).
The same inputs could then leave `Marseille` a place in some articles and a body in others,
depending on how fast they were read. So after a run's last batch, the names it wrote that the
index holds under more than one type are curated once more, from the index's counts alone, in the
articles that hold them under another type than the majority's, and those articles are written back.

The index's counts are what earlier batches wrote, after their vote: a name the run's first batch
wrote as a body stays a body in every later batch, whatever most of the run's articles gave it
(`Downing Street`, a place in 9 of 13 stories, all written as a body). So the run passes the types
its vote overruled (engine.entity_choices.curate), and the majority is taken over the types the
run's articles gave, with the index's other articles as they stand.
"""
from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from newsfacet.engine.backends.base import Backend
from newsfacet.engine.entity_choices import Curator, TypeCounts, majority_type
from newsfacet.engine.limits import MAX_PAGE_SIZE, MAX_RESULT_WINDOW
from newsfacet.engine.model import ENTITY_TYPES, Article
from newsfacet.engine.search import FacetSelection, SearchRequest

log = logging.getLogger(__name__)


def settle_types(backend: Backend, names: Iterable[str], overruled: dict[str, Counter[str]] | None = None) -> int:
    """Curate again the articles holding one of `names` under a type other than the one most
    articles give it (the index's counts, plus `overruled`: what the run's vote changed); returns
    how many were written back. The index must be committed."""
    changes = overruled or {}

    def given_counts(asked: Sequence[str]) -> dict[str, dict[str, int]]:
        return _plus(backend.entity_type_counts(asked), changes)

    wanted = sorted(set(names))
    held = backend.entity_type_counts(wanted)
    given = _plus(held, changes)
    outvoted = {(kind, name) for name, kinds in held.items() for kind in ENTITY_TYPES
                if kinds.get(kind) and kind != majority_type(Counter(given.get(name, {})))}
    return curate_holders(backend, sorted(outvoted), given_counts, "kept a name's minority type")


def curate_holders(backend: Backend, held: Iterable[tuple[str, str]], counts: TypeCounts, failure: str,
                   change: Callable[[Article], None] | None = None) -> int:
    """Curate again (after `change`, when given) every article holding one of the (kind, name) pairs
    and write it back; returns how many were written. `failure` says in the log what a failed
    article kept."""
    ids: dict[str, None] = {}
    for kind, name in held:
        ids.update(dict.fromkeys(holding(backend, kind, name)))
    if not ids:
        return 0
    articles = list(backend.get_many(ids).values())
    for article in articles if change else ():
        change(article)
    curate = Curator(backend.entity_choices(), counts, count_batch=False)
    results = backend.write(curate(articles))
    failed = [result.error for result in results if not result.ok]
    if failed:
        log.warning("%d articles %s: %s", len(failed), failure, failed[0])
    return len(results) - len(failed)


def _plus(counts: dict[str, dict[str, int]], changes: dict[str, Counter[str]]) -> dict[str, dict[str, int]]:
    """The index's type counts with the run's overruled types put back (never below zero)."""
    given = dict(counts)
    for name in changes.keys() & counts.keys():
        kinds = Counter(counts[name])
        kinds.update(changes[name])
        given[name] = {kind: number for kind, number in kinds.items() if number > 0}
    return given


def holding(backend: Backend, kind: str, name: str) -> list[str]:
    """Ids of the articles holding `name` as a `kind` (at most MAX_RESULT_WINDOW of them)."""
    base = SearchRequest(selections={kind: FacetSelection(include=(name,))}, sort="newest", page_size=MAX_PAGE_SIZE,
                         facets=(), histogram=False, highlight=False)
    ids: list[str] = []
    for page in range(1, MAX_RESULT_WINDOW // MAX_PAGE_SIZE + 1):
        hits = backend.search(replace(base, page=page)).hits
        ids += [hit.id for hit in hits]
        if len(hits) < MAX_PAGE_SIZE:
            break
    return ids
