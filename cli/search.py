"""`newsfacet search` and `newsfacet stats`: the engine from the command line, for scripting."""
from __future__ import annotations

from pathlib import Path

import click
from newsfacet.engine.backends.base import BackendError
from newsfacet.engine.collapse import search_stories
from newsfacet.engine.cursor import read_or_create_key
from newsfacet.engine.facets import facet_names
from newsfacet.engine.limits import MAX_FACET_SIZE, MAX_PAGE_SIZE
from newsfacet.engine.params import (
    EXCLUDE_PREFIX,
    Limits,
    ParamError,
    parse_search,
    parse_whole_number,
    search_request,
)
from newsfacet.engine.query import QuerySyntaxError
from newsfacet.engine.search import SORTS, RequestError, SearchRequest
from newsfacet.indexer.names import json_text, printable

CLI_PAGE_SIZE = 10
CURSOR_KEY_FILE = "cli-cursor-key"  # in the data folder: signs the cursors `search` prints


class BadInput(click.ClickException):
    """A refused option or query: a short message and exit status 2, never a traceback."""

    exit_code = 2


def _pairs(values: tuple[str, ...], option: str, prefix: str) -> dict[str, list[str]]:
    """NAME=VALUE options as parameters named like the web app's (`outlet`, `not_outlet`)."""
    chosen: dict[str, list[str]] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not value or name not in facet_names():
            raise BadInput(f"{option}: expected NAME=VALUE with NAME one of {', '.join(facet_names())}: {item!r}")
        chosen.setdefault(prefix + name, []).append(value)
    return chosen


def build_request(app, query: str, facet: tuple[str, ...], exclude: tuple[str, ...],
                  options: dict[str, str | None], collapse: bool = False) -> SearchRequest:
    """The engine request through the same parameter parser as the web app (engine.params)."""
    values: dict[str, list[str]] = {"q": [query], **_pairs(facet, "--facet", ""),
                                    **_pairs(exclude, "--exclude", EXCLUDE_PREFIX)}
    values.update({name: [raw] for name, raw in options.items() if raw is not None})
    params = parse_search(values, Limits.from_settings(app.settings, default_size=CLI_PAGE_SIZE))
    key = read_or_create_key(Path(app.settings["data_dir"]) / CURSOR_KEY_FILE)
    return search_request(params, cursor_key=key, collapse=collapse)


@click.command()
@click.argument("query", default="")
@click.option("--facet", "facet", multiple=True, metavar="NAME=VALUE", help="Keep articles with this value.")
@click.option("--exclude", multiple=True, metavar="NAME=VALUE", help="Drop articles with this value.")
@click.option("--from", "date_from", metavar="YYYY-MM-DD", help="Published on or after (UTC day).")
@click.option("--to", "date_to", metavar="YYYY-MM-DD", help="Published on or before (UTC day).")
@click.option("--sort", metavar="|".join(SORTS), help="Order of hits (default relevance).")
@click.option("--size", metavar="N", help=f"Hits per page (default {CLI_PAGE_SIZE}, at most {MAX_PAGE_SIZE}).")
@click.option("--page", metavar="N", help="Page number (default 1, at most the max_page setting).")
@click.option("--cursor", help="Continue after the page that printed this cursor.")
@click.option("--collapse", is_flag=True, help="One hit per story, listing its other versions (pages by --page).")
@click.option("--json", "as_json", is_flag=True, help="Print the whole result as JSON.")
@click.pass_obj
def search(app, query, facet, exclude, date_from, date_to, sort, size, page, cursor, collapse, as_json) -> None:
    """Search the index: QUERY uses words, "phrases", OR, -word, field:value and prefix*."""
    options = {"from": date_from, "to": date_to, "sort": sort, "size": size, "page": page, "cursor": cursor}
    try:
        request = build_request(app, query, facet, exclude, options, collapse)
        request.parsed  # noqa: B018 - parse now so a syntax error is reported before any work
        result = search_stories(app.backend, request)
    except QuerySyntaxError as error:
        shown = " ".join(query.split())  # the text the position counts in (engine.params collapses spaces)
        marker = " " * error.position + "^"
        raise BadInput(f"query syntax: {error.message}\n  {shown}\n  {marker}") from error
    except (ParamError, RequestError) as error:
        raise BadInput(str(error)) from error
    except BackendError as error:
        raise click.ClickException(str(error)) from error
    if as_json:
        click.echo(json_text(result.to_dict(), indent=2))
        return
    _print_result(result)


def _print_result(result) -> None:
    """Stored text may predate control-character stripping at ingest: it is escaped, never sent raw."""
    stories = f", {result.stories_total} stories" if result.stories_total is not None else ""
    click.echo(f"{result.total} articles{stories} ({result.took_ms:.1f} ms)")
    if result.stories_note:
        click.echo(result.stories_note)
    for hit in result.hits:
        day = hit.published.date().isoformat() if hit.published else "no date"
        topics = f", topic: {'; '.join(hit.topics)}" if hit.topics else ""
        click.echo(printable(f"- {hit.title}  [{hit.outlet or 'unknown outlet'}, {day}, {hit.language}{topics}]  "
                             f"id={hit.id}"))
        if hit.version_count:
            click.echo(f"    {hit.version_count} other versions, story={hit.story_id}")
    for name, facet in result.facets.items():
        values = ", ".join(f"{b.value} ({b.count})" for b in facet.buckets[:5])
        if values:
            click.echo(printable(f"  {name}: {values}"))
    if result.next_cursor:
        click.echo(f"next page: --cursor {result.next_cursor}")


@click.command()
@click.option("--top", metavar="N", default="5", show_default=True, help="Values shown per facet.")
@click.option("--json", "as_json", is_flag=True, help="Print the statistics as JSON.")
@click.pass_obj
def stats(app, top: str, as_json: bool) -> None:
    """Document count, top values per facet and index size."""
    try:
        info = app.backend.stats(parse_whole_number(top, "top", "Values per facet", 1, MAX_FACET_SIZE, 5))
    except ParamError as error:
        raise BadInput(str(error)) from error
    except BackendError as error:
        raise click.ClickException(str(error)) from error
    if as_json:
        click.echo(json_text(info, indent=2))
        return
    click.echo(f"{info['documents']} articles in {info.get('physical') or info['index']} "
               f"({info.get('size_bytes', 0) / 1e6:.1f} MB, {info['backend']})")
    if info.get("upgrade"):
        click.echo(f"  upgrade: {info['upgrade']}")
    for name, values in info.get("facets", {}).items():
        shown = ", ".join(f"{value} ({count})" for value, count in values) or "(none)"
        click.echo(printable(f"  {name}: {shown}"))
    _print_stories(info.get("stories"))


def _print_stories(stories: dict | None) -> None:
    """How many stories (near-duplicate versions counted once) and the largest ones."""
    if stories is None:
        return
    click.echo(f"  {stories['count']} stories")
    for story in stories["largest"]:
        click.echo(printable(f"    {story['articles']} articles: {story['title']}  story={story['story_id']}"))
