"""newsfacet's core: article model, query language, search request/result, facets and backends.

Knows nothing of Flask or click; `indexer` and `webapp` import from here, never the reverse.
"""
