"""Schema versions of physical indexes, and what people are told when one is older than the code.

Every physical index records the schema version it was built with (tantivy: a marker file in its
folder, see tantivy_store.py; Elasticsearch: mappings `_meta.newsfacet.schema_version`). An index
made before versions were recorded counts as version 2, the last shape that recorded none.
An older index is served read-only until `newsfacet reindex` copies it into today's shape.
"""
from __future__ import annotations

from typing import Any

from newsfacet.engine.backends.base import BackendError

# The shape of the index both engines write: their fields, analysers and stored document. Raise it
# with any change an existing index cannot serve (3: the topic facet; 4: the local publication day,
# `published_day`, which date filters and the histogram count, with the page's offset and precision
# stored beside the UTC instant; and the story fields `story_id`, `story_keys`; 5: the CJK bigram
# fields `cjk_title` and `cjk_body`, engine.analysis.cjk_tokens, replacing Elasticsearch's `cjk_text`;
# 6: `sample_key`, engine.sampling, which bounds the cost of facet counts over many matches; and the
# story keys kept in the stored document, so `newsfacet reindex` copies them instead of hashing texts).
# Fields an existing index can do without add no version: a tantivy index built before
# `sample_bucket` (engine.sampling.BUCKET_KEYS) ignores it on write and selects samples by key range.
# Rules for reading an older index where it differs:
# - schema 5 or older: no sample key, so facets are always counted exactly, whatever they cost; no
#   stored story keys, so a reindex makes them from the text.
# - schema 4 or older: no CJK fields, so a query word with Han, kana or Hangul characters finds
#   nothing until `newsfacet reindex` (which fills them from the stored articles).
# - schema 3 or older: no `published_day`; dates are filtered and counted by the UTC day of
#   `published` (QueryCompiler.day_field, es_query.without_local_day), and stored articles have no
#   offset (read as UTC). No story fields: each article is its own story. `newsfacet reindex`
#   rebuilds each document, which fills the new fields.
SCHEMA_VERSION = 6
SAMPLE_KEYS_SCHEMA = 6  # the first schema with `sample_key`
UNRECORDED_SCHEMA_VERSION = 2
UPGRADE_COMMAND = "newsfacet reindex"


class OlderIndexError(BackendError):
    """A write was refused: the index has another schema version than this newsfacet writes."""


def upgrade_advice(index: str, physical: str | None, version: int) -> str | None:
    """What to do about an index whose schema differs from the code's; None when it matches."""
    if physical is None or version == SCHEMA_VERSION:
        return None
    if version > SCHEMA_VERSION:
        return (f"index '{index}' ({physical}) has schema version {version}, newer than this newsfacet "
                f"({SCHEMA_VERSION}): upgrade newsfacet to write to it")
    return (f"index '{index}' ({physical}) has schema version {version}, older than this newsfacet "
            f"({SCHEMA_VERSION}): it is served read-only; run `{UPGRADE_COMMAND}` to upgrade it "
            "(searches keep working meanwhile)")


def version_info(index: str, physical: str | None, version: int | None) -> dict[str, Any]:
    """The schema fields `stats` and `health` report, the same on every backend."""
    advice = upgrade_advice(index, physical, version) if version is not None else None
    return {"schema_version": version, "code_schema_version": SCHEMA_VERSION, "upgrade": advice}


def refuse_older_write(index: str, physical: str, version: int) -> None:
    """Raise `OlderIndexError` unless `physical` has the code's schema version."""
    advice = upgrade_advice(index, physical, version)
    if advice is not None:
        raise OlderIndexError(f"cannot write: {advice}")
