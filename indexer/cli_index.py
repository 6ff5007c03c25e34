"""`newsfacet index`: plain-text files (title on the first line) into the index.

A first cut so the search path can be tested end to end; the full pipeline replaces it.
"""
from __future__ import annotations

from pathlib import Path

import click

from engine.backends.base import BackendError
from engine.model import Article


def _text_files(paths: tuple[str, ...]):
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.txt") if p.is_file())
        else:
            yield path


def _read(path: Path) -> Article | None:
    text = path.read_bytes().decode("utf-8", errors="replace")
    lines = [line.strip() for line in text.splitlines()]
    title = next((line for line in lines if line), "")
    body = "\n".join(lines[lines.index(title) + 1:]).strip() if title else ""
    return Article(title=title, body=body, source=str(path)) if body else None


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.pass_obj
def index(app, paths: tuple[str, ...]) -> None:
    """Index plain-text articles from files and folders."""
    seen: set[str] = set()
    batch: list[Article] = []
    counts = {"read": 0, "indexed": 0, "duplicate": 0, "skipped": 0}
    try:
        for path in _text_files(paths):
            counts["read"] += 1
            article = _read(path)
            if article is None:
                counts["skipped"] += 1
                continue
            if article.fingerprint in seen:
                counts["duplicate"] += 1
                continue
            seen.add(article.fingerprint)
            batch.append(article)
        known = app.backend.existing_fingerprints(a.fingerprint for a in batch)
        fresh = [a for a in batch if a.fingerprint not in known]
        counts["duplicate"] += len(batch) - len(fresh)
        for start in range(0, len(fresh), 1000):
            counts["indexed"] += sum(r.ok for r in app.backend.write(fresh[start:start + 1000]))
    except BackendError as error:
        raise click.ClickException(str(error)) from error
    click.echo(", ".join(f"{k} {v}" for k, v in counts.items()))
