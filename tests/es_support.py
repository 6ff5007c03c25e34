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


def elasticsearch_backend(request, name: str):
    """An empty Elasticsearch backend on a fresh logical index, deleted after the test."""
    url = es_url()
    try:
        from engine.backends.es_backend import ElasticsearchBackend
    except ImportError as error:
        pytest.skip(f"Elasticsearch backend not available: {error}")
    backend = ElasticsearchBackend.for_tests(url, unique_index(name))
    cleaner = ElasticsearchBackend.for_tests(url, backend.index)
    request.addfinalizer(lambda: (cleaner.drop_everything(), cleaner.close()))
    return backend
