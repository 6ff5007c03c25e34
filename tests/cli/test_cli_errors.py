"""The CLI's net: an error no command expected ends as one line and exit status 1, not a traceback."""
from __future__ import annotations

import subprocess
import sys

import click
from click.testing import CliRunner
from newsfacet.cli.group import CommandGroup, main


@click.group(cls=CommandGroup)
def group() -> None:
    pass


@group.command()
def explode() -> None:
    raise RuntimeError("the disk caught fire\nsecond line")


@group.command()
def spam() -> None:
    for number in range(1_000_000):
        click.echo(f"line {number}")


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


def test_a_reader_that_leaves_early_ends_the_command_quietly() -> None:
    """`newsfacet search ... | head`: no message about a broken pipe, no traceback."""
    code = "from tests.cli.test_cli_errors import group; group(['spam'])"
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout.readline() == b"line 0\n"
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) == 1
    assert stderr == "", stderr
