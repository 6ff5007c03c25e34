"""The `newsfacet` command: a click group and the one list of its commands.

Commands stay thin: parse options, call the engine, the indexer or the web app, print. Shared
options (backend, data dir, Elasticsearch URL) are read once here into `ctx.obj`.
"""
from __future__ import annotations

import os
import sys

import click
from newsfacet.cli.check import check
from newsfacet.cli.entities import entities
from newsfacet.cli.index import index
from newsfacet.cli.reindex import reindex
from newsfacet.cli.search import search, stats
from newsfacet.cli.serve import serve
from newsfacet.engine.backends import LazyBackend
from newsfacet.engine.settings import load_settings

# Every command, added in this one place. An import error in a command module stops the CLI
# loudly rather than making that command silently disappear.
COMMANDS: tuple[click.Command, ...] = (index, search, stats, reindex, check, entities, serve)


class AppContext(LazyBackend):
    """What every command needs: `.settings`, and `.backend` opened on first use."""


class CommandGroup(click.Group):
    """Commands whose unexpected errors end as one line and exit status 1, not a traceback.

    Commands report the errors they expect themselves; this is the net under them. Set
    NEWSFACET_DEBUG=1 to get the traceback instead.
    """

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, KeyboardInterrupt):
            raise
        except BrokenPipeError:
            # `newsfacet search ... | head`: the reader left; stop quietly, as other Unix tools do.
            # Python would complain again while flushing stdout at exit unless it points nowhere.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise click.exceptions.Exit(1) from None
        except Exception as error:  # noqa: BLE001 - the point of this class
            if os.environ.get("NEWSFACET_DEBUG"):
                raise
            first_line = (str(error).strip().splitlines() or [""])[0][:300]
            raise click.ClickException(f"unexpected {type(error).__name__}: {first_line} "
                                       "(set NEWSFACET_DEBUG=1 for the traceback)") from error


@click.group(cls=CommandGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--backend", type=click.Choice(["tantivy", "elasticsearch"]), envvar="NEWSFACET_BACKEND",
              help="Search engine (default tantivy, the embedded index).")
@click.option("--data-dir", type=click.Path(file_okay=False), envvar="NEWSFACET_DATA_DIR",
              help="Folder of the embedded index (default $XDG_DATA_HOME/newsfacet).")
@click.option("--es-url", envvar="NEWSFACET_ES_URL", help="Elasticsearch URL(s), comma-separated.")
@click.option("--index", "index_name", envvar="NEWSFACET_INDEX", help="Logical index name (default articles).")
@click.pass_context
def main(ctx: click.Context, backend: str | None, data_dir: str | None, es_url: str | None,
         index_name: str | None) -> None:
    """newsfacet: full-text news search with faceted browsing."""
    settings = load_settings({"backend": backend, "data_dir": data_dir, "es_url": es_url, "index": index_name})
    ctx.obj = AppContext(settings)
    ctx.call_on_close(ctx.obj.close)


for command in COMMANDS:
    main.add_command(command)

__all__ = ["main", "AppContext", "COMMANDS"]
