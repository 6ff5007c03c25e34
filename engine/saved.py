"""Saved searches: a short name (slug) for a canonical search URL query string.

They live with the backend's data so every web worker sees the same ones: a small SQLite file
beside the embedded index, or an index of their own in Elasticsearch.
"""
from __future__ import annotations

import sqlite3
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path


@dataclass(frozen=True)
class SavedSearch:
    slug: str
    name: str
    query_string: str  # the canonical URL parameters, e.g. "q=port&outlet=BBC"
    created: datetime


class SavedSearchStore(ABC):
    @abstractmethod
    def save(self, slug: str, name: str, query_string: str) -> SavedSearch:
        """Store (or replace) one saved search."""

    @abstractmethod
    def get(self, slug: str) -> SavedSearch | None:
        """One saved search by slug."""

    @abstractmethod
    def all(self, limit: int = 200) -> list[SavedSearch]:
        """Saved searches, newest first."""


class SqliteSavedSearches(SavedSearchStore):
    """Saved searches in one SQLite file; safe for several processes (SQLite locks the file)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("CREATE TABLE IF NOT EXISTS saved_search (slug TEXT PRIMARY KEY, name TEXT NOT NULL,"
                       " query_string TEXT NOT NULL, created TEXT NOT NULL)")

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=10)

    def save(self, slug: str, name: str, query_string: str) -> SavedSearch:
        saved = SavedSearch(slug, name, query_string, datetime.now(UTC))
        with self._connect() as db:
            db.execute("INSERT OR REPLACE INTO saved_search VALUES (?, ?, ?, ?)",
                       (slug, name, query_string, saved.created.isoformat()))
        return saved

    def get(self, slug: str) -> SavedSearch | None:
        with self._connect() as db:
            row = db.execute("SELECT slug, name, query_string, created FROM saved_search WHERE slug = ?",
                             (slug,)).fetchone()
        return _row(row) if row else None

    def all(self, limit: int = 200) -> list[SavedSearch]:
        with self._connect() as db:
            rows = db.execute("SELECT slug, name, query_string, created FROM saved_search"
                              " ORDER BY created DESC LIMIT ?", (limit,)).fetchall()
        return [_row(row) for row in rows]


def _row(row: tuple) -> SavedSearch:
    return SavedSearch(row[0], row[1], row[2], datetime.fromisoformat(row[3]))
