"""At the end of an index run, a short name the run wrote is the one fuller name the index gives it.

Write batches fold a bare surname into the one full name of the batch that ends with it
(`Stoltenberg` -> `Gerhard Stoltenberg`) and a body's last word after `of`, or the possessive its name
opens with, into the one body of the batch so named (`Commons` -> `House of Commons`, `Moody` ->
`Moody's Investors Service`; engine.entity_choices), so a story naming them
short, in a batch without the full name, kept the short one: what a run ended with depended on how
it was cut into batches. After the last batch, with the whole index to ask, the same rules hold
index-wide: the short name becomes the one fuller name of the index it stands for, when that one is
held by at least as many articles. Forms of one full name count as one, the most written standing
for them when it clearly leads (`Paul Volcker` in thirty stories, `Paul A Volcker` in one). Two full
names (`James Baker`, `Howard Baker`) leave `Baker` alone, and so does a full name fewer articles
hold (a headline's `Blasts Reagan` once is not who `Reagan` in twenty stories is), or a choice the
user made about either name.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from newsfacet.engine.backends.base import Backend
from newsfacet.engine.entity_choices import SHORT_NAMES, EntityChoices
from newsfacet.engine.model import Article
from newsfacet.indexer.known_names import FacetValues
from newsfacet.indexer.settle import curate_holders


def settle_short_names(backend: Backend, written: dict[str, Iterable[str]], values: FacetValues | None = None) -> int:
    """Fold the short names of `written` (kind -> names a run wrote under it, for `person` and
    `organization`) as above, rewriting the articles holding them; returns how many were written.
    `values`: the index's facet values, shared with the caller's other folds. The index must be
    committed."""
    choices = backend.entity_choices().load()
    values = values or FacetValues(backend)
    folds = {kind: _folds(backend, choices, kind, written.get(kind, ()), values) for kind in SHORT_NAMES}
    held = [(kind, short) for kind, fold in folds.items() for short in sorted(fold)]
    if not held:
        return 0

    def name_in_full(article: Article) -> None:
        for kind, fold in folds.items():
            names = article.entities.get(kind, [])
            article.entities[kind] = list(dict.fromkeys(fold.get(name, name) for name in names))

    return curate_holders(backend, held, backend.entity_type_counts, "kept a short name", name_in_full)


def settle_index_short_names(backend: Backend, values: FacetValues | None = None) -> int:
    """`settle_short_names` over every person and body of the index (its TABLE_SIZE most frequent):
    what a reindex that copies stored articles runs, as the runs that wrote them may be older."""
    values = values or FacetValues(backend)
    return settle_short_names(backend, {kind: values.of(kind) for kind in SHORT_NAMES}, values)


def _folds(backend: Backend, choices: EntityChoices, kind: str, written: Iterable[str],
           values: FacetValues) -> dict[str, str]:
    """{short name: the one fuller name of the index it stands for} among `written`'s `kind` names."""
    rule = SHORT_NAMES[kind]
    shorts = sorted({name for name in written if name and rule.may_stand_for(name)})
    if not shorts:
        return {}
    fuller: dict[str, set[str]] = defaultdict(set)
    for name in values.of(kind):
        if (end := rule.end_of(name)) and not choices.is_blocked(name):
            fuller[end].add(name)
    candidates = {short: names for short in shorts if (names := fuller.get(rule.key(short)))
                  and choices.resolve(short) == short and short not in choices.kinds and not choices.sources(short)
                  and not choices.is_blocked(short)}
    if not candidates:
        return {}
    held = backend.entity_type_counts(sorted({*candidates, *(name for names in candidates.values() for name in names)}))
    count = {name: kinds.get(kind, 0) for name, kinds in held.items()}
    pairs = {short: full for short, names in candidates.items()
             if (full := rule.fuller_one(names, lambda name: count.get(name, 0)))}
    return {short: full for short, full in pairs.items()
            if count.get(short, 0) > 0 and rule.folds(count.get(full, 0), count[short], full)}


__all__ = ["settle_index_short_names", "settle_short_names"]
