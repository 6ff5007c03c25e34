"""Fill a new index version from source files: the pipeline as `newsfacet reindex --from-sources` uses it."""
from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from newsfacet.engine.backends.base import Backend, BackendError
from newsfacet.indexer.pipeline import PipelineOptions, run_pipeline
from newsfacet.indexer.process import WorkOptions
from newsfacet.indexer.progress import Progress
from newsfacet.indexer.report import ReportWriter, Summary, default_report_path
from newsfacet.indexer.resume import Journal
from newsfacet.indexer.sources import iter_sources


def fill_from_sources(paths: Sequence[str], workers: int, no_entities: bool, data_dir: str, progress: bool,
                      announce: Callable[[str], None]) -> Callable[[Backend], int]:
    """A fill function for `engine.reindex.reindex`: index `paths` into the new version.

    `announce` receives the run's summary text. Any failed input raises `BackendError`, so the
    alias is not switched to an index missing articles.
    """
    def fill(target: Backend) -> int:
        work = WorkOptions(entities=not no_entities)
        options = PipelineOptions(workers=workers, work=work)
        summary = Summary()
        report = ReportWriter(default_report_path(data_dir))
        # A fresh journal per run: a rebuild never resumes, so it lives only as long as the run.
        with tempfile.TemporaryDirectory(prefix="newsfacet-reindex-") as scratch:
            journal = Journal(Path(scratch) / "journal.sqlite3", resume=False)
            meter = Progress(None, enabled=progress)
            try:
                run_pipeline(target, iter_sources(list(paths), work.max_bytes), options, journal, report,
                             summary, meter)
            finally:
                summary.finished = time.monotonic()
                meter.close(summary)
                report.close()
                journal.close()
        announce(summary.format())
        if summary.counts["failed"]:
            raise BackendError(f"{summary.counts['failed']} inputs failed; the index was not switched "
                               f"(see {report.path})")
        return summary.counts["indexed"]

    return fill
