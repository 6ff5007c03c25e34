"""Backends behind one interface; `open_backend` picks one from the settings (default tantivy)."""
from __future__ import annotations

from typing import Any

from newsfacet.engine.backends.base import Backend, BackendError


class LazyBackend:
    """Opens the configured backend on first use and closes it once: no client at import time."""

    def __init__(self, settings: dict[str, Any]) -> None:
        self.settings = settings
        self._backend: Backend | None = None

    @property
    def backend(self) -> Backend:
        if self._backend is None:
            self._backend = open_backend(self.settings)
        return self._backend

    def close(self) -> None:
        if self._backend is not None:
            self._backend.close()
            self._backend = None


def open_backend(settings: dict[str, Any]) -> Backend:
    """The backend the settings name, opened on its data directory or cluster."""
    kind = settings.get("backend", "tantivy")
    if kind == "tantivy":
        from newsfacet.engine.backends.tantivy_backend import TantivyBackend

        return TantivyBackend(settings["data_dir"], settings.get("index", "articles"))
    if kind == "elasticsearch":
        try:
            from newsfacet.engine.backends.es_backend import ElasticsearchBackend
        except ImportError as error:
            raise BackendError(
                f"the Elasticsearch backend needs the 'es' extra (pip install 'newsfacet[es]'): {error}"
            ) from error
        return ElasticsearchBackend.from_settings(settings)
    raise BackendError(f"unknown backend {kind!r}: choose tantivy or elasticsearch")
