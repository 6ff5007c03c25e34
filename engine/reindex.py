"""Zero-downtime reindex and rollback, the same for every backend with versioned indexes.

A reindex builds the next physical index (`articles-v4`) beside the current one, fills it (from the
current index's stored articles, or by a caller-supplied fill such as re-running the sources),
checks its count, then moves the alias in one atomic step. Searches keep reading the old index
until that moment and the new, complete one after it; never a partial one. The replaced index is
kept for `rollback` (`keep` of them); older ones are deleted.

Copied articles are curated on the way (engine/entity_choices.py): the user's entity choices and
each name's index-wide type, counted in the current index, apply to them without re-reading sources.

This is also the upgrade: the new index always has today's schema, while the current one is read
with the schema it was built with (see engine/backends/upgrades.py), so an index an older release
built is copied into today's shape.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from newsfacet.engine.backends.base import Backend, BackendError
from newsfacet.engine.entity_choices import Curator
from newsfacet.engine.stories import keys_of

# (articles done, articles expected or None)
ProgressCallback = Callable[[int, int | None], None]
Fill = Callable[[Backend], int]


class ReindexError(BackendError):
    """The new index could not be built or verified; the alias was left where it was."""


@dataclass
class ReindexOutcome:
    previous: str | None
    current: str
    documents: int
    seconds: float
    kept: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


# Articles written between commits while copying. A commit makes tantivy write its in-memory
# segments and wait for them; one per batch was 65% of a reindex's time. Nothing reads the new index
# before the alias moves, so commits only bound how much a crash loses (the copy is started again
# anyway) and tantivy's own memory is capped by its writer heap, not by this number.
COMMIT_EVERY = 250_000


def copy_documents(source: Backend, target: Backend, batch_size: int = 1000,
                   progress: ProgressCallback | None = None, curate_entities: bool = True,
                   commit_every: int = COMMIT_EVERY) -> int:
    """Write every stored article of `source` (curated, unless told not to) into `target`; returns
    how many were written (all committed)."""
    expected = source.count()
    # The source index holds every copied article already, so the batch's mentions are not counted twice.
    curator = Curator(source.entity_choices(), source.entity_type_counts, count_batch=False)
    curate = curator if curate_entities else list
    written = uncommitted = 0
    batch = []
    for article in source.scan(batch_size=batch_size):
        # Story ids and keys are copied as they are (the text does not change here); an index from before
        # keys were stored (schema 5 or older) has none, so they are made from the text (an article from
        # before stories, schema 3, gets them too and stays a story of its own).
        if not article.story_keys:
            article.story_keys = keys_of(article)
        batch.append(article)
        if len(batch) >= batch_size:
            written, uncommitted = _write(target, curate(batch), written, uncommitted, commit_every)
            batch = []
            if progress:
                progress(written, expected)
    if batch:
        written, uncommitted = _write(target, curate(batch), written, uncommitted, commit_every)
    target.commit()
    if progress:
        progress(written, expected)
    return written


def _write(target: Backend, batch: list, written: int, uncommitted: int, commit_every: int) -> tuple[int, int]:
    """Write one batch, committing when `commit_every` articles are pending; (written, pending) after it."""
    uncommitted += len(batch)
    commit = uncommitted >= commit_every
    failed = [result for result in target.write(batch, commit=commit) if not result.ok]
    if failed:
        raise ReindexError(f"{len(failed)} articles could not be written to the new index; "
                           f"first: {failed[0].id}: {failed[0].error}")
    return written + len(batch), 0 if commit else uncommitted


def reindex(backend: Backend, keep: int = 1, fill: Fill | None = None,
            progress: ProgressCallback | None = None, batch_size: int = 1000,
            curate_entities: bool = True, finish: Fill | None = None) -> ReindexOutcome:
    """Build, verify and switch to a new physical index; keep `keep` earlier ones for rollback.
    `curate_entities=False` copies stored articles as they are (the baseline of scripts/bench_curation.py).
    `finish`, when given, rewrites articles of the filled index before it is verified (the indexer's
    end-of-run folds, which an index run does itself)."""
    if keep < 0:
        raise ReindexError("--keep must be 0 or more")
    started = time.monotonic()
    previous = backend.current_physical()
    name, target = backend.new_physical()
    try:
        if fill is None:
            expected = copy_documents(backend, target, batch_size, progress, curate_entities)
        else:
            expected = fill(target)
        if finish is not None:
            finish(target)
        actual = target.count()
        if actual != expected:
            raise ReindexError(f"{name} holds {actual} articles but {expected} were written; "
                               "the alias was not switched")
    except BaseException:
        target.close()
        backend.drop_physical(name)
        raise
    target.close()
    history = ([previous] if previous else []) + [old for old in backend.history() if old != previous]
    kept = history[:keep]
    backend.switch_to(name, kept)
    dropped = prune(backend, name, kept)
    return ReindexOutcome(previous, name, actual, time.monotonic() - started, kept, dropped)


def prune(backend: Backend, current: str, kept: list[str]) -> list[str]:
    """Delete physical indexes older than `current` that are not kept for rollback."""
    number = _version_number(current)
    dropped = []
    for physical in backend.physical_indexes():
        if physical == current or physical in kept or _version_number(physical) > number:
            continue  # newer ones may be another reindex still being built
        backend.drop_physical(physical)
        dropped.append(physical)
    return dropped


def rollback(backend: Backend) -> tuple[str | None, str]:
    """Switch back to the index the current one replaced; returns (left, now current)."""
    history = backend.history()
    current = backend.current_physical()
    existing = set(backend.physical_indexes())
    if not history:
        raise ReindexError(f"nothing to roll back to: {current or 'the index'} replaced no kept version")
    if history[0] not in existing:
        raise ReindexError(f"cannot roll back: {history[0]} was deleted")
    backend.switch_to(history[0], [old for old in history[1:] if old in existing])
    return current, history[0]


def _version_number(physical: str) -> int:
    tail = physical.rsplit("-v", 1)[-1]
    return int(tail) if tail.isdigit() else 0
