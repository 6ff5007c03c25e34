"""The interface every search backend implements, so the indexer and web app never care which."""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from engine.model import Article
from engine.saved import SavedSearchStore
from engine.search import FacetResult, SearchRequest, SearchResult


class BackendError(RuntimeError):
    """The backend cannot do what was asked; the message is meant for a person."""


class WriterBusyError(BackendError):
    """Another process holds the index's single writer."""


class UnsupportedError(BackendError):
    """The backend lacks a capability; the message names it."""


@dataclass(frozen=True)
class WriteResult:
    id: str
    ok: bool
    error: str | None = None


class Backend(ABC):
    """A search engine holding articles under one logical index name.

    Physical indexes are versioned (`articles-v1`, `articles-v2`...) behind the logical name so a
    reindex can build a new one and switch atomically.
    """

    name: str = "abstract"
    capabilities: frozenset[str] = frozenset()

    # -- writing ---------------------------------------------------------------------------
    @abstractmethod
    def write(self, articles: Iterable[Article]) -> list[WriteResult]:
        """Add or replace (same id) articles; visible to searches when this returns."""

    def acquire_writer(self) -> None:
        """Take the index's single writer now, before a run changes anything, or raise WriterBusyError.

        Backends without a single-writer rule (Elasticsearch) have nothing to take.
        """

    @abstractmethod
    def delete(self, ids: Iterable[str]) -> None:
        """Remove articles by id (unknown ids are ignored)."""

    @abstractmethod
    def existing_fingerprints(self, fingerprints: Iterable[str]) -> set[str]:
        """The subset of these text fingerprints already indexed (for duplicate detection)."""

    # -- reading ---------------------------------------------------------------------------
    @abstractmethod
    def search(self, request: SearchRequest) -> SearchResult:
        """Hits, totals, facets and histogram for one request."""

    @abstractmethod
    def facet_values(self, request: SearchRequest, facet: str, prefix: str = "",
                     limit: int = 100) -> FacetResult:
        """One facet's values under the request's other filters, optionally by prefix."""

    @abstractmethod
    def get(self, article_id: str) -> Article | None:
        """One stored article, or None."""

    @abstractmethod
    def scan(self, batch_size: int = 500) -> Iterator[Article]:
        """Every stored article, in no particular order (for reindexing and exports)."""

    @abstractmethod
    def count(self) -> int:
        """Number of articles in the index."""

    @abstractmethod
    def stats(self, facet_size: int = 5) -> dict[str, Any]:
        """Document count, top values per facet, index size and version."""

    # -- lifecycle -------------------------------------------------------------------------
    @abstractmethod
    def health(self) -> dict[str, Any]:
        """Whether the backend answers, and what it holds."""

    @abstractmethod
    def saved_searches(self) -> SavedSearchStore:
        """Where this backend keeps saved searches (shared by every web worker)."""

    def close(self) -> None:
        """Release files or connections."""

    # -- index versions (reindex and rollback; see engine/reindex.py) ------------------------
    def physical_indexes(self) -> list[str]:
        """Physical indexes of this logical index (`articles-v1`...), oldest first."""
        raise UnsupportedError(f"the {self.name} backend has no versioned indexes")

    def current_physical(self) -> str | None:
        """The physical index searches read now, or None before the first write."""
        raise UnsupportedError(f"the {self.name} backend has no versioned indexes")

    def history(self) -> list[str]:
        """Physical indexes the current one replaced, newest first (what a rollback goes back to)."""
        raise UnsupportedError(f"the {self.name} backend has no versioned indexes")

    def new_physical(self) -> tuple[str, Backend]:
        """Create the next physical index, not yet searched, and a backend writing into it."""
        raise UnsupportedError(f"the {self.name} backend cannot build a new index version")

    def switch_to(self, physical: str, history: list[str]) -> None:
        """Atomically make `physical` the index searches read; remember `history` for rollback."""
        raise UnsupportedError(f"the {self.name} backend cannot switch index versions")

    def drop_physical(self, physical: str) -> None:
        """Delete one physical index that no alias points at."""
        raise UnsupportedError(f"the {self.name} backend cannot delete index versions")
