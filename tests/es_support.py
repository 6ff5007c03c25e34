"""How tests reach Elasticsearch: NEWSFACET_ES_URL, else skip (outside CI) with one clear line.

Every backend gets a logical index name of its own (`nftest-<random>-<name>`); its physical
indexes, aliases and saved-search index are deleted when the test ends.
"""
from __future__ import annotations

import os
import uuid

import pytest


def es_url() -> str:
    """The test node's URL; skips the test (fails it in CI) when none is configured."""
    url = os.environ.get("NEWSFACET_ES_URL")
    if not url:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true but NEWSFACET_ES_URL is not set: .ci/run must start Elasticsearch")
        pytest.skip("Elasticsearch tests skipped: set NEWSFACET_ES_URL (scripts/es_node.sh start)")
    return url


def unique_index(name: str) -> str:
    return f"nftest-{uuid.uuid4().hex[:10]}-{name}".lower()


def open_backend(url: str, index: str):
    """An Elasticsearch backend on `index`, as the CLI would open it (with a patient timeout for CI)."""
    from newsfacet.engine.backends.es_backend import ElasticsearchBackend

    return ElasticsearchBackend.from_settings({"es_url": url, "index": index, "es_timeout": 30.0})


def drop_everything(url: str, index: str) -> None:
    """Delete the logical index's physical versions, alias, saved-search and entity-choices indexes (teardown)."""
    from newsfacet.engine.backends import es_lifecycle as lifecycle

    cleaner = open_backend(url, index)
    try:
        for physical in lifecycle.versions(cleaner.client, index):
            lifecycle.drop(cleaner.client, physical)
        lifecycle.drop(cleaner.client, lifecycle.saved_index(index))
        lifecycle.drop(cleaner.client, lifecycle.entities_index(index))
    finally:
        cleaner.close()


def elasticsearch_backend(request, name: str):
    """An empty Elasticsearch backend on a fresh logical index, deleted after the test."""
    url = es_url()
    try:
        import newsfacet.engine.backends.es_backend  # noqa: F401 - the optional `es` extra
    except ImportError as error:
        pytest.skip(f"Elasticsearch backend not available: {error}")
    backend = open_backend(url, unique_index(name))
    request.addfinalizer(lambda: drop_everything(url, backend.index))
    return backend
