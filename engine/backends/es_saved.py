"""Saved searches in an Elasticsearch index of their own (`<index>-saved`), shared by every worker.

The cap on the list is checked with a count before the create, so workers saving at the same
instant may pass it by one or two; SQLite's single statement is exact.
"""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from elasticsearch import ConflictError, Elasticsearch, NotFoundError
from newsfacet.engine.backends import es_lifecycle
from newsfacet.engine.backends.es_connect import readable_errors
from newsfacet.engine.saved import SavedListFull, SavedSearch, SavedSearchStore
from newsfacet.mappings import SAVED, load_mapping


class ElasticsearchSavedSearches(SavedSearchStore):
    def __init__(self, client: Elasticsearch, index: str, where: str) -> None:
        self.client = client
        self.index = index
        self.where = where
        self._ready = False

    def _ensure(self) -> None:
        if not self._ready:
            with readable_errors(self.where):
                mapping = load_mapping(SAVED)
                if not es_lifecycle.create(self.client, self.index, mapping):
                    # An index made before a field was added (e.g. `last_visited`): add it
                    # (adding a field is the one mapping change Elasticsearch allows in place).
                    self.client.indices.put_mapping(index=self.index,
                                                    properties=mapping["mappings"]["properties"])
            self._ready = True

    def save(self, slug: str, name: str, query_string: str) -> SavedSearch:
        self._ensure()
        saved = SavedSearch(slug, name, query_string, datetime.now(UTC))
        with readable_errors(self.where):
            self.client.index(index=self.index, id=slug, refresh="wait_for", document=_source(saved))
        return saved

    def add(self, slug: str, name: str, query_string: str, most: int) -> SavedSearch | None:
        self._ensure()
        with readable_errors(self.where):
            if self.client.exists(index=self.index, id=slug):
                return None
            if self.client.count(index=self.index)["count"] >= most:
                raise SavedListFull(most)
            saved = SavedSearch(slug, name, query_string, datetime.now(UTC))
            try:
                self.client.create(index=self.index, id=slug, refresh="wait_for", document=_source(saved))
            except ConflictError:
                return None  # another worker stored the same slug a moment ago
        return saved

    def get(self, slug: str) -> SavedSearch | None:
        with readable_errors(self.where):
            try:
                found = self.client.get(index=self.index, id=slug)
            except NotFoundError:
                return None
        return _saved(found["_source"])

    def all(self, limit: int = 200) -> list[SavedSearch]:
        with readable_errors(self.where):
            try:
                found = self.client.search(index=self.index, size=limit, sort=[{"created": "desc"}])
            except NotFoundError:
                return []
        return [_saved(hit["_source"]) for hit in found["hits"]["hits"]]

    def delete(self, slug: str) -> bool:
        with readable_errors(self.where):
            try:
                self.client.delete(index=self.index, id=slug, refresh="wait_for")
            except NotFoundError:
                return False
        return True

    def rename(self, slug: str, name: str) -> bool:
        return self._update(slug, {"name": name})

    def visited(self, slug: str, when: datetime) -> bool:
        self._ensure()  # the mapping must know `last_visited` (strict mapping)
        return self._update(slug, {"last_visited": when.isoformat()})

    def _update(self, slug: str, fields: dict[str, Any]) -> bool:
        with readable_errors(self.where):
            try:
                self.client.update(index=self.index, id=slug, doc=fields, refresh="wait_for")
            except NotFoundError:
                return False
        return True


def _source(saved: SavedSearch) -> dict[str, Any]:
    return {"slug": saved.slug, "name": saved.name, "query_string": saved.query_string,
            "created": saved.created.isoformat()}


def _saved(source: dict[str, Any]) -> SavedSearch:
    visited = source.get("last_visited")
    return SavedSearch(source["slug"], source["name"], source["query_string"],
                       datetime.fromisoformat(source["created"]),
                       datetime.fromisoformat(visited) if visited else None)
