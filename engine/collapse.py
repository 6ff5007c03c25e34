"""Search by story: one hit per story, with the story's other versions listed (issue 11).

Written once over `Backend.search`, so both engines collapse the same way: hits are read in the
request's order, SCAN_PAGE at a time and at most MAX_SCANNED, and the first hit of each story
stands for it (the best ranked for relevance; the newest or the earliest version for the date
sorts). The page's stories' other versions come from one `story_articles` lookup. The article
total, the facet counts and the histogram stay counts of articles; `stories_total` (the backend's
`count_stories`) is the number of stories, so a view can say which it shows.
"""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from newsfacet.engine.limits import MAX_PAGE_SIZE, RequestError
from newsfacet.engine.search import SearchRequest, SearchResult, StoryVersion
from newsfacet.engine.story_page import MAX_VERSIONS

if TYPE_CHECKING:
    from newsfacet.engine.backends.base import Backend

SCAN_PAGE = MAX_PAGE_SIZE
# Hits read to fill a collapsed page: enough for several pages of stories with dozens of versions,
# bounded so a deep page never reads the whole result set.
MAX_SCANNED = 2_000
# Versions listed per story on a result page (the story page lists them all).
VERSIONS_LISTED = 10


def search_stories(backend: Backend, request: SearchRequest) -> SearchResult:
    """`backend.search(request)`, collapsed to one hit per story when `request.collapse` asks."""
    if not request.collapse:
        return backend.search(request)
    if request.cursor:
        raise RequestError("collapsed results page by number, not by cursor; drop the cursor")
    wanted = request.offset + request.page_size
    scan = replace(request, page=1, page_size=SCAN_PAGE, collapse=False)
    first = backend.search(scan)
    hits, shown = [], set()
    result, page = first, 1
    while True:
        for hit in result.hits:
            if hit.story_id not in shown:
                shown.add(hit.story_id)
                hits.append(hit)
        scanned = page * SCAN_PAGE
        if len(hits) >= wanted or scanned >= min(first.total, MAX_SCANNED):
            break
        page += 1
        result = backend.search(replace(scan, page=page, facets=(), histogram=False))
    page_hits = hits[request.offset:wanted]
    _list_versions(backend, page_hits)
    stories, exact = backend.count_stories(request)
    return replace(first, hits=page_hits, next_cursor=None, stories_total=stories, stories_exact=exact)


def _list_versions(backend: Backend, hits: list) -> None:
    """Each hit's other versions, earliest first (outlet, date, headline, id), and how many there are."""
    stories = list(dict.fromkeys(hit.story_id for hit in hits))
    budget = len(stories) * (VERSIONS_LISTED + 1)
    members = backend.story_articles(stories, limit=budget)
    by_story: dict[str, list] = {}
    for article in members:
        by_story.setdefault(article.story_id, []).append(article)
    if len(members) >= budget:
        # The shared lookup is earliest first over all the page's stories, so one large story can use
        # the whole budget: then each story is read on its own, counted as far as the story page
        # lists (MAX_VERSIONS).
        for story in stories:
            by_story[story] = backend.story_articles([story], limit=MAX_VERSIONS + 1)
    for hit in hits:
        others = [a for a in by_story.get(hit.story_id, []) if a.id != hit.id]
        others.sort(key=lambda a: (a.published is None, a.published or 0, a.id))
        hit.versions = [StoryVersion(a.id, a.title, a.outlet, a.published) for a in others[:VERSIONS_LISTED]]
        hit.version_count = len(others)
