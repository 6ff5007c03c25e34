"""Opening one physical index with the schema it was built with, whichever release built it.

tantivy stores the schema in each index's meta.json and `Index.open` reads it back, so an index
built by an older release opens as it is; its compiler knows which fields it has (a query or filter
on a field it lacks matches nothing). Its recorded schema version decides whether it takes writes.
"""
from __future__ import annotations

from dataclasses import dataclass

import tantivy
from newsfacet.engine.backends.base import IndexDamagedError
from newsfacet.engine.backends.tantivy_query import QueryCompiler
from newsfacet.engine.backends.tantivy_store import IndexStore

# Fields reads cannot do without, in every schema version so far. An older index may lack facet or
# stemmed fields; one without these was not made by a newsfacet this one can read.
CORE_FIELDS = frozenset({"id", "fingerprint", "doc", "title", "body", "published", "published_month", "sort_key"})


@dataclass(frozen=True)
class OpenIndex:
    """A physical index, its schema version, and a compiler for its own schema.

    Kept together so a search never pairs one version's searcher with another version's field numbers.
    """

    physical: str
    stamp: int | None
    index: tantivy.Index
    compiler: QueryCompiler
    schema_version: int

    @property
    def schema(self) -> tantivy.Schema:
        return self.compiler.schema


def open_physical(store: IndexStore, physical: str, stamp: int | None, todays_schema: tantivy.Schema,
                  analyzers: dict[str, tantivy.TextAnalyzer], stemming: bool) -> OpenIndex:
    """Open `physical` with its stored schema (today's when tantivy has not written it yet)."""
    path = store.path_of(physical)
    if not path.is_dir():
        raise IndexDamagedError(store.missing_message(physical))
    version = store.schema_version(physical)
    try:
        if (path / "meta.json").exists():
            index = tantivy.Index.open(str(path))
        else:  # the folder was created but tantivy never wrote its files
            index = tantivy.Index(todays_schema, path=str(path), reuse=True)
        fields = store.stored_field_names(physical)
    except (ValueError, OSError, KeyError, TypeError) as error:
        # tantivy's message quotes absolute file paths; people see the index and file names only.
        raise IndexDamagedError(f"cannot open index '{store.name}' ({physical}): "
                                f"{store.scrub(str(error))}; run `newsfacet check`") from error
    if not CORE_FIELDS <= fields:
        raise IndexDamagedError(f"cannot open index '{store.name}' ({physical}): its schema lacks "
                                f"{', '.join(sorted(CORE_FIELDS - fields))}, so it was not built by a release "
                                "of newsfacet this one can read: rebuild it with "
                                "`newsfacet reindex --from-sources PATH...`")
    for name, analyzer in analyzers.items():
        index.register_tokenizer(name, analyzer)
    return OpenIndex(physical, stamp, index, QueryCompiler(index.schema, analyzers, stemming, fields), version)
