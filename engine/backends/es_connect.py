"""Connecting to Elasticsearch: a client from the settings table, and errors a person can read.

Supported servers: 8.x. The client is `elasticsearch>=8.19,<9`, which speaks the 8 compatibility
header; a 9.x server would need the 9.x client (and Java 21 to run it here). `GET /` is refused by
the integ-test node we test against, so readiness is `cluster.health` and the version comes from
`_cat/nodes`.
"""
from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from elasticsearch import (
    ApiError,
    AuthenticationException,
    AuthorizationException,
    ConnectionTimeout,
    Elasticsearch,
    TransportError,
)
from elasticsearch import ConnectionError as ESConnectionError
from newsfacet.engine.backends.base import BackendError

SUPPORTED_MAJOR = 8
# Transport-level retries (same request, other node or again) for these statuses; bulk writes add
# their own backoff on top (es_bulk.py).
RETRY_ON_STATUS = (429, 502, 503, 504)


def hosts_of(url: str) -> list[str]:
    """Comma-separated URLs as a list."""
    hosts = [part.strip() for part in url.split(",") if part.strip()]
    if not hosts:
        raise BackendError("no Elasticsearch URL given: set NEWSFACET_ES_URL or --es-url")
    return hosts


def shown_url(url: str) -> str:
    """The URL(s) as messages and error pages may show them: any user:password@ removed."""
    shown = []
    for host in (part.strip() for part in url.split(",") if part.strip()):
        split = urlsplit(host)
        shown.append(urlunsplit(split._replace(netloc=split.netloc.rsplit("@", 1)[-1])) if split.netloc else host)
    return ",".join(shown)


def client_from_settings(settings: dict[str, Any], max_retries: int = 3) -> Elasticsearch:
    """An `Elasticsearch` client with URL(s), auth, CA certificate and timeout from the settings."""
    options: dict[str, Any] = {
        "request_timeout": float(settings.get("es_timeout") or 30.0),
        "max_retries": max_retries,
        "retry_on_status": RETRY_ON_STATUS,
        "retry_on_timeout": True,
    }
    if settings.get("es_api_key"):
        options["api_key"] = settings["es_api_key"]
    elif settings.get("es_username"):
        options["basic_auth"] = (settings["es_username"], settings.get("es_password") or "")
    if settings.get("es_ca_certs"):
        options["ca_certs"] = settings["es_ca_certs"]
    return Elasticsearch(hosts_of(settings.get("es_url") or ""), **options)


def describe(error: Exception, where: str) -> str:
    """One readable line for a client error."""
    if isinstance(error, AuthenticationException):
        return (f"Elasticsearch at {where} rejected the credentials: set NEWSFACET_ES_API_KEY or "
                "NEWSFACET_ES_USERNAME/NEWSFACET_ES_PASSWORD")
    if isinstance(error, AuthorizationException):
        return f"Elasticsearch at {where} refused the request (missing privileges): {_reason(error)}"
    if isinstance(error, ConnectionTimeout):
        return f"Elasticsearch at {where} did not answer in time (NEWSFACET_ES_TIMEOUT): {error}"
    if isinstance(error, ESConnectionError):
        return (f"cannot reach Elasticsearch at {where}: {_socket_reason(error)} "
                "(is the node running? check NEWSFACET_ES_URL and NEWSFACET_ES_CA_CERTS)")
    if isinstance(error, ApiError):
        return f"Elasticsearch at {where} answered {error.meta.status}: {_reason(error)}"
    return f"Elasticsearch at {where} failed: {_first_line(error)}"


def _reason(error: ApiError) -> str:
    body = error.body if isinstance(error.body, dict) else {}
    cause = body.get("error")
    if isinstance(cause, dict):
        return f"{cause.get('type', 'error')}: {cause.get('reason', '')}".strip()
    return _first_line(error)


def _socket_reason(error: Exception) -> str:
    """'Connection refused' rather than three nested exception reprs."""
    found = re.search(r"\[Errno -?\d+\] ([^)\]]+)", str(error))
    return found.group(1).strip().rstrip("'\"") if found else _first_line(error)


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


@contextlib.contextmanager
def readable_errors(where: str) -> Iterator[None]:
    """Turn client exceptions inside the block into `BackendError` with a readable message."""
    try:
        yield
    except (ApiError, TransportError) as error:
        raise BackendError(describe(error, where)) from error


def server_version(client: Elasticsearch, where: str) -> str:
    """The cluster's version (lowest over its nodes); `BackendError` when not 8.x or unreachable."""
    with readable_errors(where):
        client.cluster.health(timeout="5s")
        rows = client.cat.nodes(h="version", format="json")
    versions = sorted({row["version"] for row in rows}, key=_version_key)
    if not versions:
        raise BackendError(f"Elasticsearch at {where} reports no nodes")
    version = versions[0]
    if _version_key(version)[0] != SUPPORTED_MAJOR:
        raise BackendError(
            f"Elasticsearch at {where} is version {version}; newsfacet supports {SUPPORTED_MAJOR}.x "
            f"(the elasticsearch-py 8.19 client speaks the {SUPPORTED_MAJOR}.x API)")
    return version


def _version_key(version: str) -> tuple[int, ...]:
    parts = []
    for piece in version.split("-")[0].split("."):
        parts.append(int(piece) if piece.isdigit() else 0)
    return tuple(parts)
