"""`newsfacet reindex`: rebuild the index as a new version and switch to it atomically; or roll back."""
from __future__ import annotations

import sys
import time

import click
from newsfacet.engine import reindex as reindexing
from newsfacet.engine.backends.base import Backend, BackendError
from newsfacet.engine.reindex import ReindexOutcome
from newsfacet.indexer.known_names import FacetValues
from newsfacet.indexer.refill import fill_from_sources
from newsfacet.indexer.settle_bodies import settle_index_bodies
from newsfacet.indexer.settle_short_names import settle_index_short_names


class RateLine:
    """Progress of a copy: one rewritten line on a terminal, a plain line every few seconds otherwise."""

    def __init__(self, enabled: bool, every: float = 5.0) -> None:
        self.enabled = enabled
        self.tty = sys.stderr.isatty()
        self.every = every
        self.started = self.last = time.monotonic()

    def __call__(self, done: int, expected: int | None) -> None:
        now = time.monotonic()
        finished = expected is not None and done >= expected
        if not self.enabled or (not self.tty and now - self.last < self.every and not finished):
            return
        self.last = now
        rate = done / max(now - self.started, 1e-6)
        of = f"/{expected}" if expected is not None else ""
        line = f"reindex: {done}{of} articles, {rate:.0f}/s"
        click.echo(f"\r{line}" if self.tty else line, err=True, nl=not self.tty)

    def close(self) -> None:
        if self.enabled and self.tty:
            click.echo("", err=True)


def _settle_copied(backend: Backend) -> int:
    """The end-of-run folds an index run gives, for articles copied from the stored ones."""
    values = FacetValues(backend)  # read once for both folds
    return settle_index_bodies(backend, values) + settle_index_short_names(backend, values)


def _describe(outcome: ReindexOutcome, schema_before: int | None, schema_after: int | None) -> str:
    lines = [f"switched {outcome.previous or '(nothing)'} -> {outcome.current}: {outcome.documents} articles "
             f"in {outcome.seconds:.1f} s"]
    if schema_before is not None and schema_before != schema_after:
        lines.append(f"schema version {schema_before} -> {schema_after}")
    if outcome.kept:
        lines.append(f"kept for rollback: {', '.join(outcome.kept)}")
    if outcome.dropped:
        lines.append(f"deleted: {', '.join(outcome.dropped)}")
    return "\n".join(lines)


@click.command("reindex")
@click.argument("paths", nargs=-1)
@click.option("--from-sources", is_flag=True,
              help="Re-read PATHS through the indexing pipeline instead of copying the stored articles.")
@click.option("--keep", type=click.IntRange(0), default=1, show_default=True,
              help="Earlier index versions to keep for --rollback (older ones are deleted).")
@click.option("--rollback", "roll_back", is_flag=True, help="Switch back to the version the current one replaced.")
@click.option("--batch-size", type=click.IntRange(1), default=1000, show_default=True,
              help="Articles per write when copying.")
@click.option("--workers", type=click.IntRange(0), default=0, show_default=True,
              help="Worker processes with --from-sources (0 = one per CPU core).")
@click.option("--no-entities", is_flag=True, help="With --from-sources: skip named-entity extraction.")
@click.option("--progress/--no-progress", default=True, help="Show progress on standard error.")
@click.pass_obj
def reindex(app, paths, from_sources, keep, roll_back, batch_size, workers, no_entities, progress) -> None:
    """Rebuild the index as a new version, verify it and switch to it atomically (zero downtime).

    By default the new version is built from the articles stored in the current one (after a
    mapping or analyzer change, or to upgrade an index an older release built: `stats` says when).
    With --from-sources, PATHS are indexed again instead. Searches read the old version until the
    switch. --rollback switches back to the previous version.
    """
    if roll_back:
        if paths or from_sources:
            raise click.UsageError("--rollback takes no PATHS and no --from-sources")
        try:
            left, now = reindexing.rollback(app.backend)
        except BackendError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"rolled back {left} -> {now}")
        return
    if bool(paths) != from_sources:
        raise click.UsageError("give PATHS together with --from-sources (or neither, to copy the stored articles)")
    fill = (fill_from_sources(paths, workers, no_entities, app.settings["data_dir"], progress,
                              announce=lambda text: click.echo(text, err=True)) if paths else None)
    meter = RateLine(progress)
    try:
        schema_before = app.backend.schema_info()["schema_version"]
        # Copied articles get the end-of-run folds an index run gives (a run from sources settles itself).
        outcome = reindexing.reindex(app.backend, keep=keep, fill=fill, progress=meter, batch_size=batch_size,
                                     finish=None if fill else _settle_copied)
        schema_after = app.backend.schema_info()["schema_version"]
    except BackendError as error:
        raise click.ClickException(str(error)) from None
    finally:
        meter.close()
    click.echo(_describe(outcome, schema_before, schema_after))

