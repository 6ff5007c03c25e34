"""The CLI's net: an error no command expected ends as one line and exit status 1, not a traceback."""
from __future__ import annotations

import click
from click.testing import CliRunner

from indexer.cli import CommandGroup, main


@click.group(cls=CommandGroup)
def group() -> None:
    pass


@group.command()
def explode() -> None:
    raise RuntimeError("the disk caught fire\nsecond line")


@group.command()
def refuse() -> None:
    raise click.ClickException("a message the command chose")


def test_the_newsfacet_command_has_the_net() -> None:
    assert isinstance(main, CommandGroup)


def test_an_unexpected_error_is_one_line_without_traceback(monkeypatch) -> None:
    monkeypatch.delenv("NEWSFACET_DEBUG", raising=False)
    result = CliRunner().invoke(group, ["explode"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert result.output.strip() == ("Error: unexpected RuntimeError: the disk caught fire "
                                     "(set NEWSFACET_DEBUG=1 for the traceback)")


def test_expected_errors_pass_through_unchanged(monkeypatch) -> None:
    monkeypatch.delenv("NEWSFACET_DEBUG", raising=False)
    result = CliRunner().invoke(group, ["refuse"])
    assert result.exit_code == 1 and result.output.strip() == "Error: a message the command chose"


def test_debug_keeps_the_traceback(monkeypatch) -> None:
    monkeypatch.setenv("NEWSFACET_DEBUG", "1")
    result = CliRunner().invoke(group, ["explode"])
    assert isinstance(result.exception, RuntimeError)
