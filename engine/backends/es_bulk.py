"""Bulk writes to Elasticsearch: per-document results, backoff on 429/503 and on a lost node.

`streaming_bulk` retries documents (and whole requests) answered 429 or 503 with exponential
backoff. A connection that fails (node down, timeout) is retried here, again with backoff, for the
documents not yet acknowledged; writes are `index` operations by id, so a retry never duplicates.
When every attempt fails the caller gets `BackendError`, never a silent loss.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from elasticsearch import ApiError, Elasticsearch, TransportError
from elasticsearch.helpers import streaming_bulk
from newsfacet.engine.backends.base import BackendError, WriteResult
from newsfacet.engine.backends.es_connect import describe

log = logging.getLogger("newsfacet.es")
RETRY_STATUSES = (429, 503)


@dataclass(frozen=True)
class BulkOptions:
    chunk_size: int = 500
    max_chunk_bytes: int = 10 * 1024 * 1024
    max_retries: int = 5
    initial_backoff: float = 1.0
    max_backoff: float = 30.0


def _failure(item: dict[str, Any]) -> str:
    error = item.get("error")
    if isinstance(error, dict):
        return f"Elasticsearch refused the document: {error.get('type')}: {error.get('reason')}"
    return f"Elasticsearch refused the document (status {item.get('status')}): {error}"


def bulk_index(client: Elasticsearch, index: str, documents: list[tuple[str, dict[str, Any]]],
               options: BulkOptions, where: str, sleep: Callable[[float], None] = time.sleep) -> list[WriteResult]:
    """Index (add or replace) `(id, source)` pairs into `index`; one result per document, in order."""
    results: dict[str, WriteResult] = {}
    attempt = 0
    while True:
        pending = [(doc_id, source) for doc_id, source in documents if doc_id not in results]
        if not pending:
            break
        try:
            _send(client, index, pending, options, results)
            break
        except (ApiError, TransportError) as error:
            status = getattr(getattr(error, "meta", None), "status", None)
            if isinstance(error, ApiError) and status not in RETRY_STATUSES:
                raise BackendError(describe(error, where)) from error
            attempt += 1
            if attempt > options.max_retries:
                raise BackendError(f"{describe(error, where)}; gave up after {options.max_retries} retries "
                                   f"({len(results)} of {len(documents)} documents written)") from error
            delay = min(options.initial_backoff * 2 ** (attempt - 1), options.max_backoff)
            log.warning("bulk write failed (%s); retry %d of %d in %.1f s", describe(error, where), attempt,
                        options.max_retries, delay)
            sleep(delay)
    return [results[doc_id] for doc_id, _ in documents]


def _send(client: Elasticsearch, index: str, pending: list[tuple[str, dict[str, Any]]], options: BulkOptions,
          results: dict[str, WriteResult]) -> None:
    actions = ({"_op_type": "index", "_index": index, "_id": doc_id, "_source": source}
               for doc_id, source in pending)
    for ok, item in streaming_bulk(client, actions, chunk_size=options.chunk_size,
                                   max_chunk_bytes=options.max_chunk_bytes, raise_on_error=False,
                                   max_retries=options.max_retries, initial_backoff=options.initial_backoff,
                                   max_backoff=options.max_backoff, retry_on_status=RETRY_STATUSES,
                                   yield_ok=True):
        outcome = item.get("index", {})
        doc_id = outcome.get("_id", "")
        results[doc_id] = WriteResult(doc_id, True) if ok else WriteResult(doc_id, False, _failure(outcome))
