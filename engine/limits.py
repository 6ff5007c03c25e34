"""Every bound a search request must respect before it reaches an engine, in one place.

These are not settings: they protect the process (memory, CPU, response size) whatever the
deployment says. Settings (`engine/settings.py`) may only tighten them (page size default,
`max_page`, `max_query_length`, `max_facet_values`). webapp/README.md lists them for users.
"""
from __future__ import annotations

from datetime import date

MAX_PAGE_SIZE = 100  # hits per page
MAX_FACET_SIZE = 1000  # values one facet aggregation may return
MAX_QUERY_LENGTH = 1000  # characters; the web's `max_query_length` setting is usually lower
# No page may end past this hit (offset + size). The same figure is Elasticsearch's
# `index.max_result_window` in mappings/articles.json, so both engines refuse the same pages;
# it also bounds the offset tantivy is asked to skip (its collector allocates offset + size).
MAX_RESULT_WINDOW = 100_000
MAX_FILTER_VALUES = 50  # facet values chosen (included + excluded) at once
MAX_VALUE_LENGTH = 300  # characters of one facet value
MAX_PREFIX_LENGTH = 100  # characters of a facet-page value search
MAX_NUMBER_DIGITS = 9  # ASCII digits of any whole-number parameter, before its range is checked
MAX_CURSOR_LENGTH = 2000  # characters of a cursor (an Elasticsearch point-in-time id fits)
MAX_CURSOR_AGE_SECONDS = 24 * 3600  # a cursor older than this is refused as stale
# Days both engines store and sort exactly: tantivy keeps dates as i64 nanoseconds
# (1677-09-21 .. 2262-04-11) and orders by a key counting seconds from 1800 (engine/backends/
# tantivy_schema.py); Elasticsearch's `date` (epoch milliseconds) holds far more.
EARLIEST_DAY = date(1800, 1, 1)
LATEST_DAY = date(2261, 12, 31)
# Bars one histogram may have; every closed range in EARLIEST_DAY..LATEST_DAY fits as years.
MAX_HISTOGRAM_BUCKETS = 500


class RequestError(ValueError):
    """A search request outside what the engine accepts (bad sort, page size, cursor...)."""
# Entity curation (engine/entity_choices.py): a curated name is a facet value, so MAX_VALUE_LENGTH
# bounds it too. These bound the choices document every write and every page reads.
MAX_ENTITY_CHOICES = 20_000  # merges + renames + retypes + blocks, together
MAX_ENTITY_CHOICES_BYTES = 8_000_000  # size of the stored choices document
TYPE_COUNT_NAMES = 1000  # names per type-count aggregation (Backend.entity_type_counts): bounded buckets
