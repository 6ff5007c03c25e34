"""`newsfacet index PATH...`: files, folders, JSONL, WARC and Reuters SGML into the index."""
from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

import click
from newsfacet.engine.backends.base import Backend, BackendError
from newsfacet.engine.entity_choices import blocked_names, confirmed_names
from newsfacet.indexer.names import json_text, printable
from newsfacet.indexer.pipeline import PipelineOptions, run_pipeline
from newsfacet.indexer.process import WorkOptions
from newsfacet.indexer.progress import Progress, count_inputs
from newsfacet.indexer.report import ReportWriter, Summary, default_report_path
from newsfacet.indexer.resume import Journal, JournalBusyError, journal_path
from newsfacet.indexer.sources import iter_sources, read_path_list


def _paths(paths: tuple[str, ...]) -> list[str] | object:
    """The paths, with `-` replaced by the paths listed on standard input (read lazily)."""
    if "-" not in paths:
        return list(paths)

    def expand():
        for path in paths:
            if path == "-":
                # Bytes, so a listed name that is not UTF-8 still names its file.
                yield from read_path_list(sys.stdin.buffer)
            else:
                yield path

    return expand()


class _PrintableFormatter(logging.Formatter):
    """Log lines name inputs and quote their errors: control characters must not reach the terminal."""

    def format(self, record: logging.LogRecord) -> str:
        return "\n".join(printable(line) for line in super().format(record).split("\n"))


def _setup_logging(verbose: bool) -> None:
    logger = logging.getLogger("newsfacet.index")
    logger.setLevel(logging.DEBUG if verbose else logging.WARNING)
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(_PrintableFormatter("%(levelname)s %(message)s"))
        logger.addHandler(handler)


def _confirmed(backend: Backend) -> list[tuple[str, str, list[str]]]:
    """The names the user curated, so the known-names matcher finds them (and their aliases) in
    every language."""
    return confirmed_names(backend.entity_choices().load(), backend.entity_type_counts)


def _fail(message: str) -> click.ClickException:
    """A one-line error for people, whatever the input names and error texts in it hold."""
    return click.ClickException(printable(message))


def _open_journal_and_report(settings: dict, resume: bool, report_file: str | None) -> tuple[Journal, ReportWriter]:
    """The run's resume journal (locked; emptied unless resuming) and its report, or a one-line error."""
    try:
        journal = Journal(journal_path(settings["data_dir"], settings["backend"], settings["index"]), resume)
    except JournalBusyError as error:
        raise _fail(str(error)) from error
    try:
        report = ReportWriter(Path(report_file) if report_file else default_report_path(settings["data_dir"]))
    except OSError as error:
        journal.close()
        raise _fail(f"cannot write the report: {error.strerror or error}: {error.filename}") from error
    return journal, report


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--workers", type=click.IntRange(0), default=0, envvar="NEWSFACET_WORKERS", show_default=True,
              help="Worker processes for reading, cleaning and enrichment (0 = one per CPU core; "
                   "1 = no worker processes).")
@click.option("--batch-size", type=click.IntRange(1), default=500, show_default=True,
              envvar="NEWSFACET_BATCH_SIZE", help="Articles per write (one commit each).")
@click.option("--resume", is_flag=True, help="Continue an interrupted run: skip inputs it finished.")
@click.option("--report", "report_file", type=click.Path(dir_okay=False),
              help="JSONL file listing every input not indexed (default: in the data dir, under reports/).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON on standard output.")
@click.option("--allow-failures", is_flag=True, help="Exit 0 even when some inputs failed.")
@click.option("--no-entities", is_flag=True, envvar="NEWSFACET_NO_ENTITIES",
              help="Skip named-entity extraction (language detection still runs): several times faster.")
@click.option("--topic-from-folder", is_flag=True,
              help="Give each .txt file the name of the folder directly holding it as its topic "
                   "(bbc/sport/001.txt -> sport; in nested folders the innermost one, a/b/c.txt -> b). "
                   "Also for files named on the command line (001.txt run inside sport/ -> sport). "
                   "Other formats keep the topics they carry.")
@click.option("--max-mb", type=click.FloatRange(0.001), default=20.0, show_default=True,
              help="Larger inputs are skipped (after decompression).")
@click.option("--timeout", type=click.FloatRange(0), default=120.0, show_default=True,
              help="Seconds one input may take before it is filed as failed (0 = no limit).")
@click.option("--progress/--no-progress", default=True, help="Progress bar on a terminal, else a line every "
              "--progress-every seconds on standard error.")
@click.option("--progress-every", type=click.FloatRange(0.1), default=10.0, show_default=True)
@click.option("-v", "--verbose", is_flag=True, help="Log each failure, with tracebacks of unexpected errors.")
@click.pass_obj
def index(app, paths, workers, batch_size, resume, report_file, as_json, allow_failures, no_entities,
          topic_from_folder, max_mb, timeout, progress, progress_every, verbose) -> None:
    """Index news articles from PATHS: files, folders (recursive) or `-` for a list of paths on stdin.

    Reads .html/.htm/.xhtml, .txt, .jsonl/.ndjson (one article per line), .warc/.warc.gz and
    Reuters-21578 .sgm, each also gzip-compressed (.gz). Every input ends indexed, duplicate,
    skipped or failed; the exit status is non-zero when any input failed.

    Topics (the `topic` facet) come from what each source declares: Reuters TOPICS codes, a page's
    article:section (else JSON-LD articleSection, else a section meta tag), a JSONL record's
    topics/topic/section/category; for plain text, from folder names with --topic-from-folder.
    """
    _setup_logging(verbose)
    settings = app.settings
    work = WorkOptions(entities=not no_entities, max_bytes=int(max_mb * 1_000_000), timeout=timeout)
    options = PipelineOptions(workers=workers, batch_size=batch_size, resume=resume, work=work,
                              confirmed_names=lambda: _confirmed(app.backend),
                              blocked_names=lambda: blocked_names(app.backend.entity_choices().load()))
    try:
        # One writer at a time, checked before the journal or a report is opened (and emptied):
        # a refused run must leave the running one's resume journal as it is.
        app.backend.acquire_writer()
    except BackendError as error:
        raise _fail(str(error)) from error
    path_list = _paths(paths)
    total = count_inputs(path_list) if progress and isinstance(path_list, list) and not resume else None
    summary = Summary()
    journal, report = _open_journal_and_report(settings, resume, report_file)
    summary.report_path, summary.journal_path = str(report.path), str(journal.path)
    meter = Progress(total, every=progress_every, enabled=progress)
    try:
        sources = iter_sources(path_list, work.max_bytes, topic_from_folder)
        run_pipeline(app.backend, sources, options, journal, report, summary, meter)
    except BackendError as error:
        raise _fail(f"{error} ({summary.done} inputs done; rerun with --resume to go on)") from error
    except KeyboardInterrupt:
        raise _fail(f"interrupted after {summary.done} inputs; rerun with --resume to go on") from None
    except Exception as error:  # noqa: BLE001 - a one-line message for people; --verbose has the traceback
        logging.getLogger("newsfacet.index").debug("indexing stopped", exc_info=True)
        raise _fail(f"indexing stopped after {summary.done} inputs: {type(error).__name__}: "
                    f"{error}; rerun with --resume to go on") from error
    finally:
        summary.finished = time.monotonic()
        meter.close(summary)
        report.close()
        journal.close()
    _finish(summary, as_json, allow_failures)


def _finish(summary: Summary, as_json: bool, allow_failures: bool) -> None:
    if as_json:
        click.echo(json_text(summary.to_dict(), indent=2))
    else:
        click.echo(summary.format())
    failed = summary.counts["failed"]
    if failed and not allow_failures:
        raise _fail(f"{failed} of {summary.read} inputs failed; see {summary.report_path}")
