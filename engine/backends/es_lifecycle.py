"""Physical indexes behind aliases, and index bodies fitted to what the cluster can analyse.

Names for logical index `articles`: physical `articles-v1`, `articles-v2`...; read alias
`articles`; write alias `articles-write`; saved searches `articles-saved`;
entity choices `articles-entities`. The aliases always move
together in one `_aliases` call. Each physical index records in its mapping `_meta` the indexes it
replaced (newest first), which is what `--rollback` and `--keep` read, and `schema_version`, the
shape it was built with (missing on indexes made before versions were recorded: version 2).

Analyzer fallback: the mapping asks for Snowball stemmers (module
analysis-common). Builds without it (the integ-test node) reject such an index, so before creating
one each analyzer is tried with `_analyze`; a missing one is replaced by standard + lowercase, a
warning names it, and `_meta` records it so the backend reports no "stemming" capability.
"""
from __future__ import annotations

import logging
import re
from typing import Any

from elasticsearch import BadRequestError, Elasticsearch, NotFoundError
from newsfacet.engine.backends.es_mapping import articles_mapping
from newsfacet.engine.backends.upgrades import SCHEMA_VERSION, UNRECORDED_SCHEMA_VERSION

log = logging.getLogger("newsfacet.es")
FALLBACK_ANALYZER = {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"]}


def physical_name(index: str, number: int) -> str:
    return f"{index}-v{number}"


def write_alias(index: str) -> str:
    return f"{index}-write"


def saved_index(index: str) -> str:
    return f"{index}-saved"


def entities_index(index: str) -> str:
    """The small index holding the one document of the user's entity choices."""
    return f"{index}-entities"


def _inline_analyzer(definition: dict[str, Any], filters: dict[str, Any]) -> dict[str, Any]:
    """An `_analyze` body that exercises one analyzer definition without an index."""
    if definition.get("type", "custom") != "custom":
        return {"analyzer": definition["type"]}
    chain = [filters.get(name, name) for name in definition.get("filter", [])]
    return {"tokenizer": definition["tokenizer"], "filter": chain}


def missing_analyzers(client: Elasticsearch, analysis: dict[str, Any]) -> list[str]:
    """Names of the analyzers in `analysis` the cluster cannot build."""
    missing = []
    for name, definition in analysis.get("analyzer", {}).items():
        try:
            client.indices.analyze(text="newsfacet", **_inline_analyzer(definition, analysis.get("filter", {})))
        except BadRequestError:
            missing.append(name)
    return missing


def articles_body(client: Elasticsearch) -> tuple[dict[str, Any], list[str]]:
    """Settings and mappings for a new articles index, and the analyzers that had to fall back."""
    body = articles_mapping()
    body["mappings"]["_meta"]["newsfacet"]["schema_version"] = SCHEMA_VERSION
    return body, fit_analysis(client, body)


def fit_analysis(client: Elasticsearch, body: dict[str, Any]) -> list[str]:
    """Replace, in `body`, the analyzers the cluster cannot build; record and return their names."""
    analysis = body["settings"]["analysis"]
    missing = missing_analyzers(client, analysis)
    if missing:
        log.warning("Elasticsearch lacks analyzers %s (module analysis-common: Snowball stemmers); "
                    "they fall back to standard+lowercase, so searches get no stemming",
                    ", ".join(missing))
        for name in missing:
            analysis["analyzer"][name] = dict(FALLBACK_ANALYZER)
        used = {f for a in analysis["analyzer"].values() for f in a.get("filter", [])}
        analysis["filter"] = {k: v for k, v in analysis.get("filter", {}).items() if k in used}
    body["mappings"]["_meta"]["newsfacet"]["analysis_fallback"] = missing
    return missing


def versions(client: Elasticsearch, index: str) -> list[str]:
    """Physical indexes of `index`, oldest first."""
    pattern = re.compile(rf"^{re.escape(index)}-v(\d+)$")
    try:
        found = client.indices.get(index=f"{index}-v*", expand_wildcards="open,closed",
                                   filter_path="*.settings.index.provided_name")
    except NotFoundError:
        return []
    numbered = [(int(m.group(1)), name) for name in found if (m := pattern.match(name))]
    return [name for _, name in sorted(numbered)]


def next_physical(client: Elasticsearch, index: str) -> str:
    numbers = [int(name.rsplit("-v", 1)[1]) for name in versions(client, index)]
    return physical_name(index, max(numbers, default=0) + 1)


def current(client: Elasticsearch, index: str) -> str | None:
    """The physical index behind the read alias, or None before the first write."""
    try:
        found = client.indices.get_alias(name=index)
    except NotFoundError:
        return None
    names = sorted(found, key=lambda n: int(n.rsplit("-v", 1)[1]) if n.rsplit("-v", 1)[-1].isdigit() else 0)
    return names[-1] if names else None


def meta(client: Elasticsearch, physical: str) -> dict[str, Any]:
    """The `_meta.newsfacet` object of a physical index."""
    found = client.indices.get_mapping(index=physical)
    return dict(found[physical]["mappings"].get("_meta", {}).get("newsfacet", {}))


def schema_version(client: Elasticsearch, physical: str) -> int:
    """The schema version a physical index was built with (see the module docstring)."""
    version = meta(client, physical).get("schema_version")
    return version if isinstance(version, int) else UNRECORDED_SCHEMA_VERSION


def create(client: Elasticsearch, physical: str, body: dict[str, Any],
           aliases: dict[str, Any] | None = None) -> bool:
    """Create a physical index; False when it already exists (creation is idempotent)."""
    try:
        client.indices.create(index=physical, settings=body["settings"], mappings=body["mappings"],
                              aliases=aliases or None)
    except BadRequestError as error:
        if error_type(error) == "resource_already_exists_exception":
            return False
        raise
    return True


def error_type(error: Exception) -> str:
    """The `error.type` of an Elasticsearch error response ('' when there is none)."""
    body = getattr(error, "body", None)
    cause = body.get("error") if isinstance(body, dict) else None
    return cause.get("type", "") if isinstance(cause, dict) else ""


def switch(client: Elasticsearch, index: str, physical: str, history: list[str]) -> None:
    """Point the read and write aliases at `physical` in one atomic call; record `history`."""
    info = meta(client, physical)
    info["history"] = history
    client.indices.put_mapping(index=physical, meta={"newsfacet": info})
    actions: list[dict[str, Any]] = []
    for alias in (index, write_alias(index)):
        try:
            holders = list(client.indices.get_alias(name=alias))
        except NotFoundError:
            holders = []
        actions += [{"remove": {"index": name, "alias": alias}} for name in holders if name != physical]
    actions.append({"add": {"index": physical, "alias": index}})
    actions.append({"add": {"index": physical, "alias": write_alias(index), "is_write_index": True}})
    client.indices.update_aliases(actions=actions)


def drop(client: Elasticsearch, physical: str) -> None:
    client.indices.delete(index=physical, ignore_unavailable=True)
