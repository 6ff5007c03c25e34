"""Integrity of an Elasticsearch index: cluster and index health, the aliases, and a count/scan pass.

Elasticsearch verifies its own segment checksums; what can go wrong from our side is the alias
layer (physical indexes left without the read alias, the write alias elsewhere) and documents the
count promises but a scan cannot read back as complete articles.
"""
from __future__ import annotations

from typing import Any

from elasticsearch import Elasticsearch, NotFoundError
from newsfacet.engine.backends import es_lifecycle as lifecycle
from newsfacet.engine.backends.base import Check, orphaned, stored_article_id
from newsfacet.engine.backends.es_search import PIT_KEEP_ALIVE

HEALTHY = ("green", "yellow")  # yellow: replicas unassigned, which a one-node cluster always has


def cluster_check(client: Elasticsearch) -> Check:
    status = client.cluster.health()["status"]
    return Check("cluster", status in HEALTHY, f"cluster status {status}")


def alias_check(client: Elasticsearch, index: str) -> tuple[Check, str | None]:
    """Do the read and write aliases name the same existing physical index?"""
    physical = lifecycle.current(client, index)
    versions = lifecycle.versions(client, index)
    if physical is None:
        if versions:
            return Check("alias", False, str(orphaned(index, versions, f"alias {index}"))), None
        return Check("alias", True, f"index '{index}' has not been written yet"), None
    try:
        writers = list(client.indices.get_alias(name=lifecycle.write_alias(index)))
    except NotFoundError:
        writers = []
    if writers != [physical]:
        return Check("alias", False, f"{lifecycle.write_alias(index)} points to {', '.join(writers) or 'nothing'}, "
                                     f"not {physical}; run `newsfacet check --repair`"), physical
    return Check("alias", True, f"{index} -> {physical}"), physical


def index_health_check(client: Elasticsearch, physical: str) -> Check:
    status = client.cluster.health(index=physical)["status"]
    return Check("index health", status in HEALTHY, f"{physical} status {status}")


def documents_check(client: Elasticsearch, physical: str, batch_size: int = 1000) -> Check:
    """Scan every document in one point in time: each decodes to a complete article whose id is its
    document id, and the number scanned equals the count of that same snapshot (writes may go on)."""
    problems: list[str] = []
    scanned, expected = 0, None
    pit = client.open_point_in_time(index=physical, keep_alive=PIT_KEEP_ALIVE)["id"]
    try:
        after = None
        while True:
            raw = client.search(pit={"id": pit, "keep_alive": PIT_KEEP_ALIVE}, size=batch_size,
                                sort=[{"_shard_doc": "asc"}], search_after=after, track_total_hits=expected is None)
            pit = raw.get("pit_id", pit)
            if expected is None:
                expected = raw["hits"]["total"]["value"]
            hits = raw["hits"]["hits"]
            scanned += len(hits)
            problems += [problem for hit in hits if (problem := _hit_problem(hit))]
            if len(hits) < batch_size:
                break
            after = hits[-1]["sort"]
    finally:
        client.close_point_in_time(id=pit)
    if scanned != expected:
        problems.append(f"the count says {expected} documents but a scan read {scanned}")
    if problems:
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        return Check("documents", False, shown)
    return Check("documents", True, f"{scanned} articles scanned, all complete, count agrees")


def _hit_problem(hit: dict[str, Any]) -> str | None:
    try:
        if stored_article_id(hit.get("_source")) != hit["_id"]:
            return f"document {hit['_id']} stores another article's id"
    except ValueError as error:
        return f"document {hit['_id']}: {error}"
    return None


def run_checks(client: Elasticsearch, index: str) -> list[Check]:
    """Every check in order; those that cannot run after a failure are skipped with the reason."""
    cluster = cluster_check(client)
    alias, physical = alias_check(client, index)
    if physical is None:
        return [cluster, alias] + [Check(name, alias.ok, "no index to check", skipped=True)
                                   for name in ("index health", "documents")]
    health = index_health_check(client, physical)
    if not health.ok:
        return [cluster, alias, health, Check("documents", False, "the index is not searchable", skipped=True)]
    return [cluster, alias, health, documents_check(client, physical)]


def repair_alias(client: Elasticsearch, index: str) -> str:
    """Point both aliases at the newest physical index when the read alias is missing."""
    alias, physical = alias_check(client, index)
    if alias.ok:
        return f"nothing to repair: {alias.reason}"
    versions = lifecycle.versions(client, index)
    newest = physical or versions[-1]
    history = list(reversed(versions[:versions.index(newest)]))  # older ones, newest first, for --rollback
    lifecycle.switch(client, index, newest, history)
    client.indices.refresh(index=newest)
    return f"index '{index}' now points to {newest}"
