"""The ingest side of newsfacet: sources -> clean -> enrich -> engine backend."""
