"""`newsfacet search` and `newsfacet stats`: the engine from the command line, for scripting."""
from __future__ import annotations

import json
from datetime import date

import click

from engine.backends.base import BackendError
from engine.facets import FACET_NAMES
from engine.query import QuerySyntaxError
from engine.search import SORTS, FacetSelection, RequestError, SearchRequest


def _pairs(values: tuple[str, ...], option: str) -> dict[str, list[str]]:
    chosen: dict[str, list[str]] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not value or name not in FACET_NAMES:
            raise click.BadParameter(f"expected NAME=VALUE with NAME one of {', '.join(FACET_NAMES)}: {item!r}",
                                     param_hint=option)
        chosen.setdefault(name, []).append(value)
    return chosen


def build_request(query: str, facet: tuple[str, ...], exclude: tuple[str, ...], date_from: date | None,
                  date_to: date | None, sort: str, size: int, page: int, cursor: str | None) -> SearchRequest:
    include, excluded = _pairs(facet, "--facet"), _pairs(exclude, "--exclude")
    selections = {name: FacetSelection(tuple(include.get(name, ())), tuple(excluded.get(name, ())))
                  for name in {*include, *excluded}}
    return SearchRequest(query=query, selections=selections, date_from=date_from, date_to=date_to, sort=sort,
                         page_size=size, page=page, cursor=cursor)


@click.command()
@click.argument("query", default="")
@click.option("--facet", "facet", multiple=True, metavar="NAME=VALUE", help="Keep articles with this value.")
@click.option("--exclude", multiple=True, metavar="NAME=VALUE", help="Drop articles with this value.")
@click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]), help="Published on or after (UTC day).")
@click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]), help="Published on or before (UTC day).")
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True)
@click.option("--size", type=int, default=10, show_default=True, help="Hits per page (at most 100).")
@click.option("--page", type=int, default=1, show_default=True)
@click.option("--cursor", help="Continue after the page that printed this cursor.")
@click.option("--json", "as_json", is_flag=True, help="Print the whole result as JSON.")
@click.pass_obj
def search(app, query, facet, exclude, date_from, date_to, sort, size, page, cursor, as_json) -> None:
    """Search the index: QUERY uses words, "phrases", OR, -word, field:value and prefix*."""
    try:
        request = build_request(query, facet, exclude, date_from and date_from.date(),
                                date_to and date_to.date(), sort, size, page, cursor)
        request.parsed  # noqa: B018 - parse now so a syntax error is reported before any work
        result = app.backend.search(request)
    except QuerySyntaxError as error:
        marker = " " * error.position + "^"
        raise click.ClickException(f"query syntax: {error.message}\n  {query}\n  {marker}") from error
    except (RequestError, BackendError) as error:
        raise click.ClickException(str(error)) from error
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    _print_result(result)


def _print_result(result) -> None:
    click.echo(f"{result.total} articles ({result.took_ms:.1f} ms)")
    for hit in result.hits:
        day = hit.published.date().isoformat() if hit.published else "no date"
        click.echo(f"- {hit.title}  [{hit.outlet or 'unknown outlet'}, {day}, {hit.language}]  id={hit.id}")
    for name, facet in result.facets.items():
        values = ", ".join(f"{b.value} ({b.count})" for b in facet.buckets[:5])
        if values:
            click.echo(f"  {name}: {values}")
    if result.next_cursor:
        click.echo(f"next page: --cursor {result.next_cursor}")


@click.command()
@click.option("--top", type=int, default=5, show_default=True, help="Values shown per facet.")
@click.option("--json", "as_json", is_flag=True, help="Print the statistics as JSON.")
@click.pass_obj
def stats(app, top: int, as_json: bool) -> None:
    """Document count, top values per facet and index size."""
    try:
        info = app.backend.stats(top)
    except BackendError as error:
        raise click.ClickException(str(error)) from error
    if as_json:
        click.echo(json.dumps(info, ensure_ascii=False, indent=2))
        return
    click.echo(f"{info['documents']} articles in {info.get('physical') or info['index']} "
               f"({info.get('size_bytes', 0) / 1e6:.1f} MB, {info['backend']})")
    for name, values in info.get("facets", {}).items():
        click.echo(f"  {name}: " + ", ".join(f"{value} ({count})" for value, count in values))
