"""Reading every stored article of an embedded index, page by page, at a cost that does not grow with depth.

A reindex copies the whole index through this. Paging by offset asked tantivy for the best
offset + size hits of the whole index, so each page cost more than the last (18 ms a page at
offset 99k of 100k). Here a page is a window of sort keys, `low <= sort_key <= high`, a range
query on a fast field: each article has exactly one sort key, so it falls in exactly one window,
and the windows tile the keys from the smallest to the largest. Every article comes out exactly
once, whatever keys it shares with others (same second of the same day), with no list of ids seen
carried from page to page. One searcher serves the whole scan: a snapshot, so articles deleted
before it began are never read and writes during it are not seen.

The width of the next window is guessed from how many articles the last one held; a window holding
more than a page's worth is narrowed before any article in it is read, and an empty one jumps to the
next key that exists (undated articles sit far below the dated ones).
"""
from __future__ import annotations

from collections.abc import Callable, Iterator

import tantivy
from newsfacet.engine.backends.tantivy_schema import from_document
from newsfacet.engine.model import Article
from tantivy import Order, Query

# A window may hold up to this many pages' worth before it is narrowed: fewer retries than an
# exact fit, and the memory of one window stays bounded.
WINDOW_SLACK = 2
KeyRange = Callable[[int | None, int | None], Query]


def scan_pages(searcher: tantivy.Searcher, key_range: KeyRange, page_size: int) -> Iterator[list[Article]]:
    """Every article `searcher` holds, in ascending sort key order, about `page_size` at a time."""
    first, last = _edge_key(searcher, Order.Asc), _edge_key(searcher, Order.Desc)
    if first is None or last is None:
        return
    page_size = max(1, page_size)
    cap = page_size * WINDOW_SLACK
    width = max(1, (last - first + 1) * page_size // max(searcher.num_docs, 1))
    low = first
    while low is not None and low <= last:
        high = min(low + width - 1, last)
        found = searcher.search(key_range(low, high), cap, count=True, order_by_field="sort_key", order=Order.Asc)
        if found.count > cap and high > low:
            width = max(1, width * page_size // found.count)  # too many: narrow it and ask again
            continue
        if found.count > cap:  # more than `cap` articles share one key: page through that key alone
            yield from _one_key_pages(searcher, key_range(low, low), found.count, page_size)
        elif found.hits:
            yield [from_document(searcher.doc(address)) for _, address in found.hits]
        if high >= last:
            return
        # Aim the next window at one page: wider after a sparse one, narrower after a dense one.
        width = max(1, min(width * 4, width * page_size // max(found.count, 1)))
        low = high + 1 if found.count else _next_key(searcher, key_range(high + 1, None))


def _edge_key(searcher: tantivy.Searcher, order: Order) -> int | None:
    hits = searcher.search(Query.all_query(), 1, count=False, order_by_field="sort_key", order=order).hits
    return hits[0][0] if hits else None


def _next_key(searcher: tantivy.Searcher, above: Query) -> int | None:
    hits = searcher.search(above, 1, count=False, order_by_field="sort_key", order=Order.Asc).hits
    return hits[0][0] if hits else None


def _one_key_pages(searcher: tantivy.Searcher, one_key: Query, count: int, page_size: int) -> Iterator[list[Article]]:
    """The articles of a single sort key; tantivy orders equal keys by document address, so offsets
    within one key and one searcher are stable (only the size of that key bounds the cost)."""
    for offset in range(0, count, page_size):
        hits = searcher.search(one_key, page_size, count=False, offset=offset, order_by_field="sort_key",
                               order=Order.Asc).hits
        yield [from_document(searcher.doc(address)) for _, address in hits]
