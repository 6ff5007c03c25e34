"""Every command the README documents is registered, and a command that cannot load stops the CLI loudly."""
from __future__ import annotations

import re
import subprocess
import sys

from click.testing import CliRunner
from newsfacet.cli import main
from newsfacet.cli.group import COMMANDS

from tests.indexing import REPO

README = REPO / "README.md"


def documented_commands() -> set[str]:
    """The `newsfacet NAME` lines of the README's "Command line" section."""
    section = README.read_text(encoding="utf-8").split("## Command line", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^newsfacet ([a-z-]+)", section, flags=re.MULTILINE))


def test_every_documented_command_is_registered() -> None:
    documented = documented_commands()
    assert {"index", "search", "stats", "reindex", "check", "serve"} <= documented
    assert set(main.commands) == documented
    assert {command.name for command in COMMANDS} == documented


def test_every_registered_command_answers_help() -> None:
    for name in main.commands:
        result = CliRunner().invoke(main, [name, "--help"], prog_name="newsfacet")
        assert result.exit_code == 0, (name, result.output)
        assert result.output.startswith(f"Usage: newsfacet {name} ")


def test_a_command_module_that_fails_to_import_stops_the_cli() -> None:
    # `sys.modules[name] = None` makes importing that module raise ImportError, as a broken
    # dependency would; the CLI must not start without the command.
    code = ("import sys\nsys.modules['newsfacet.cli.check'] = None\ntry:\n    import newsfacet.cli as cli\n"
            "except ImportError as error:\n    print('refused', error.name)\n    sys.exit(3)\n"
            "print('started with', sorted(cli.main.commands))")
    finished = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                              cwd=README.parent)
    assert (finished.returncode, finished.stdout.strip()) == (3, "refused newsfacet.cli.check"), finished.stderr
