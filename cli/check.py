"""`newsfacet check`: verify the index (alias, segments, checksums, stored articles); optionally repair the alias."""
from __future__ import annotations

import json

import click
from newsfacet.engine.backends.base import BackendError, Check

EXIT_DAMAGED = 1  # click itself exits 2 on usage errors


def _print_checks(results: list[Check], as_json: bool, index: str, repaired: str | None) -> None:
    if as_json:
        payload = {"index": index, "ok": all(result.ok for result in results),
                   "checks": [result.to_dict() for result in results]}
        if repaired:
            payload["repaired"] = repaired
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    if repaired:
        click.echo(repaired)
    width = max(len(result.name) for result in results)
    for result in results:
        click.echo(f"{result.status:<7} {result.name:<{width}}  {result.reason}")


@click.command("check")
@click.option("--repair", is_flag=True,
              help="When the alias is missing or names an index that is not there, point it at the newest "
                   "intact physical index, then check again.")
@click.option("--json", "as_json", is_flag=True, help="Print the checks as JSON on standard output.")
@click.pass_obj
def check(app, repair: bool, as_json: bool) -> None:
    """Verify the index: its alias, segment files, checksums and every stored article.

    Prints one line per check (ok, FAILED or skipped, with a reason). Exits 1 when anything is
    damaged. Reads every byte of the index, so it takes a while on a large one (/healthz runs the
    structural part on each poll and spreads the checksums over many polls).
    """
    repaired = None
    try:
        if repair:
            repaired = app.backend.repair_alias()
        results = app.backend.check()
    except BackendError as error:
        raise click.ClickException(str(error)) from None
    _print_checks(results, as_json, app.settings["index"], repaired)
    if not all(result.ok for result in results):
        raise click.exceptions.Exit(EXIT_DAMAGED)
