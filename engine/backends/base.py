"""The interface every search backend implements, so the indexer and web app never care which."""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from newsfacet.engine.entity_choices import EntityChoiceStore
from newsfacet.engine.model import Article
from newsfacet.engine.saved import SavedSearchStore
from newsfacet.engine.search import FacetResult, SearchRequest, SearchResult
from newsfacet.engine.stories import StoryLookup


class BackendError(RuntimeError):
    """The backend cannot do what was asked; the message is meant for a person."""


class WriterBusyError(BackendError):
    """Another process holds the index's single writer."""


class UnsupportedError(BackendError):
    """The backend lacks a capability; the message names it."""


class IndexDamagedError(BackendError):
    """The index on disk or in the cluster is broken; the message names the damage and the fix.

    Raised instead of reading an empty index (or creating a fresh one beside orphaned data).
    """


REPAIR_HINT = "run `newsfacet check --repair` to point it at the newest intact version"


def orphaned(index: str, physicals: list[str], alias: str) -> IndexDamagedError:
    """Physical indexes with data but no alias: refuse, rather than read empty or orphan them."""
    return IndexDamagedError(f"index '{index}' has physical indexes {', '.join(physicals)} but no alias "
                             f"({alias}); {REPAIR_HINT}")


@dataclass(frozen=True)
class Check:
    """One integrity check's verdict; `reason` names indexes and files, never server paths."""

    name: str
    ok: bool
    reason: str
    skipped: bool = False

    @property
    def status(self) -> str:
        return "skipped" if self.skipped else ("ok" if self.ok else "FAILED")

    def to_dict(self) -> dict[str, Any]:
        return {"check": self.name, "status": self.status, "ok": self.ok, "reason": self.reason}


# Article fields every stored article has: the other fields have defaults. Title and body may be
# empty strings (an untitled page); id and fingerprint never are.
REQUIRED_FIELDS = ("id", "fingerprint", "title", "body")
NON_EMPTY_FIELDS = ("id", "fingerprint")


def stored_article_id(data: Any) -> str:
    """The id of a stored article after checking it is a complete `Article`; ValueError otherwise."""
    if not isinstance(data, dict):
        raise ValueError("the stored article is not a JSON object")
    missing = [name for name in REQUIRED_FIELDS if not isinstance(data.get(name), str)
               or (name in NON_EMPTY_FIELDS and not data[name])]
    if missing:
        raise ValueError(f"the stored article lacks {', '.join(missing)}")
    try:
        Article.from_dict(data)
    except (TypeError, ValueError) as error:
        raise ValueError(f"the stored article does not decode ({type(error).__name__})") from None
    return data["id"]


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
    # What callers may rely on by name; "stemming" (inflected forms match) is the one read today.
    capabilities: frozenset[str] = frozenset()

    # -- writing ---------------------------------------------------------------------------
    @abstractmethod
    def write(self, articles: Iterable[Article], commit: bool = True) -> list[WriteResult]:
        """Add or replace (same id) articles; visible to searches when this returns.

        `commit=False` leaves them pending (neither durable nor visible) until `commit()`: a bulk
        fill of an index nobody reads yet (reindex, the benchmark corpus) pays for one commit
        every many batches instead of one per batch.
        """

    @abstractmethod
    def commit(self) -> None:
        """Make every pending write durable and visible to searches."""

    def acquire_writer(self) -> None:
        """Take the index's single writer now, before a run changes anything, or raise WriterBusyError.

        Backends without a single-writer rule (Elasticsearch) have nothing to take.
        """

    @abstractmethod
    def delete(self, ids: Iterable[str]) -> None:
        """Remove articles by id (unknown ids are ignored)."""

    @abstractmethod
    def story_candidates(self, lookups: Sequence[StoryLookup], limit: int) -> list[list[Article]]:
        """For each lookup, up to `limit` stored articles with its fingerprint (exact copies, first)
        or any of its story keys (those sharing the most next): one request for a whole batch."""

    @abstractmethod
    def story_articles(self, story_ids: Iterable[str], limit: int) -> list[Article]:
        """Up to `limit` articles of these stories, earliest first."""

    @abstractmethod
    def story_sizes(self, story_ids: Iterable[str]) -> dict[str, int]:
        """How many articles each of these stories has (stories without any are left out)."""

    @abstractmethod
    def count_stories(self, request: SearchRequest) -> tuple[int, bool]:
        """(stories among the request's matches, whether that count is exact)."""

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
    def get_many(self, article_ids: Iterable[str]) -> dict[str, Article]:
        """The stored articles among these ids, by id, in one lookup (a batch's worth at most)."""

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

    @abstractmethod
    def entity_choices(self) -> EntityChoiceStore:
        """Where this index keeps the user's entity choices (engine/entity_choices.py); one store
        per backend object, so readers reuse what they parsed until the choices change."""

    @abstractmethod
    def entity_type_counts(self, names: Sequence[str]) -> dict[str, dict[str, int]]:
        """For each name, how many stored articles hold it under each entity facet (kinds with
        none left out); decides a name's type across the index."""

    def generation(self) -> str | None:
        """A token that changes whenever what a search sees may change (a commit, a delete, an alias
        switch), cheap enough to ask on every request; None when unknown (nothing may then be cached)."""
        return None

    def close(self) -> None:
        """Release files or connections."""

    # -- integrity (newsfacet check) ----------------------------------------------------------
    def check(self) -> list[Check]:
        """Verify the index thoroughly (structure, checksums, every stored article); slow on big ones."""
        raise UnsupportedError(f"the {self.name} backend cannot check its index")

    def repair_alias(self) -> str:
        """Point a missing or dangling alias at the newest intact physical index; says what it did."""
        raise UnsupportedError(f"the {self.name} backend cannot repair its alias")

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
