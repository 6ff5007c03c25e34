"""Saved searches in an Elasticsearch index of their own (`<index>-saved`), shared by every worker."""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from elasticsearch import Elasticsearch, NotFoundError

from engine.backends import es_lifecycle
from engine.backends.es_connect import readable_errors
from engine.saved import SavedSearch, SavedSearchStore
from mappings import SAVED, load_mapping


class ElasticsearchSavedSearches(SavedSearchStore):
    def __init__(self, client: Elasticsearch, index: str, where: str) -> None:
        self.client = client
        self.index = index
        self.where = where
        self._ready = False

    def _ensure(self) -> None:
        if not self._ready:
            with readable_errors(self.where):
                es_lifecycle.create(self.client, self.index, load_mapping(SAVED))
            self._ready = True

    def save(self, slug: str, name: str, query_string: str) -> SavedSearch:
        self._ensure()
        saved = SavedSearch(slug, name, query_string, datetime.now(UTC))
        with readable_errors(self.where):
            self.client.index(index=self.index, id=slug, refresh="wait_for",
                              document={"slug": slug, "name": name, "query_string": query_string,
                                        "created": saved.created.isoformat()})
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


def _saved(source: dict[str, Any]) -> SavedSearch:
    return SavedSearch(source["slug"], source["name"], source["query_string"],
                       datetime.fromisoformat(source["created"]))
