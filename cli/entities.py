"""`newsfacet entities`: list entity values and curate them (merge, rename, retype, block).

Choices are stored beside the index (engine/entity_choices.py). New articles get them when they are
written; stored articles after `newsfacet reindex`. A refused choice prints one `Error:` line,
exits with status 2 and changes nothing.
"""
from __future__ import annotations

from collections.abc import Callable

import click
from newsfacet.cli.search import BadInput
from newsfacet.engine.backends.base import BackendError
from newsfacet.engine.entity_choices import EntityChoiceError, EntityChoices, entity_kind
from newsfacet.engine.limits import MAX_FACET_SIZE
from newsfacet.engine.model import ENTITY_TYPES
from newsfacet.engine.params import ParamError, parse_prefix, parse_whole_number
from newsfacet.engine.search import SearchRequest
from newsfacet.indexer.names import json_text, printable

LIST_LIMIT = 50
APPLY_HINT = "new articles get it now; run `newsfacet reindex` to apply it to stored articles"


@click.group("entities")
def entities() -> None:
    """List entity values (person, organization, location) and curate them.

    merge, rename, retype and block apply to new articles at once and to stored articles after
    `newsfacet reindex`.
    """


def _listed(app, kinds: tuple[str, ...], prefix: str, limit: int) -> list[dict]:
    choices = app.backend.entity_choices().load()
    rows = []
    for kind in kinds:
        request = SearchRequest(facets=(kind,), histogram=False, highlight=False)
        for bucket in app.backend.facet_values(request, kind, prefix=prefix, limit=limit).buckets:
            row = {"value": bucket.value, "type": kind, "count": bucket.count,
                   "aliases": choices.aliases(kind, bucket.value)}
            pending = _pending(choices, bucket.value, kind)
            if pending:
                row["pending"] = pending
            rows.append(row)
    return rows


def _pending(choices: EntityChoices, name: str, kind: str) -> str | None:
    """What a reindex will still change about a stored value (choices made since the last one)."""
    if choices.is_blocked(name):
        return "blocked"
    if choices.resolve(name) != name:
        return f"shows as {choices.resolve(name)}"
    if choices.kinds.get(name, kind) != kind:
        return f"retyped to {choices.kinds[name]}"
    return None


@entities.command("list")
@click.option("--type", "kind", metavar="|".join(ENTITY_TYPES), help="Only this kind (default all three).")
@click.option("--limit", default=str(LIST_LIMIT), show_default=True, metavar="N",
              help=f"Values per kind, most frequent first (at most {MAX_FACET_SIZE}).")
@click.option("--prefix", default="", metavar="P", help="Only values starting with P (any case).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines: value, type, count, aliases.")
@click.pass_obj
def list_values(app, kind: str | None, limit: str, prefix: str, as_json: bool) -> None:
    """Values with their article counts, their type and their aliases."""
    try:
        kinds = (entity_kind(kind),) if kind is not None else ENTITY_TYPES
        rows = _listed(app, kinds, parse_prefix(prefix),
                       parse_whole_number(limit, "limit", "The limit", 1, MAX_FACET_SIZE, LIST_LIMIT))
    except (EntityChoiceError, ParamError) as error:
        raise BadInput(str(error)) from None
    except BackendError as error:
        raise click.ClickException(str(error)) from None
    for row in rows:
        if as_json:
            click.echo(json_text(row))
            continue
        also = f"  also: {', '.join(row['aliases'])}" if row["aliases"] else ""
        pending = f"  ({row['pending']} after reindex)" if "pending" in row else ""
        click.echo(printable(f"{row['count']:>8}  {row['type']:<12}  {row['value']}{also}{pending}"))


# Each edit: command name, its arguments, the EntityChoices method, what it prints, its help.
EDITS = (
    ("merge", ("ALIAS", "CANONICAL"), EntityChoices.merge, "merged {0!r} into {1!r}",
     "Show ALIAS's articles under CANONICAL; ALIAS is listed as its alias."),
    ("rename", ("OLD", "NEW"), EntityChoices.rename, "renamed {0!r} to {1!r}",
     "Show OLD's articles under NEW (a correction: OLD is not listed as an alias)."),
    ("retype", ("NAME", "KIND"), EntityChoices.retype, "{0!r} is now a {1}",
     f"Always show NAME as KIND ({', '.join(ENTITY_TYPES)}), whatever the articles or the index-wide majority say."),
    ("block", ("NAME",), EntityChoices.block, "blocked {0!r}",
     "Never show NAME (nor the names merged into it) as a value."),
    ("unblock", ("NAME",), EntityChoices.unblock, "unblocked {0!r}",
     "Show NAME again (stored articles it was removed from need `reindex --from-sources`)."),
)


def _edit_command(name: str, arguments: tuple[str, ...], method: Callable[..., EntityChoices], done: str,
                  help_text: str) -> click.Command:
    """A command that applies one change to the stored choices; refusals exit 2 and change nothing."""
    @click.pass_obj
    def run(app, **given: str) -> None:
        names = [given[argument.lower()] for argument in arguments]
        try:
            app.backend.entity_choices().update(lambda choices: method(choices, *names))
        except EntityChoiceError as error:
            raise BadInput(str(error)) from None
        except BackendError as error:
            raise click.ClickException(str(error)) from None
        click.echo(printable(f"{done.format(*names)}; {APPLY_HINT}"))

    params = [click.Argument([argument.lower()], metavar=argument) for argument in arguments]
    return click.Command(name, callback=run, params=params, help=help_text)


for _edit in EDITS:
    entities.add_command(_edit_command(*_edit))


@entities.command()
@click.pass_obj
def choices(app) -> None:
    """Print the current choices as JSON."""
    try:
        current = app.backend.entity_choices().load()
    except BackendError as error:
        raise click.ClickException(str(error)) from None
    click.echo(json_text(current.to_dict(), indent=2))
