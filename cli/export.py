"""`newsfacet export`: every stored article, all its fields, as JSON Lines on standard output.

What it writes is what `newsfacet index` reads back (indexer/sources/jsonl.py): title, body, url,
published, outlet, authors, topics, language and entities come back as they were. Streamed: one
backend batch in memory at a time, whatever the size of the index.
"""
from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterator

import click
from newsfacet.cli.pipes import detach_stdout
from newsfacet.cli.search import BadInput, build_request
from newsfacet.engine.backends.base import BackendError
from newsfacet.engine.limits import MAX_PAGE_SIZE
from newsfacet.engine.model import Article
from newsfacet.engine.params import ParamError
from newsfacet.engine.query import QuerySyntaxError
from newsfacet.engine.search import RequestError
from newsfacet.indexer.names import json_text

SCAN_BATCH = 500


def _matching(app, query: str, facet: tuple[str, ...], exclude: tuple[str, ...],
              options: dict[str, str | None]) -> Iterator[Article]:
    """The articles a search finds, page by page along its cursor (no facet counts, no snippets)."""
    request = build_request(app, query, facet, exclude, options)
    request = dataclasses.replace(request, facets=(), histogram=False, highlight=False, page_size=MAX_PAGE_SIZE)
    while True:
        result = app.backend.search(request)
        ids = [hit.id for hit in result.hits]
        found = app.backend.get_many(ids)
        yield from (found[article_id] for article_id in ids if article_id in found)
        if not result.next_cursor or not ids:
            return
        request = dataclasses.replace(request, cursor=result.next_cursor, page=1)


@click.command()
@click.option("--format", "output_format", type=click.Choice(["jsonl"]), default="jsonl", show_default=True,
              help="Output format: one JSON object per article and line.")
@click.option("--query", default="", help="Only the articles this query finds (same language as `search`).")
@click.option("--facet", "facet", multiple=True, metavar="NAME=VALUE", help="Only articles with this value.")
@click.option("--exclude", multiple=True, metavar="NAME=VALUE", help="Leave out articles with this value.")
@click.option("--from", "date_from", metavar="YYYY-MM-DD", help="Published on or after (UTC day).")
@click.option("--to", "date_to", metavar="YYYY-MM-DD", help="Published on or before (UTC day).")
@click.pass_obj
def export(app, output_format: str, query: str, facet: tuple[str, ...], exclude: tuple[str, ...],
           date_from: str | None, date_to: str | None) -> None:
    """Write every stored article with all its fields as JSON Lines to standard output."""
    filtered = bool(query.strip() or facet or exclude or date_from or date_to)
    out = sys.stdout.buffer  # bytes: UTF-8 whatever the locale says
    try:
        if filtered:
            options = {"from": date_from, "to": date_to, "sort": "oldest"}
            articles = _matching(app, query, facet, exclude, options)
        else:
            articles = app.backend.scan(SCAN_BATCH)
        for article in articles:
            out.write(json_text(article.to_dict()).encode("utf-8", "backslashreplace") + b"\n")
        out.flush()
    except BrokenPipeError:
        detach_stdout()  # `| head` took what it wanted: done, and not an error
    except QuerySyntaxError as error:
        raise BadInput(f"query syntax: {error.message} (at character {error.position + 1})") from error
    except (ParamError, RequestError) as error:
        raise BadInput(str(error)) from error
    except BackendError as error:
        raise click.ClickException(str(error)) from error
