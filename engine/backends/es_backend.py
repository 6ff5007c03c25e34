"""The scale-out backend: Elasticsearch 8.x through the official client.

Answers exactly as the embedded tantivy backend does (same AST, same facet rules, same calendar
histogram roll-up); `tests/test_contract.py` holds both to it on a real corpus. Index lifecycle and
analyzer fallback: es_lifecycle.py; query DSL: es_query.py; one search: es_search.py; bulk writes
and retries: es_bulk.py.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from elasticsearch import Elasticsearch, NotFoundError
from newsfacet.engine.analysis import STEMMED_LANGUAGES, cjk_fields, stemmed_field
from newsfacet.engine.backends import es_check
from newsfacet.engine.backends import es_lifecycle as lifecycle
from newsfacet.engine.backends.base import Backend, BackendError, Check, IndexDamagedError, WriteResult, orphaned
from newsfacet.engine.backends.es_bulk import BulkOptions, bulk_index
from newsfacet.engine.backends.es_connect import client_from_settings, readable_errors, server_version, shown_url
from newsfacet.engine.backends.es_entities import ElasticsearchEntityChoices
from newsfacet.engine.backends.es_query import compile_query, filtered
from newsfacet.engine.backends.es_saved import ElasticsearchSavedSearches
from newsfacet.engine.backends.es_search import PIT_KEEP_ALIVE, pass_aggs, read_counts, run_search
from newsfacet.engine.backends.upgrades import SAMPLE_KEYS_SCHEMA, refuse_older_write, version_info
from newsfacet.engine.entity_choices import EntityChoiceStore
from newsfacet.engine.facets import DERIVED_ES_OBJECT, FACETS, LOCAL_DAY_FIELD, request_filters
from newsfacet.engine.limits import TYPE_COUNT_NAMES
from newsfacet.engine.model import ENTITY_TYPES, Article
from newsfacet.engine.plan import facet_values_pass, stats_pass, top_values
from newsfacet.engine.sampling import SAMPLE_KEY_FIELD, sample_key
from newsfacet.engine.saved import SavedSearchStore
from newsfacet.engine.search import FacetResult, SearchRequest, SearchResult, facet_from_terms
from newsfacet.engine.stories import (
    EXACT_COPY_SCORE,
    StoryLookup,
    largest_story_ids,
    multi_version_aggs,
    sizes_from,
    stories_among,
    story_sizes_aggs,
    story_stats,
)

log = logging.getLogger("newsfacet.es")
GENERATION_CHECK_SECONDS = 1.0


def to_source(article: Article) -> dict[str, Any]:
    """The stored document: the Article itself, plus its language's stemmed text and the CJK bigram
    fields of text with Han, kana or Hangul (both not in _source), and the values of derived facets
    (those the Article does not hold as a field)."""
    source = article.to_dict()
    if article.local_day is not None:
        source[LOCAL_DAY_FIELD] = article.local_day.isoformat()
    derived = {facet.name: values for facet in FACETS.values() if facet.derived and (values := facet.values(article))}
    if derived:
        source[DERIVED_ES_OBJECT] = derived
    source["story_keys"] = list(article.story_keys)  # kept in _source too, so a reindex copies them
    source[SAMPLE_KEY_FIELD] = sample_key(article.id)  # indexed, left out of _source (see the mapping)
    text = f"{article.title}\n{article.body}"
    if article.language in STEMMED_LANGUAGES:
        source[stemmed_field(article.language)] = text
    source.update(cjk_fields(article.title, article.body))
    return source


class ElasticsearchBackend(Backend):
    """Articles in `<index>-vN` physical indexes behind the read alias `<index>`."""

    name = "elasticsearch"

    def __init__(self, client: Elasticsearch, index: str = "articles", where: str = "",
                 physical: str | None = None, bulk: BulkOptions | None = None, owns_client: bool = True) -> None:
        self.client = client
        self.index = index
        self.where = where or "the configured URL"
        self.bulk = bulk or BulkOptions()
        self._fixed_physical = physical
        self._owns_client = owns_client
        self._version: str | None = None
        self._stemming: dict[str, bool] = {}
        self._stemming_default: bool | None = None
        self._sample_keys: dict[str, bool] = {}
        self._generation: tuple[float, str] | None = None  # (when read, token): see generation()
        self._exists = False
        self._unrefreshed: str | None = None  # where writes went since the last refresh
        self._entity_choices = ElasticsearchEntityChoices(client, lifecycle.entities_index(index), self.where)

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> ElasticsearchBackend:
        """A backend on the cluster the settings name; connects lazily (first use checks the version)."""
        bulk = BulkOptions(max_retries=int(settings.get("es_retries", 5)),
                           initial_backoff=float(settings.get("es_backoff", 1.0)))
        client = client_from_settings(settings, max_retries=min(2, bulk.max_retries))
        return cls(client, settings.get("index") or "articles", shown_url(settings.get("es_url") or ""), bulk=bulk)

    # -- connection and lifecycle -----------------------------------------------------------
    def version(self) -> str:
        """The server's version; raises `BackendError` when unreachable or not 8.x."""
        if self._version is None:
            self._version = server_version(self.client, self.where)
        return self._version

    @property
    def capabilities(self) -> frozenset[str]:  # type: ignore[override]
        physical = self._physical()
        return frozenset({"stemming"} if physical and self._has_stemming(physical) else set())

    def _has_stemming(self, physical: str | None = None) -> bool:
        """Whether the index was built with stemmers (the same for every index of one cluster)."""
        physical = physical or self._physical()
        if physical is None:
            return False
        if physical not in self._stemming:
            with readable_errors(self.where):
                fallback = lifecycle.meta(self.client, physical).get("analysis_fallback", [])
            self._stemming[physical] = not any(name.startswith("newsfacet_stem") for name in fallback)
        return self._stemming[physical]

    def _search_stemming(self) -> bool:
        """Stemming flag for compiled queries, looked up once per backend (not per search)."""
        if self._stemming_default is None:
            physical = self._physical()
            if physical is None:
                return False
            self._stemming_default = self._has_stemming(physical)
        return self._stemming_default

    def _physical(self) -> str | None:
        """The physical index behind the alias; `IndexDamagedError` when versions exist without it."""
        if self._fixed_physical:
            return self._fixed_physical
        self.version()
        with readable_errors(self.where):
            physical = lifecycle.current(self.client, self.index)
            versions = lifecycle.versions(self.client, self.index) if physical is None else []
        if versions:  # reading them as empty, or creating -v(N+1) beside them, would orphan their data
            raise orphaned(self.index, versions, f"alias {self.index}")
        return physical

    def _target(self) -> str:
        """What reads go to: the fixed physical index, else the read alias (resolved by the server)."""
        self.version()
        return self._fixed_physical or self.index

    def _ensure_index(self) -> str:
        """The index writes go to, creating `<index>-v1` behind both aliases on first use."""
        if self._fixed_physical:
            return self._fixed_physical
        physical = None if self._exists else self._physical()
        if not self._exists and physical is None:
            with readable_errors(self.where):
                body, _ = lifecycle.articles_body(self.client)
                physical = lifecycle.next_physical(self.client, self.index)
                aliases = {self.index: {}, lifecycle.write_alias(self.index): {"is_write_index": True}}
                lifecycle.create(self.client, physical, body, aliases)
        elif not self._exists:
            # Without the write alias, a bulk write to its name would auto-create a stray index.
            with readable_errors(self.where):
                aliases, _ = es_check.alias_check(self.client, self.index)
                version = lifecycle.schema_version(self.client, physical)
            if not aliases.ok:
                raise IndexDamagedError(aliases.reason)
            # Its strict mapping would refuse today's fields document by document: refuse the write once.
            refuse_older_write(self.index, physical, version)
        self._exists = True
        return lifecycle.write_alias(self.index)

    def physical_indexes(self) -> list[str]:
        with readable_errors(self.where):
            return lifecycle.versions(self.client, self.index)

    def current_physical(self) -> str | None:
        return self._physical()

    def history(self) -> list[str]:
        physical = self._physical()
        if physical is None:
            return []
        with readable_errors(self.where):
            return list(lifecycle.meta(self.client, physical).get("history", []))

    def new_physical(self) -> tuple[str, ElasticsearchBackend]:
        with readable_errors(self.where):
            self.version()
            physical = lifecycle.next_physical(self.client, self.index)
            body, _ = lifecycle.articles_body(self.client)
            # No refreshes while it fills: nobody reads it until the alias moves.
            body["settings"]["refresh_interval"] = "-1"
            lifecycle.create(self.client, physical, body)
        target = ElasticsearchBackend(self.client, self.index, self.where, physical, self.bulk, owns_client=False)
        return physical, target

    def switch_to(self, physical: str, history: list[str]) -> None:
        with readable_errors(self.where):
            self.client.indices.put_settings(index=physical, settings={"refresh_interval": None})
            self.client.indices.refresh(index=physical)
            lifecycle.switch(self.client, self.index, physical, history)

    def drop_physical(self, physical: str) -> None:
        with readable_errors(self.where):
            lifecycle.drop(self.client, physical)

    # -- writing ---------------------------------------------------------------------------
    def write(self, articles: Iterable[Article], commit: bool = True) -> list[WriteResult]:
        batch = list(articles)
        if not batch:
            return []
        target = self._ensure_index()
        now = datetime.now(UTC)
        documents = []
        for article in batch:
            article.indexed_at = article.indexed_at or now
            documents.append((article.id, to_source(article)))
        results = bulk_index(self.client, target, documents, self.bulk, self.where)
        self._unrefreshed = target
        if commit:  # visible to searches when write returns
            self.commit()
        return results

    def commit(self) -> None:
        """A refresh: Elasticsearch's translog already made each acknowledged write durable."""
        if self._unrefreshed is None:
            return
        with readable_errors(self.where):
            self.client.indices.refresh(index=self._unrefreshed)
        self._unrefreshed = None

    def acquire_writer(self) -> None:
        """No single writer to take here; an older index is refused before a run opens its journal."""
        physical = self._physical()
        if physical is not None:
            with readable_errors(self.where):
                version = lifecycle.schema_version(self.client, physical)
            refuse_older_write(self.index, physical, version)

    def delete(self, ids: Iterable[str]) -> None:
        wanted = list(ids)
        if not wanted or self._physical() is None:
            return
        target = self._ensure_index()
        with readable_errors(self.where):
            for article_id in wanted:
                self.client.options(ignore_status=404).delete(index=target, id=article_id)
            self.client.indices.refresh(index=target)

    def _read(self, call: Callable[[str], Any], empty: Any) -> Any:
        """Run `call(target)`; a logical index that does not exist yet reads as `empty`."""
        target = self._target()
        with readable_errors(self.where):
            try:
                return call(target)
            except NotFoundError as error:
                if lifecycle.error_type(error) == "index_not_found_exception":
                    self._physical()  # raises when physical indexes exist without the alias
                    return empty
                raise

    def story_candidates(self, lookups: Sequence[StoryLookup], limit: int) -> list[list[Article]]:
        if not lookups or limit < 1:
            return [[] for _ in lookups]
        searches: list[dict[str, Any]] = []
        for lookup in lookups:
            # The exact copy outranks any key score; then an article sharing more keys ranks higher.
            exact = {"constant_score": {"filter": {"term": {"fingerprint": lookup.fingerprint}},
                                        "boost": EXACT_COPY_SCORE}}
            keys = [{"term": {"story_keys": key}} for key in sorted(set(lookup.keys))]
            searches += [{}, {"size": limit, "query": {"bool": {"should": [exact, *keys]}}}]
        raw = self._read(lambda target: self.client.msearch(index=target, searches=searches), None)
        if raw is None:
            return [[] for _ in lookups]
        return [self._candidates_found(response) for response in raw["responses"]]

    def _candidates_found(self, response: dict[str, Any]) -> list[Article]:
        error = response.get("error")
        if error:
            if error.get("type") == "index_not_found_exception":
                self._physical()  # raises when physical indexes exist without the alias
                return []
            raise BackendError(f"{self.where}: the story lookup failed ({error.get('type')})")
        return [Article.from_dict(hit["_source"]) for hit in response["hits"]["hits"]]

    # -- reading ---------------------------------------------------------------------------
    def search(self, request: SearchRequest) -> SearchResult:
        started = time.perf_counter()
        stemming = self._search_stemming()
        empty = SearchResult([], 0, {}, [], None, 0.0)
        counts_after = self._has_sample_keys()
        return self._read(lambda target: run_search(
            self.client.search, lambda: self._open_pit(target), target, request, stemming, started, counts_after),
            empty)

    def _has_sample_keys(self) -> bool:
        """Whether the served index holds sample keys (schema 6), looked up once per physical index;
        the alias is read each time, since `reindex --rollback` may point it at an older one."""
        physical = self._physical()
        if physical is None:
            return False
        if physical not in self._sample_keys:
            with readable_errors(self.where):
                self._sample_keys[physical] = lifecycle.schema_version(self.client, physical) >= SAMPLE_KEYS_SCHEMA
        return self._sample_keys[physical]

    def _open_pit(self, target: str) -> str:
        return self.client.open_point_in_time(index=target, keep_alive=PIT_KEEP_ALIVE)["id"]

    def facet_values(self, request: SearchRequest, facet: str, prefix: str = "",
                     limit: int = 100) -> FacetResult:
        if facet not in FACETS:
            raise BackendError(f"unknown facet {facet!r}")
        count_pass = facet_values_pass(request, facet, limit, prefix)
        query = filtered(compile_query(request.parsed, self._search_stemming()), count_pass.filters)
        raw = self._read(lambda target: self.client.search(index=target, size=0, query=query,
                                                           aggs=pass_aggs(count_pass)), None)
        if not raw:
            return FacetResult(facet, [])
        return facet_from_terms(facet, read_counts(raw["aggregations"], count_pass).terms[facet], request)

    def get(self, article_id: str) -> Article | None:
        raw = self._read(lambda target: self.client.search(index=target, size=1,
                                                           query={"term": {"id": article_id}}), None)
        hits = raw["hits"]["hits"] if raw else []
        return Article.from_dict(hits[0]["_source"]) if hits else None

    def get_many(self, article_ids: Iterable[str]) -> dict[str, Article]:
        wanted = sorted(set(article_ids))
        if not wanted:
            return {}
        raw = self._read(lambda target: self.client.search(index=target, size=len(wanted),
                                                           query={"terms": {"id": wanted}}), None)
        articles = (Article.from_dict(hit["_source"]) for hit in (raw["hits"]["hits"] if raw else []))
        return {article.id: article for article in articles}

    def scan(self, batch_size: int = 500) -> Iterator[Article]:
        # A point in time: one consistent snapshot even while others write or the alias moves.
        pit = self._read(self._open_pit, None)
        if pit is None:
            return
        try:
            after = None
            while True:
                with readable_errors(self.where):
                    raw = self.client.search(pit={"id": pit, "keep_alive": PIT_KEEP_ALIVE}, size=batch_size,
                                             sort=[{"id": "asc"}], search_after=after, track_total_hits=False)
                pit = raw.get("pit_id", pit)
                hits = raw["hits"]["hits"]
                for hit in hits:
                    yield Article.from_dict(hit["_source"])
                if len(hits) < batch_size:
                    return
                after = hits[-1]["sort"]
        finally:
            self._close_pit(pit)

    def _close_pit(self, pit: str) -> None:
        try:
            self.client.close_point_in_time(id=pit)
        except Exception as error:  # noqa: BLE001 - best effort: the keep-alive frees it anyway
            log.debug("closing a point in time failed: %s", error)

    def count(self) -> int:
        return int(self._read(lambda target: self.client.count(index=target)["count"], 0))

    def generation(self) -> str | None:
        # The served index and its refresh counts (new data becomes visible only by a refresh), read at
        # most once per GENERATION_CHECK_SECONDS: a cached answer may be that much older than a write.
        now = time.monotonic()
        if self._generation is not None and now - self._generation[0] < GENERATION_CHECK_SECONDS:
            return self._generation[1]
        try:
            physical = self._physical()
            if physical is None:
                return None
            with readable_errors(self.where):
                refresh = self.client.indices.stats(index=physical, metric="refresh")["_all"]["primaries"]["refresh"]
        except BackendError:
            return None
        token = f"{physical}:{refresh.get('total', 0)}:{refresh.get('external_total', 0)}"
        self._generation = (now, token)
        return token

    def stats(self, facet_size: int = 5) -> dict[str, Any]:
        physical = self._physical()
        info: dict[str, Any] = {"backend": self.name, "index": self.index, "physical": physical,
                                "documents": 0, "size_bytes": 0, "facets": {}, "version": self.version(),
                                "capabilities": sorted(self.capabilities)}
        if physical is None:
            return {**info, **version_info(self.index, None, None)}
        info.update(self._schema_info_of(physical))
        count_pass = stats_pass(facet_size)
        with readable_errors(self.where):
            raw = self.client.search(index=physical, size=0, aggs=pass_aggs(count_pass), track_total_hits=True)
            sizes = self.client.indices.stats(index=physical, metric="store")
        info["documents"] = raw["hits"]["total"]["value"]
        info["size_bytes"] = sizes["indices"][physical]["total"]["store"]["size_in_bytes"]
        info["facets"] = top_values(read_counts(raw["aggregations"], count_pass))
        info["stories"] = self._story_stats(physical, facet_size)
        return info

    def _story_stats(self, physical: str, largest: int) -> dict[str, Any]:
        with readable_errors(self.where):
            raw = self.client.search(index=physical, size=0, aggs=multi_version_aggs(), track_total_hits=True)
        found = self.get_many(largest_story_ids(raw["aggregations"], largest))
        titles = {story_id: article.title for story_id, article in found.items()}
        return story_stats(raw["hits"]["total"]["value"], raw["aggregations"], largest, titles)

    def story_articles(self, story_ids: Iterable[str], limit: int) -> list[Article]:
        wanted = sorted(set(story_ids))
        if not wanted or limit < 1:
            return []
        raw = self._read(lambda target: self.client.search(
            index=target, size=limit, query={"terms": {"story_id": wanted}},
            sort=[{"published": {"order": "asc", "missing": "_last"}}, {"id": "asc"}]), None)
        return [Article.from_dict(hit["_source"]) for hit in (raw["hits"]["hits"] if raw else [])]

    def story_sizes(self, story_ids: Iterable[str]) -> dict[str, int]:
        wanted = sorted(set(story_ids))
        if not wanted:
            return {}
        raw = self._read(lambda target: self.client.search(
            index=target, size=0, query={"terms": {"story_id": wanted}}, aggs=story_sizes_aggs(len(wanted))), None)
        return sizes_from(raw["aggregations"]) if raw else {}

    def count_stories(self, request: SearchRequest) -> tuple[int, bool]:
        query = filtered(compile_query(request.parsed, self._search_stemming()), request_filters(request))
        raw = self._read(lambda target: self.client.search(
            index=target, size=0, query=query, aggs=multi_version_aggs(), track_total_hits=True), None)
        if raw is None:
            return 0, True
        return stories_among(raw["hits"]["total"]["value"], raw["aggregations"])

    def schema_info(self) -> dict[str, Any]:
        """The current physical index's schema version, the code's, and the upgrade advice if any."""
        return self._schema_info_of(self._physical())

    def _schema_info_of(self, physical: str | None) -> dict[str, Any]:
        if physical is None:
            return version_info(self.index, None, None)
        with readable_errors(self.where):
            return version_info(self.index, physical, lifecycle.schema_version(self.client, physical))

    def health(self) -> dict[str, Any]:
        try:
            with readable_errors(self.where):
                status = self.client.cluster.health()["status"]
            physical = self._physical()
            return {"backend": self.name, "ok": status in ("green", "yellow"), "status": status,
                    "version": self.version(), "index": physical, "documents": self.count(),
                    **self._schema_info_of(physical)}
        except BackendError as error:
            return {"backend": self.name, "ok": False, "error": str(error)}

    def check(self) -> list[Check]:
        """Cluster and index health, both aliases, and a scan that reads back every article."""
        self.version()
        with readable_errors(self.where):
            return es_check.run_checks(self.client, self.index)

    def repair_alias(self) -> str:
        self.version()
        with readable_errors(self.where):
            return es_check.repair_alias(self.client, self.index)

    def entity_choices(self) -> EntityChoiceStore:
        return self._entity_choices

    def entity_type_counts(self, names: Sequence[str]) -> dict[str, dict[str, int]]:
        wanted = sorted(set(names))
        counts: dict[str, dict[str, int]] = {}
        for start in range(0, len(wanted), TYPE_COUNT_NAMES):
            chunk = wanted[start:start + TYPE_COUNT_NAMES]
            paths = [FACETS[kind].elasticsearch_path for kind in ENTITY_TYPES]
            # Only the articles holding one of the names are aggregated, not the whole index.
            query = {"bool": {"should": [{"terms": {path: chunk}} for path in paths], "minimum_should_match": 1}}
            aggs = {kind: {"terms": {"field": path, "include": chunk, "size": len(chunk)}}
                    for kind, path in zip(ENTITY_TYPES, paths, strict=True)}
            raw = self._read(lambda target, query=query, aggs=aggs: self.client.search(
                index=target, size=0, track_total_hits=False, query=query, aggs=aggs), None)
            if raw is None:
                return {}
            for kind in ENTITY_TYPES:
                for bucket in raw["aggregations"][kind]["buckets"]:
                    counts.setdefault(bucket["key"], {})[kind] = bucket["doc_count"]
        return counts

    def saved_searches(self) -> SavedSearchStore:
        return ElasticsearchSavedSearches(self.client, lifecycle.saved_index(self.index), self.where)

    def close(self) -> None:
        if self._owns_client:
            self.client.close()
