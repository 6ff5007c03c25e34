"""Worker side of the pipeline: one `Source` in, one `Outcome` out (an article or a bucket + reason).

Runs in worker processes (or in-process with --workers 1). Nothing here may let an exception
escape for one input: every input comes back as an outcome, and an unexpected error becomes a
`failed` outcome carrying the exception's message (and its traceback, shown only with --verbose).
"""
from __future__ import annotations

import signal
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field

from newsfacet.engine.model import ENTITY_TYPES, Article, fingerprint
from newsfacet.engine.stories import keys_of
from newsfacet.indexer.clean_authors import without_site_names
from newsfacet.indexer.errors import InputFailed, InputRejected, InputSkipped
from newsfacet.indexer.names import strip_controls
from newsfacet.indexer.sources import Source, format_named
from newsfacet.indexer.sources.files import read_bytes
from newsfacet.indexer.topics import normalise_topics

STAGES = ("read", "decode", "clean", "enrich", "stories", "write")


@dataclass(frozen=True)
class WorkOptions:
    """What the workers need to know (picklable: sent once with every chunk)."""

    entities: bool = True
    stories: bool = True  # story keys (engine/stories.py); off only to measure what they cost
    max_bytes: int = 20_000_000
    timeout: float = 120.0
    # The run's known-names table (indexer/known_names.py), a file each worker loads once.
    known_names: str | None = None


@dataclass
class Outcome:
    """What became of one input. `article` is set when it is ready to be written."""

    source: str
    journal_key: tuple[str, int, int]
    article: Article | None = None
    bucket: str | None = None
    reason: str | None = None
    duplicate_of: str | None = None
    trace: str | None = None


@dataclass
class ChunkResult:
    outcomes: list[Outcome]
    stage_seconds: dict[str, float] = field(default_factory=dict)


class _Timer:
    """Adds the time spent in each stage to a shared table (for the summary and the benchmark)."""

    def __init__(self, table: dict[str, float]) -> None:
        self.table = table

    def run(self, stage: str, action: Callable, *args, **kwargs):
        started = time.perf_counter()
        try:
            return action(*args, **kwargs)
        finally:
            self.table[stage] = self.table.get(stage, 0.0) + time.perf_counter() - started


def _read(source: Source, options: WorkOptions) -> bytes:
    if source.data is not None:
        if not source.data.strip():
            raise InputSkipped("empty record")
        return source.data
    return read_bytes(source.path or source.source, options.max_bytes)


def _to_article(source: Source, data: bytes, timer: _Timer) -> Article:
    """The article of one input, made by the format its kind names (see indexer/sources/registry.py)."""
    source_format = format_named(source.kind)
    if source_format is None or source_format.to_article is None:
        raise InputFailed(f"no registered format turns a {source.kind!r} input into an article")
    return source_format.to_article(source, data, timer.run)


def _merge_entities(given: dict[str, list[str]], found: dict[str, list[str]]) -> dict[str, list[str]]:
    """Entities the source named come first; the found ones are added when new (case-insensitive)."""
    merged = {}
    for kind in ENTITY_TYPES:
        names = list(given.get(kind, []))
        known = {name.casefold() for name in names}
        names += [name for name in found.get(kind, []) if name.casefold() not in known]
        merged[kind] = names
    return merged


def _enrich(article: Article, options: WorkOptions) -> Article:
    """Language always; entities unless turned off. Entities the source gave are kept, under the names
    consolidation gives (`USA` -> `United States`)."""
    given = {kind: list(names) for kind, names in article.entities.items()}
    if options.entities:
        from newsfacet.indexer.enrich import enrich
        from newsfacet.indexer.known_names import load_matcher

        article = enrich(article, load_matcher(options.known_names) if options.known_names else None)
    else:
        from newsfacet.indexer.language import UNDETERMINED, detect_language

        # Same rule as enrich(): a language the cleaner found stands when the text cannot tell.
        detected = detect_language(f"{article.title}\n{article.body}")
        if detected != UNDETERMINED or not article.language:
            article.language = detected
    from newsfacet.indexer.consolidate import canonical_given

    found = article.entities if options.entities else {}
    article.entities = _merge_entities(canonical_given(given, found, article.language), found)
    return article


def _without_controls(article: Article) -> Article:
    """The article with its text fields free of control characters (an ANSI escape in a title)."""
    title, body = strip_controls(article.title), strip_controls(article.body)
    if (title, body) != (article.title, article.body):
        article.title, article.body = title, body
        article.fingerprint = fingerprint(title, body)  # the id stays: it names this input
    article.outlet = strip_controls(article.outlet) if article.outlet else article.outlet
    article.authors = [name for name in map(strip_controls, article.authors) if name.strip()]
    return article


def _process(source: Source, options: WorkOptions, timer: _Timer) -> Article:
    if source.error is not None:
        raise source.error
    data = timer.run("read", _read, source, options)
    article = _without_controls(_to_article(source, data, timer))
    # The one place every source's topics and authors pass through: the article's own topics, then
    # the folder's; a topic or author that only repeats the outlet's name is neither.
    article.topics = normalise_topics([*article.topics, source.topic], outlet=article.outlet)
    article.authors = without_site_names(article.authors, article.outlet)
    if not article.title.strip() and not article.body.strip():
        raise InputSkipped("no text")
    article = timer.run("enrich", _enrich, article, options)
    # Always from the text: keys or a story id a record claims (JSONL fields) are not trusted.
    article.story_keys = timer.run("stories", keys_of, article) if options.stories else []
    article.source = source.source
    return article


class _InputTimeout(Exception):
    pass


def _on_alarm(signum, frame) -> None:  # noqa: ARG001 - signal handler signature
    raise _InputTimeout()


def _alarm(seconds: float) -> bool:
    """Arm a per-input timer when we can (main thread only); True when armed."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        return False
    signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    return True


def process_source(source: Source, options: WorkOptions, table: dict[str, float]) -> Outcome:
    """The outcome of one input; never raises for a problem with the input itself."""
    outcome = Outcome(source.source, source.journal_key)
    armed = _alarm(options.timeout)
    try:
        outcome.article = _process(source, options, _Timer(table))
    except InputRejected as error:
        outcome.bucket, outcome.reason = error.bucket, error.reason
    except _InputTimeout:
        outcome.bucket, outcome.reason = "failed", f"took longer than {options.timeout:g} s (--timeout)"
    except RecursionError:
        outcome.bucket, outcome.reason = "failed", "too deeply nested to process (RecursionError)"
    except MemoryError:
        outcome.bucket, outcome.reason = "failed", "too large to process (MemoryError)"
    except Exception as error:  # noqa: BLE001 - one bad input must not stop the run
        outcome.bucket, outcome.reason = "failed", f"{type(error).__name__}: {error}"[:500]
        outcome.trace = traceback.format_exc()
    finally:
        if armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
    return outcome


def process_chunk(sources: list[Source], options: WorkOptions) -> ChunkResult:
    """Outcomes for a chunk of inputs, in order, with the seconds spent per stage.

    `worker_cpu` is the CPU time the chunk took in its process: with the wall-clock stages it
    tells whether a slow run was waiting for a CPU (a busy machine) or doing work.
    """
    table: dict[str, float] = {}
    started = time.process_time()
    outcomes = [process_source(source, options, table) for source in sources]
    table["worker_cpu"] = time.process_time() - started
    return ChunkResult(outcomes, table)


__all__ = ["STAGES", "ChunkResult", "Outcome", "WorkOptions", "process_chunk", "process_source"]
