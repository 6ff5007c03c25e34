"""How tests reach Elasticsearch: NEWSFACET_ES_URL, else skip (outside CI) with one clear line."""
from __future__ import annotations

import os

import pytest


def elasticsearch_backend(request, name: str):
    url = os.environ.get("NEWSFACET_ES_URL")
    if not url:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true but NEWSFACET_ES_URL is not set: .ci/run must start Elasticsearch")
        pytest.skip("Elasticsearch tests skipped: set NEWSFACET_ES_URL (scripts/es_node.sh start)")
    try:
        from engine.backends.es_backend import ElasticsearchBackend
    except ImportError as error:
        pytest.skip(f"Elasticsearch backend not available: {error}")
    return ElasticsearchBackend.for_tests(url, name)
