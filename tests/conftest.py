"""Shared fixtures: backends to run the backend-neutral tests against, and a known article set.

`backend_factory` is parametrized over every backend; Elasticsearch runs when a node is reachable
(tests/es_support.py decides, and fails instead of skipping in CI).
"""
from __future__ import annotations

import pytest
from newsfacet.engine.backends.tantivy_backend import TantivyBackend

BACKENDS = ["tantivy", "elasticsearch"]


@pytest.fixture(params=BACKENDS)
def backend_factory(request, tmp_path):
    """Call it to get an empty backend of the parametrized kind; closed after the test."""
    opened = []

    def make(name: str = "articles"):
        if request.param == "tantivy":
            backend = TantivyBackend(tmp_path / "data", name)
        else:
            from tests.es_support import elasticsearch_backend

            backend = elasticsearch_backend(request, name)
        opened.append(backend)
        return backend

    yield make
    for backend in opened:
        backend.close()


@pytest.fixture
def backend(backend_factory):
    return backend_factory()
