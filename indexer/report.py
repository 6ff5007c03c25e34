"""What an indexing run did: the counts per bucket with top reasons, and the per-input JSONL report."""
from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from newsfacet.indexer.names import json_text, printable

BUCKETS = ("indexed", "duplicate", "skipped", "failed")
# Distinct reasons kept per bucket: free-text error messages must not grow memory without bound.
MAX_REASONS = 200
OTHER = "(other reasons)"


@dataclass
class Summary:
    """Counts for one run. `read` counts inputs handled this run; `resumed` those passed over."""

    read: int = 0
    resumed: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BUCKETS, 0))
    reasons: dict[str, Counter] = field(default_factory=lambda: {b: Counter() for b in BUCKETS})
    stage_seconds: dict[str, float] = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None
    report_path: str | None = None
    journal_path: str | None = None

    def add(self, bucket: str, reason: str | None) -> None:
        """File one input under its bucket (and reason)."""
        self.counts[bucket] += 1
        if reason:
            reasons = self.reasons[bucket]
            key = reason if reason in reasons or len(reasons) < MAX_REASONS else OTHER
            reasons[key] += 1

    def add_stage_seconds(self, table: dict[str, float]) -> None:
        for stage, seconds in table.items():
            self.stage_seconds[stage] = self.stage_seconds.get(stage, 0.0) + seconds

    @property
    def done(self) -> int:
        return sum(self.counts.values())

    @property
    def elapsed(self) -> float:
        return (self.finished or time.monotonic()) - self.started

    def to_dict(self, top: int = 10) -> dict[str, Any]:
        """JSON-ready summary (what `--json` prints)."""
        elapsed = self.elapsed
        per_doc = {stage: round(seconds * 1000 / max(self.read, 1), 3) for stage, seconds in self.stage_seconds.items()}
        return {
            "read": self.read,
            "resumed": self.resumed,
            **self.counts,
            "reasons": {bucket: [[reason, count] for reason, count in self.reasons[bucket].most_common(top)]
                        for bucket in BUCKETS},
            "seconds": round(elapsed, 3),
            "docs_per_second": round(self.read / elapsed, 2) if elapsed > 0 else None,
            "stage_ms_per_input": per_doc,
            "report": self.report_path,
            "journal": self.journal_path,
        }

    def format(self, top: int = 5) -> str:
        """The human summary printed at the end of a run (reasons and paths made printable)."""
        elapsed = self.elapsed
        rate = self.read / elapsed if elapsed > 0 else 0.0
        lines = [f"read {self.read} inputs in {elapsed:.1f} s ({rate:.1f}/s)"
                 + (f"; {self.resumed} finished earlier (--resume)" if self.resumed else "")]
        for bucket in BUCKETS:
            lines.append(f"  {bucket:<9} {self.counts[bucket]}")
            for reason, count in self.reasons[bucket].most_common(top):
                lines.append(f"      {count:>7}  {printable(reason)}")
        if self.report_path and (self.done - self.counts["indexed"]):
            lines.append(f"report of inputs not indexed: {printable(self.report_path)}")
        return "\n".join(lines)


def default_report_path(data_dir: str) -> Path:
    """`<data_dir>/reports/index-<UTC time>.jsonl`."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    return Path(data_dir).expanduser() / "reports" / f"index-{stamp}.jsonl"


class ReportWriter:
    """One JSON line per input that was not indexed: source, bucket, reason (and duplicate_of).

    Sources are escaped names (indexer.names); the JSON holds no raw control character.
    """

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._out: IO[str] = path.open("w", encoding="utf-8")

    def write(self, source: str, bucket: str, reason: str | None, duplicate_of: str | None = None) -> None:
        line: dict[str, Any] = {"source": source, "bucket": bucket, "reason": reason}
        if duplicate_of:
            line["duplicate_of"] = duplicate_of
        self._out.write(json_text(line) + "\n")

    def flush(self) -> None:
        self._out.flush()

    def close(self) -> None:
        self._out.close()
