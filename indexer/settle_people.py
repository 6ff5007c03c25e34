"""At the end of an index run, a bare surname the run wrote is the one full name the index gives it.

Write batches fold `Stoltenberg` into `Gerhard Stoltenberg` when the batch holds both
(engine.entity_choices, `_fold_surnames`), so a story naming someone by surname alone, in a batch
without the full name, kept the surname: what a run ended with depended on how it was cut into
batches. After the last batch, with the whole index to ask, the same rule holds index-wide: a
one-word person the run wrote that is the last word (case aside) of exactly one person of several
words in the index, held by at least as many articles, is shown as that one. Two full names
(`James Baker`, `Howard Baker`) leave `Baker` alone, and so does a full name fewer articles hold (a
headline's `Blasts Reagan` once is not who `Reagan` in twenty stories is), or a choice the user made
about either name.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from newsfacet.engine.backends.base import Backend
from newsfacet.engine.model import Article
from newsfacet.indexer.known_names import TABLE_SIZE, facet_counts
from newsfacet.indexer.settle import curate_holders


def settle_people(backend: Backend, written: Iterable[str], people: list[str] | None = None) -> int:
    """Fold the bare surnames of `written` (names a run wrote as people) as above, rewriting the
    articles holding them; returns how many were written. `people`: the index's person values, when
    the caller has read them already. The index must be committed."""
    surnames = sorted({name for name in written if name and " " not in name})
    if not surnames:
        return 0
    choices = backend.entity_choices().load()
    fuller: dict[str, set[str]] = defaultdict(set)
    for name in _people(backend) if people is None else people:
        if " " in name and not choices.is_blocked(name):
            fuller[name.rsplit(" ", 1)[1].casefold()].add(name)
    pairs = {short: next(iter(names)) for short in surnames if len(names := fuller.get(short.casefold(), ())) == 1
             and choices.resolve(short) == short and short not in choices.kinds and not choices.sources(short)
             and not choices.is_blocked(short)}
    if not pairs:
        return 0
    held = backend.entity_type_counts(sorted({*pairs, *pairs.values()}))
    folds = {short: full for short, full in pairs.items()
             if held.get(full, {}).get("person", 0) >= held.get(short, {}).get("person", 0) > 0}

    def name_in_full(article: Article) -> None:
        people = article.entities.get("person", [])
        article.entities["person"] = list(dict.fromkeys(folds.get(name, name) for name in people))

    return curate_holders(backend, [("person", short) for short in sorted(folds)], backend.entity_type_counts,
                          "kept a bare surname", name_in_full) if folds else 0


def settle_index_people(backend: Backend) -> int:
    """`settle_people` over every person of the index (its TABLE_SIZE most frequent): what a reindex
    that copies stored articles runs, as the runs that wrote them may be older than this fold."""
    people = _people(backend)
    return settle_people(backend, people, people)


def _people(backend: Backend) -> list[str]:
    return [name for name, _count in facet_counts(backend, "person", TABLE_SIZE)]


__all__ = ["settle_index_people", "settle_people"]
