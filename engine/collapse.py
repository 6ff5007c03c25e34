"""Search by story: one hit per story, with the story's other versions listed (issue 11).

Written once over `Backend.search`, so both engines collapse the same way: hits are read in the
request's order (a page's worth with some room first, then SCAN_PAGE at a time, at most MAX_SCANNED),
and the first hit of each story stands for it (the best ranked for relevance; the newest or the
earliest version for the date sorts). A page past the stories the bound reaches says so
(`stories_note`, `stories_reachable`) rather than showing an empty page silently. The page's stories'
other versions come from one `story_articles` lookup, their counts from one `story_sizes` lookup, and
their snippets from one search of just those articles (highlighting every hit read cost more than the
rest of the page). The article total, the facet counts and the histogram stay counts of articles;
`stories_total` is the number of stories, so a view can say which it shows.

Counting stories exactly (the backend's `count_stories`) costs in proportion to the matches (about 5 us
each on a 1M-article tantivy index: 0.6 s when browsing everything), so above STORIES_COUNTED_UP_TO
matches the total is estimated from the hits the scan read (stories per article among them, times the
matches) and marked inexact ("about"), unless the request asks for exact counts. The engines scan the
same hits for the date sorts, so they give the same estimate there.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from newsfacet.engine.limits import MAX_PAGE_SIZE, RequestError
from newsfacet.engine.search import SearchRequest, SearchResult, StoryVersion

if TYPE_CHECKING:
    from newsfacet.engine.backends.base import Backend
    from newsfacet.engine.counts_memo import CountsMemo

SCAN_PAGE = MAX_PAGE_SIZE
# Hits read to fill a collapsed page: enough for several pages of stories with dozens of versions,
# bounded so a deep page never reads the whole result set.
MAX_SCANNED = 2_000
# Versions listed per story on a result page (the story page lists them all).
VERSIONS_LISTED = 10
# Matches up to which stories are counted exactly (about 25 ms at most); above, estimated from the scan.
STORIES_COUNTED_UP_TO = 5_000


def search_stories(backend: Backend, request: SearchRequest, counts: CountsMemo | None = None) -> SearchResult:
    """`backend.search(request)`, collapsed to one hit per story when `request.collapse` asks; the facet
    counts and histogram come from `counts` when an earlier page of the same search left them there."""
    def counted(search: SearchRequest) -> SearchResult:
        return counts.search(backend, search) if counts is not None else backend.search(search)

    if not request.collapse:
        return counted(request)
    if request.cursor:
        raise RequestError("collapsed results page by number, not by cursor; drop the cursor")
    wanted = request.offset + request.page_size
    first, hits, scanned, bounded = _scan(backend, request, wanted, counted)
    page_hits = hits[request.offset:wanted]
    _highlight(backend, request, page_hits)
    _list_versions(backend, page_hits)
    if first.total <= STORIES_COUNTED_UP_TO or request.exact:
        stories, exact = backend.count_stories(request)
    else:
        stories, exact = estimated_stories(first.total, scanned, len(hits)), False
    # Stopped at the bound short of this page: the page says how far collapsed paging reaches.
    reachable = len(hits) if bounded and len(hits) < wanted else None
    return replace(first, hits=page_hits, next_cursor=None, stories_total=stories, stories_exact=exact,
                   stories_reachable=reachable, stories_note=_reach_note(reachable, stories))


def estimated_stories(matches: int, scanned: int, stories_seen: int) -> int:
    """Stories among `matches` articles, from the `stories_seen` among the first `scanned` of them:
    never fewer than were seen, never more than the matches."""
    if scanned <= 0:
        return matches
    return min(matches, max(stories_seen, round(matches * stories_seen / scanned)))


def _scan(backend: Backend, request: SearchRequest, wanted: int,
          counted: Callable[[SearchRequest], SearchResult]) -> tuple[SearchResult, list, int, bool]:
    """(the first read, the first hit of each story in order, how many hits were read, whether
    MAX_SCANNED cut the scan)."""
    # The first read is sized to the page with room for some versions (each hit read costs a stored
    # document) and counts the facets; later reads take SCAN_PAGE hits at a time. Snippets are made
    # afterwards for the hits the page shows (_highlight), not for every hit read.
    opening = min(SCAN_PAGE, wanted + wanted // 2 + 10)
    first = counted(replace(request, page=1, page_size=opening, collapse=False, highlight=False))
    more = replace(request, page_size=SCAN_PAGE, collapse=False, highlight=False, facets=(), histogram=False)
    hits, shown = [], set()
    batch, scanned = first.hits, 0
    while True:
        for hit in batch:
            if hit.story_id not in shown:
                shown.add(hit.story_id)
                hits.append(hit)
        scanned += len(batch)
        if len(hits) >= wanted or scanned >= first.total or not batch:
            return first, hits, scanned, False
        if scanned >= MAX_SCANNED:
            return first, hits, scanned, True
        batch = backend.search(replace(more, page=scanned // SCAN_PAGE + 1)).hits[scanned % SCAN_PAGE:]


def _highlight(backend: Backend, request: SearchRequest, hits: list) -> None:
    """The page's hits get the snippets the request asks for, from one search of just those articles."""
    if not request.highlight or not hits or not request.query:
        return
    ids = tuple(hit.id for hit in hits)
    marked = backend.search(replace(request, ids=ids, page=1, page_size=len(ids), cursor=None, collapse=False,
                                    facets=(), histogram=False, exact=False))
    snippets = {hit.id: hit.snippet for hit in marked.hits}
    for hit in hits:
        hit.snippet = snippets.get(hit.id, hit.snippet)


def _reach_note(reachable: int | None, stories: int) -> str | None:
    if reachable is None:
        return None
    return (f"One-per-story pages reach only the {reachable:,} stories among the first {MAX_SCANNED:,} "
            f"matching articles, of {stories:,} stories in all. Narrow the search, sort another way, "
            f"or show every article to page further.")


def _list_versions(backend: Backend, hits: list) -> None:
    """Each hit's other versions, earliest first (outlet, date, headline, id), and how many there are."""
    stories = list(dict.fromkeys(hit.story_id for hit in hits))
    budget = len(stories) * (VERSIONS_LISTED + 1)
    members = backend.story_articles(stories, limit=budget)
    by_story: dict[str, list] = {}
    for article in members:
        by_story.setdefault(article.story_id, []).append(article)
    sizes = backend.story_sizes(stories)  # the exact counts, however large a story is
    for story in stories:
        # The shared lookup is earliest first over all the page's stories, so one large story can use
        # the whole budget: a story it cut short is read on its own, as far as a hit lists.
        if len(by_story.get(story, ())) < min(sizes.get(story, 0), VERSIONS_LISTED + 1):
            by_story[story] = backend.story_articles([story], limit=VERSIONS_LISTED + 1)
    for hit in hits:
        others = [a for a in by_story.get(hit.story_id, []) if a.id != hit.id]
        others.sort(key=lambda a: (a.published is None, a.published or 0, a.id))
        hit.versions = [StoryVersion(a.id, a.title, a.outlet, a.published) for a in others[:VERSIONS_LISTED]]
        hit.version_count = max(sizes.get(hit.story_id, 1) - 1, len(others))
