"""Progress of an indexing run: a live bar on a terminal, plain periodic lines otherwise.

tqdm draws the bar: it is already installed with spaCy, handles terminal width, refresh rate
and rate/ETA smoothing, and its `postfix` shows our bucket counts. When stderr is not a terminal
(CI logs, cron), a bar's carriage returns make a mess, so a line is printed every N seconds.
"""
from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable
from typing import IO

from newsfacet.indexer.report import Summary
from newsfacet.indexer.sources.registry import format_of_file
from newsfacet.indexer.sources.walk import is_doc_file

# Counting first is a second walk of the tree: give up (no ETA) rather than delay the run.
COUNT_SECONDS = 2.0


def count_inputs(paths: Iterable[str], budget: float = COUNT_SECONDS) -> int | None:
    """Number of inputs when it is cheap to know (plain files only), else None (no ETA)."""
    deadline = time.monotonic() + budget
    total = 0
    for path in paths:
        if path == "-":
            return None
        if not os.path.isdir(path):
            source_format = format_of_file(os.path.basename(path))
            if source_format is not None and source_format.is_container:
                return None
            total += 1
            continue
        for _root, dirs, files in os.walk(path):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in files:
                source_format = format_of_file(name)
                if source_format is not None and source_format.is_container:
                    return None
                total += source_format is not None and not name.startswith(".") and not is_doc_file(name)
            if time.monotonic() > deadline:
                return None
    return total


class Progress:
    """Shows the summary as it grows; `update` is cheap enough to call per input."""

    def __init__(self, total: int | None, stream: IO[str] | None = None, every: float = 10.0,
                 enabled: bool = True) -> None:
        self.stream = stream or sys.stderr
        self.total = total
        self.every = every
        self.enabled = enabled
        self._bar = None
        self._last = time.monotonic()
        if enabled and self.stream.isatty():
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit="doc", file=self.stream, dynamic_ncols=True, smoothing=0.1)

    def update(self, summary: Summary) -> None:
        if not self.enabled:
            return
        if self._bar is not None:
            self._bar.update(summary.read - self._bar.n)
            now = time.monotonic()
            if now - self._last >= 0.5:
                self._last = now
                self._bar.set_postfix(self._counts(summary), refresh=False)
            return
        if time.monotonic() - self._last >= self.every:
            self._last = time.monotonic()
            self.stream.write(self._line(summary) + "\n")
            self.stream.flush()

    @staticmethod
    def _counts(summary: Summary) -> dict[str, int]:
        return {name[:3]: count for name, count in summary.counts.items()}

    def _line(self, summary: Summary) -> str:
        elapsed = summary.elapsed
        rate = summary.read / elapsed if elapsed > 0 else 0.0
        counts = ", ".join(f"{name} {count}" for name, count in summary.counts.items())
        done = f"{summary.read}/{self.total}" if self.total else f"{summary.read}"
        eta = ""
        if self.total and rate > 0:
            eta = f", ETA {max(self.total - summary.read, 0) / rate:.0f} s"
        return f"index: {done} inputs, {rate:.1f}/s{eta} ({counts})"

    def close(self, summary: Summary) -> None:
        if self._bar is not None:
            self.update(summary)
            self._bar.set_postfix(self._counts(summary), refresh=True)
            self._bar.close()
