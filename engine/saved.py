"""Saved searches: a short name (slug) for a canonical search URL query string.

They live with the backend's data so every web worker sees the same ones: a small SQLite file
beside the embedded index, or an index of their own in Elasticsearch.
"""
from __future__ import annotations

import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path


class SavedListFull(Exception):
    """The shared list already holds its maximum number of saved searches."""

    def __init__(self, most: int) -> None:
        super().__init__(f"the list of saved searches is full ({most} searches)")
        self.most = most


@dataclass(frozen=True)
class SavedSearch:
    slug: str
    name: str
    query_string: str  # the canonical URL parameters, e.g. "q=port&outlet=BBC"
    created: datetime
    last_visited: datetime | None = None  # when its short link was last opened (new matches count from it)


class SavedSearchStore(ABC):
    @abstractmethod
    def save(self, slug: str, name: str, query_string: str) -> SavedSearch:
        """Store (or replace) one saved search, with no bound on the list (imports, tests)."""

    @abstractmethod
    def add(self, slug: str, name: str, query_string: str, most: int) -> SavedSearch | None:
        """Store a new saved search unless the slug exists (then None); `SavedListFull` when
        the list already holds `most` searches."""

    @abstractmethod
    def get(self, slug: str) -> SavedSearch | None:
        """One saved search by slug."""

    @abstractmethod
    def all(self, limit: int = 200) -> list[SavedSearch]:
        """Saved searches, newest first."""

    @abstractmethod
    def delete(self, slug: str) -> bool:
        """Remove one saved search; False when there was none with this slug."""

    @abstractmethod
    def rename(self, slug: str, name: str) -> bool:
        """Give a saved search a new name, keeping its slug (links stay valid); False when none."""

    @abstractmethod
    def visited(self, slug: str, when: datetime) -> bool:
        """Record that the saved search was opened at `when`; False when there is none."""


class SqliteSavedSearches(SavedSearchStore):
    """Saved searches in one SQLite file; safe for several processes (SQLite locks the file)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("CREATE TABLE IF NOT EXISTS saved_search (slug TEXT PRIMARY KEY, name TEXT NOT NULL,"
                       " query_string TEXT NOT NULL, created TEXT NOT NULL, last_visited TEXT)")
            columns = {row[1] for row in db.execute("PRAGMA table_info(saved_search)")}
            if "last_visited" not in columns:  # a file written before searches could be followed
                db.execute("ALTER TABLE saved_search ADD COLUMN last_visited TEXT")

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """A connection that commits (or rolls back) and is closed at the end of the block;
        sqlite3's own context manager only commits."""
        db = sqlite3.connect(self.path, timeout=10)
        try:
            with db:
                yield db
        finally:
            db.close()

    def save(self, slug: str, name: str, query_string: str) -> SavedSearch:
        saved = SavedSearch(slug, name, query_string, datetime.now(UTC))
        with self._connect() as db:
            db.execute("INSERT OR REPLACE INTO saved_search (slug, name, query_string, created)"
                       " VALUES (?, ?, ?, ?)", (slug, name, query_string, saved.created.isoformat()))
        return saved

    def add(self, slug: str, name: str, query_string: str, most: int) -> SavedSearch | None:
        saved = SavedSearch(slug, name, query_string, datetime.now(UTC))
        with self._connect() as db:
            # One statement, so the count and the insert are one write transaction: several
            # workers saving at once can never push the list past `most`.
            inserted = db.execute(
                "INSERT OR IGNORE INTO saved_search (slug, name, query_string, created) SELECT ?, ?, ?, ?"
                " WHERE (SELECT COUNT(*) FROM saved_search) < ?",
                (slug, name, query_string, saved.created.isoformat(), most)).rowcount
            if inserted:
                return saved
            exists = db.execute("SELECT 1 FROM saved_search WHERE slug = ?", (slug,)).fetchone()
        if exists:
            return None
        raise SavedListFull(most)

    def get(self, slug: str) -> SavedSearch | None:
        with self._connect() as db:
            row = db.execute("SELECT slug, name, query_string, created, last_visited FROM saved_search WHERE slug = ?",
                             (slug,)).fetchone()
        return _row(row) if row else None

    def all(self, limit: int = 200) -> list[SavedSearch]:
        with self._connect() as db:
            rows = db.execute("SELECT slug, name, query_string, created, last_visited FROM saved_search"
                              " ORDER BY created DESC LIMIT ?", (limit,)).fetchall()
        return [_row(row) for row in rows]

    def delete(self, slug: str) -> bool:
        with self._connect() as db:
            return db.execute("DELETE FROM saved_search WHERE slug = ?", (slug,)).rowcount > 0

    def rename(self, slug: str, name: str) -> bool:
        with self._connect() as db:
            return db.execute("UPDATE saved_search SET name = ? WHERE slug = ?", (name, slug)).rowcount > 0

    def visited(self, slug: str, when: datetime) -> bool:
        with self._connect() as db:
            return db.execute("UPDATE saved_search SET last_visited = ? WHERE slug = ?",
                              (when.isoformat(), slug)).rowcount > 0


def _row(row: tuple) -> SavedSearch:
    return SavedSearch(row[0], row[1], row[2], datetime.fromisoformat(row[3]),
                       datetime.fromisoformat(row[4]) if row[4] else None)
