"""Helpers for the indexing tests: run the real `newsfacet` CLI and read its JSON output."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from newsfacet.cli import main

REPO = Path(__file__).resolve().parents[1]


def run_cli(data_dir: Path, *args: str, input: str | None = None) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `newsfacet --data-dir DATA ARGS...` run in this process."""
    runner = CliRunner()
    result = runner.invoke(main, ["--data-dir", str(data_dir), *args], input=input, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def index(data_dir: Path, *args: str, input: str | None = None, expect_code: int | None = 0) -> dict[str, Any]:
    """The JSON summary of `newsfacet index --json --no-progress ARGS...` (exit code checked)."""
    code, out, err = run_cli(data_dir, "index", "--json", "--no-progress", *args, input=input)
    if expect_code is not None:
        assert code == expect_code, f"exit {code}\nstdout:\n{out}\nstderr:\n{err}"
    summary = json.loads(out)
    summary["exit_code"] = code
    summary["stderr"] = err
    return summary


def search(data_dir: Path, query: str = "", *args: str) -> dict[str, Any]:
    """The JSON result of `newsfacet search QUERY --json ARGS...`."""
    code, out, err = run_cli(data_dir, "search", query, "--json", *args)
    assert code == 0, err
    return json.loads(out)


def stats(data_dir: Path) -> dict[str, Any]:
    code, out, err = run_cli(data_dir, "stats", "--json", "--top", "50")
    assert code == 0, err
    return json.loads(out)


def exports_by_batch_size(tmp_path: Path, records: list[dict[str, Any]],
                          sizes: tuple[str, ...] = ("1", "500")) -> dict[str, list[dict[str, Any]]]:
    """Each write-batch size's export after indexing `records` (JSON Lines, their entities as given)
    with one worker: what the run ends with must not depend on how it was cut into batches."""
    exports = {}
    for batch_size in sizes:
        data, path = tmp_path / f"data-{batch_size}", tmp_path / f"in-{batch_size}.jsonl"
        path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
        summary = index(data, "--no-entities", "--workers", "1", "--batch-size", batch_size, str(path))
        assert summary["indexed"] == len(records)
        code, out, err = run_cli(data, "export")
        assert code == 0, err
        exports[batch_size] = [json.loads(line) for line in out.splitlines()]
    return exports


def wire_article(number: int, text: str, kind: str, names: list[str]) -> Any:
    """Wire story `number` (1987) whose `kind` entities are `names`, the other kinds empty."""
    from datetime import UTC, datetime

    from newsfacet.engine.model import Article

    entities = {"person": [], "organization": [], "location": [], kind: names}
    return Article(title=f"Wire report {number}", body=text, url=f"https://wire.example/{number}", outlet="Wire",
                   language="en", published=datetime(1987, 3, number, tzinfo=UTC), entities=entities)


def values_after_copying_reindex(data: Path, articles: list[Any], facet: str) -> set[str]:
    """`facet`'s values in the export after `articles` are written straight into a tantivy index
    (as an older release would have left them) and `newsfacet reindex` copies them."""
    from newsfacet.engine.backends.tantivy_backend import TantivyBackend

    backend = TantivyBackend(data, "articles")
    try:
        assert all(result.ok for result in backend.write(articles))
    finally:
        backend.close()
    code, out, err = run_cli(data, "reindex", "--no-progress")
    assert code == 0, err
    code, out, err = run_cli(data, "export")
    assert code == 0, err
    return {name for line in out.splitlines() for name in json.loads(line)["entities"][facet]}


def report_lines(summary: dict[str, Any]) -> list[dict[str, Any]]:
    """The per-input report a run wrote."""
    with open(summary["report"], encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def cli_command(data_dir: Path, *args: str) -> list[str]:
    """argv for running the CLI as a separate process (for kills and resource measurements)."""
    launcher = "import sys; from newsfacet.cli import main; sys.argv[0] = 'newsfacet'; main()"
    return [sys.executable, "-c", launcher, "--data-dir", str(data_dir), *args]


def subprocess_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def run_subprocess(data_dir: Path, *args: str, timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run(cli_command(data_dir, *args), env=subprocess_env(), capture_output=True, text=True,
                          timeout=timeout, cwd=REPO)
